import { createDockerRunnerBackend } from "../src/backends/docker/index.js";
import { OctokitRunnerRegistry, createGitHubClient } from "../src/github/index.js";
import type { ActionRequest } from "../src/runner/config/request.js";
import { systemClock } from "../src/runner/lifecycle/clock.js";
import type { LifecycleDeps } from "../src/runner/lifecycle/deps.js";
import type { Reporter } from "../src/runner/lifecycle/reporter.js";

/** The real GitHub and Docker behind the lifecycle's interfaces. Contacts neither yet. */
export function createLifecycleDeps(request: ActionRequest, reporter: Reporter): LifecycleDeps {
  const logger = { info: (message: string) => reporter.info(message), warning: (message: string) => reporter.warning(message) };
  const clock = systemClock;
  const client = createGitHubClient({ token: request.github.token, baseUrl: request.github.apiUrl, logger });
  return {
    registry: new OctokitRunnerRegistry(client, { logger, clock }),
    backend: createDockerRunnerBackend(request.docker.input, { env: request.docker.env }),
    reporter,
    clock,
  };
}
