import { formatDuration } from "../config/duration.js";
import type { ActionRequest } from "../config/request.js";
import type { LifecycleDeps } from "./deps.js";
import { tearDown } from "./teardown.js";

export type StopInput = Pick<ActionRequest, "scope" | "stop">;

export interface StopResult {
  readonly removed: readonly string[];
}

/**
 * Removes the runner's registration and container, found by its label alone, so it works after a cancelled
 * start. Idempotent: what is already gone counts as removed. Fails only when something is left behind.
 */
export async function stopRunner(deps: LifecycleDeps, input: StopInput): Promise<StopResult> {
  const { reporter, clock } = deps;
  const label = input.stop.label;
  if (label === undefined) {
    reporter.warning(
      "stop: no label given, so there is nothing to stop. A start sets its label output before it creates anything, " +
        "so an empty label means that start created nothing; anything a start leaked is removed by mode: reap.",
    );
    return { removed: [] };
  }
  const report = await reporter.group(`Stop runner ${label}`, () =>
    tearDown(deps, {
      scope: input.scope,
      label,
      deadline: clock.now() + input.stop.timeoutSeconds * 1000,
      order: "registrations-first",
    }),
  );
  for (const line of report.removed) reporter.info(`removed ${line}`);
  if (report.leftBehind.length > 0) {
    throw new Error(
      `stop of runner ${label} left something behind (waited up to ${formatDuration(input.stop.timeoutSeconds)}, stop-timeout):\n` +
        report.leftBehind.map((line) => `  - ${line}`).join("\n"),
    );
  }
  if (report.removed.length === 0) {
    reporter.info(`runner ${label}: nothing left to remove (the ephemeral runner finished its job and removed itself)`);
  }
  return { removed: report.removed };
}
