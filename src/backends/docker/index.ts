import { readFileSync } from "node:fs";
import { DockerRunnerBackend } from "./backend.js";
import type { DockerRunnerBackendOptions } from "./backend.js";
import { createDockerClient } from "./connection.js";
import type { ReadKeyFile } from "./connection.js";
import { parseDockerHost } from "./host.js";
import type { DockerHostEnv, DockerHostInput } from "./host.js";

export { DockerRunnerBackend } from "./backend.js";
export type { DockerRunnerBackendOptions } from "./backend.js";
export { DockerHostField, parseDockerHost } from "./host.js";
export type { DockerEndpoint, DockerHostEnv, DockerHostInput } from "./host.js";
export { gpuHostConfig } from "./gpu.js";
export type { GpuHostConfig } from "./gpu.js";
export { renderEntrypoint, WrapperExit } from "./entrypoint.js";

export interface CreateDockerRunnerBackendOptions extends DockerRunnerBackendOptions {
  readonly env?: DockerHostEnv;
  readonly readFile?: ReadKeyFile;
}

/** A backend for the engine named by `docker-host` (or DOCKER_HOST, or the local socket). Does not contact it yet. */
export function createDockerRunnerBackend(
  input: DockerHostInput,
  options: CreateDockerRunnerBackendOptions = {},
): DockerRunnerBackend {
  const { env = process.env, readFile = (path: string) => readFileSync(path, "utf8"), ...backendOptions } = options;
  const endpoint = parseDockerHost(input, env);
  return new DockerRunnerBackend(createDockerClient(endpoint, readFile), endpoint.display, backendOptions);
}
