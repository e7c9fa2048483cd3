import type { DockerPlatformSpec, DockerRunnerHost } from "./spec/index.js";
import { dockerHostUri, servedArches } from "./spec/index.js";

/**
 * The runner hosts of a Docker-target stack as the GitHub Action's inputs take them, so a workflow can read the
 * stack output `runnerFleet` and pass an entry straight to `docker-host`, `arch`, `gpu`, `gpu-count`, `labels`.
 */
export interface RunnerFleetEntry {
  /** The host's name in the stack (`runnerHosts[].name`). */
  readonly name: string;
  /** The `arch` input: the host's native arch. */
  readonly arch: string;
  /** Every arch the host can run: native first, then the emulated ones (each a valid `arch` input for this host). */
  readonly arches: readonly string[];
  /** The `gpu` input: `none`, `nvidia`, `amd` or `intel`. */
  readonly gpu: string;
  /** The `gpu-count` input: `all` or a number; `all` (the action's default) when the host has no GPU. */
  readonly gpuCount: string;
  /** The `gpu-groups` input: the host gids AMD/Intel device access needs (`gpu.groups`), comma-separated; empty otherwise. */
  readonly gpuGroups: string;
  /** The `docker-host` input: `unix:///var/run/docker.sock`, `ssh://user@host:port` or `tcp://host:port`. */
  readonly dockerHost: string;
  /**
   * The `labels` input: the host's own labels. The action adds `self-hosted`, `linux`, `autogit`, the arch and
   * the GPU labels itself, so they are not repeated here.
   */
  readonly labels: readonly string[];
}

/** One entry per runner host, in the order of the stack config. */
export function runnerFleet(spec: Pick<DockerPlatformSpec, "runnerHosts">): readonly RunnerFleetEntry[] {
  return spec.runnerHosts.map(fleetEntry);
}

/** The fleet entry of one runner host. */
export function fleetEntry(host: DockerRunnerHost): RunnerFleetEntry {
  return {
    name: host.name,
    arch: host.arch,
    arches: [...servedArches(host)],
    gpu: host.gpu?.vendor ?? "none",
    gpuCount: host.gpu === undefined ? "all" : String(host.gpu.count),
    gpuGroups: (host.gpu?.groups ?? []).join(","),
    dockerHost: dockerHostUri(host.connection),
    labels: [...host.labels],
  };
}

/** Arches a host runs under QEMU binfmt (served but not native); empty when nothing needs registering. */
export function emulatedArches(host: Pick<DockerRunnerHost, "arch" | "emulate">): readonly string[] {
  return servedArches(host).filter((arch) => arch !== host.arch);
}

/** Docker image platform of a host's native arch, e.g. `linux/arm64`: what its runner image is pulled for. */
export function hostPlatform(host: Pick<DockerRunnerHost, "arch">): string {
  return `linux/${host.arch}`;
}
