import { formatDuration } from "../config/duration.js";
import type { RunnerScope } from "../ports.js";
import { throwIfCancelled, unlessCancelled } from "./cancel.js";
import type { LifecycleDeps } from "./deps.js";

export interface WaitTarget {
  readonly scope: RunnerScope;
  readonly runnerId: number;
  readonly runnerName: string;
  readonly containerId: string;
  readonly timeoutSeconds: number;
  /** Stops the wait with a CancelledError when the workflow is cancelled. */
  readonly signal?: AbortSignal;
}

const FIRST_DELAY_MS = 500;
const MAX_DELAY_MS = 10_000;

/**
 * Polls GitHub until the runner is online, with a growing delay and a deadline. Gives up early when the
 * container stops or the registration disappears: waiting longer could not help.
 */
export async function waitForOnline(deps: LifecycleDeps, target: WaitTarget): Promise<void> {
  const { registry, backend, reporter, clock } = deps;
  const started = clock.now();
  const deadline = started + target.timeoutSeconds * 1000;
  let delay = FIRST_DELAY_MS;
  for (;;) {
    const runner = await unlessCancelled(target.signal, registry.getRunner(target.scope, target.runnerId));
    if (runner === undefined) {
      throw new Error(`runner ${target.runnerName} was deleted at GitHub before it came online (removed by someone else, or by a reaper)`);
    }
    if (runner.status === "online") {
      reporter.info(`runner ${target.runnerName} is online after ${seconds(clock.now() - started)} s`);
      return;
    }
    const container = await unlessCancelled(target.signal, backend.inspect(target.containerId));
    if (container === undefined || container.state === "exited") {
      throw new Error(
        `runner container ${target.runnerName} ${container === undefined ? "is gone" : "exited"} before the runner came online; ` +
          "check that the image has /home/runner/run.sh and that the Docker host reaches GitHub",
      );
    }
    const now = clock.now();
    if (now >= deadline) {
      throw new Error(
        `runner ${target.runnerName} did not come online within ${formatDuration(target.timeoutSeconds)} (start-timeout); ` +
          "check the container's log above, that the Docker host reaches GitHub, and raise start-timeout if the image is slow to start",
      );
    }
    reporter.info(`waiting for runner ${target.runnerName} to come online (${seconds(now - started)} s / ${target.timeoutSeconds} s)`);
    await clock.sleep(Math.min(delay, deadline - now), target.signal);
    throwIfCancelled(target.signal);
    delay = Math.min(delay * 1.5, MAX_DELAY_MS);
  }
}

const seconds = (milliseconds: number): number => Math.round(milliseconds / 1000);
