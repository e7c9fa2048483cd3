import type { ContainerCreateOptions } from "dockerode";
import { ContainerLabel } from "../../runner/ports.js";
import type { Arch, RunnerContainerSpec } from "../../runner/ports.js";
import { WRAPPER_PATH } from "./entrypoint.js";
import { gpuHostConfig } from "./gpu.js";

export function platformOf(arch: Arch): string {
  return `linux/${arch}`;
}

const CONTAINER_NAME = /^[a-zA-Z0-9][a-zA-Z0-9_.-]{0,127}$/;

/**
 * The create request for a runner container. Nothing secret goes in here: the JIT config and the
 * wrapper arrive later by archive put, so `docker inspect` cannot show them.
 */
export function runnerCreateOptions(spec: RunnerContainerSpec): ContainerCreateOptions {
  if (!CONTAINER_NAME.test(spec.name)) {
    throw new Error(
      `name ${JSON.stringify(spec.name)} is not a valid container name: use letters, digits, "_", "." and "-", starting with a letter or digit, at most 128 characters.`,
    );
  }
  for (const [key, value] of Object.entries(spec.labels)) {
    if (spec.encodedJitConfig !== "" && (key.includes(spec.encodedJitConfig) || value.includes(spec.encodedJitConfig))) {
      throw new Error(`labels.${key} contains the JIT config; labels are visible to anyone who can inspect the container.`);
    }
  }
  const { cpus, memoryBytes, pidsLimit } = spec.limits;
  positive(cpus, "limits.cpus");
  positive(memoryBytes, "limits.memoryBytes");
  positive(pidsLimit, "limits.pidsLimit");

  return {
    name: spec.name,
    platform: platformOf(spec.arch),
    Image: spec.image,
    Entrypoint: ["/bin/sh", WRAPPER_PATH],
    Cmd: [],
    Labels: { ...spec.labels, [ContainerLabel.managed]: "true" },
    AttachStdout: true,
    AttachStderr: true,
    Tty: false,
    OpenStdin: false,
    HostConfig: {
      AutoRemove: true,
      Init: true,
      Privileged: false,
      ...(spec.network !== undefined && { NetworkMode: spec.network }),
      ...(cpus !== undefined && { NanoCpus: Math.round(cpus * 1e9) }),
      ...(memoryBytes !== undefined && { Memory: memoryBytes }),
      ...(pidsLimit !== undefined && { PidsLimit: pidsLimit }),
      ...gpuHostConfig(spec.gpu),
    },
  };
}

function positive(value: number | undefined, field: string): void {
  if (value !== undefined && !(Number.isFinite(value) && value > 0)) {
    throw new Error(`${field} must be a positive number (got ${value}); leave it out for no limit.`);
  }
}
