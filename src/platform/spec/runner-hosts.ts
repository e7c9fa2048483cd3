import { sharedRunnerLabels } from "../../runner/naming.js";
import type { Arch } from "../../runner/ports.js";
import { DEFAULT_DOCKER_HOST } from "./defaults.js";
import type { DockerConnection, HostGpuVendor, RunnerHostBase, RunnerPool } from "./types.js";

/**
 * Pure derivations from a runner host, shared by both targets and the action-fleet output so the tags GitLab
 * sees, the labels GitHub sees and the arches QEMU is set up for never disagree.
 */

/** Native arch first, then the emulated ones. */
export function servedArches(host: Pick<RunnerHostBase, "arch" | "emulate">): readonly Arch[] {
  return [host.arch, ...host.emulate.filter((arch) => arch !== host.arch)];
}

/** GitLab runner tags: `arch:<a>` per served arch, `gpu` and `gpu:<vendor>` with a GPU, then the host's labels. */
export function gitlabRunnerTags(host: RunnerHostBase): readonly string[] {
  return unique([
    ...servedArches(host).map((arch) => `arch:${arch}`),
    ...(host.gpu === undefined ? [] : ["gpu", `gpu:${host.gpu.vendor}`]),
    ...host.labels,
  ]);
}

/**
 * GitHub labels a runner on this host can carry: the action's own labels (`sharedRunnerLabels`, which `runnerLabels`
 * puts after the per-runner unique label) for every served arch: `self-hosted`, `autogit`, `Linux`, GitHub's arch label
 * of each served arch (`X64`, `ARM64`, `RISCV64`), `gpu` and `gpu-<vendor>` with a GPU, then the host's labels.
 */
export function githubRunnerLabels(host: RunnerHostBase): readonly string[] {
  return sharedRunnerLabels({ arches: servedArches(host), gpu: host.gpu?.vendor ?? "none", extra: host.labels });
}

/** The Docker host URI of a connection, in the form `DOCKER_HOST` and the action's `docker-host` input take. */
export function dockerHostUri(connection: DockerConnection): string {
  switch (connection.kind) {
    case "local":
      return DEFAULT_DOCKER_HOST;
    case "ssh":
      return `ssh://${connection.user === undefined ? "" : `${connection.user}@`}${connection.host}:${connection.port}`;
    case "tcp":
      return `tcp://${connection.host}:${connection.port}`;
  }
}

/** Device-plugin resource name a GPU is requested by on Kubernetes. */
export function gpuResourceName(vendor: HostGpuVendor): string {
  switch (vendor) {
    case "nvidia":
      return "nvidia.com/gpu";
    case "amd":
      return "amd.com/gpu";
    case "intel":
      return "gpu.intel.com/i915";
  }
}

/** Node selector of a runner pool: its native arch plus the pool's extra labels. */
export function poolNodeSelector(pool: RunnerPool): Readonly<Record<string, string>> {
  return { ...pool.nodeSelector, "kubernetes.io/arch": pool.arch };
}

function unique(values: readonly string[]): string[] {
  return [...new Set(values)];
}
