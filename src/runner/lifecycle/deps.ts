import type { RunnerBackend, RunnerRegistry } from "../ports.js";
import type { Clock } from "./clock.js";
import type { Reporter } from "./reporter.js";

/** The lifecycle's view of the world: GitHub, the Docker host, a log and a clock. */
export interface LifecycleDeps {
  readonly registry: RunnerRegistry;
  readonly backend: RunnerBackend;
  readonly reporter: Reporter;
  readonly clock: Clock;
}

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
