import { parseDockerHost } from "../../backends/docker/host.js";
import type { DockerHostEnv, DockerHostInput } from "../../backends/docker/host.js";

/** Where the Docker engine is, as given; `display` names it in messages (never a secret). */
export interface DockerTarget {
  readonly input: DockerHostInput;
  readonly env: DockerHostEnv;
  readonly display: string;
}

/**
 * Checks the docker-host inputs with the Docker backend's own parser, so the action rejects exactly what the
 * backend would, but before any side effect and together with every other problem. Returns the problem as text.
 */
export function dockerTarget(input: DockerHostInput, env: DockerHostEnv): DockerTarget | string {
  try {
    return { input, env, display: parseDockerHost(input, env).display };
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}
