#!/usr/bin/env bash
# `npm run demo`: the main job on a fresh machine. Validates the dev stack, then runs the bundled GitHub Action exactly
# as GitHub runs it — start a just-in-time runner container, let it take one job, stop — against the local Docker
# engine and AutoGit's GitHub emulator on 127.0.0.1 (github.com is never contacted).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
. scripts/setup.sh
exec "$NODE24" node_modules/tsx/dist/cli.mjs scripts/demo.ts "$@"
