import * as core from "@actions/core";

export interface Cancellation {
  /** Fires on the first SIGINT or SIGTERM. */
  readonly signal: AbortSignal;
  /** Stops listening; the process's default signal handling returns. */
  dispose(): void;
}

const SIGNALS = ["SIGINT", "SIGTERM"] as const;

/**
 * A cancelled workflow sends the step SIGINT, then SIGTERM. While listening, neither ends the process:
 * the first aborts the signal (a start tears down what it created), later ones are logged.
 */
export function listenForCancel(what: string, target: NodeJS.Process = process): Cancellation {
  const controller = new AbortController();
  const handler = (name: NodeJS.Signals): void => {
    if (controller.signal.aborted) {
      core.info(`received ${name} again; still ${what} before exiting`);
      return;
    }
    core.warning(`received ${name}: the workflow was cancelled; ${what} before exiting`);
    controller.abort(name);
  };
  for (const name of SIGNALS) target.on(name, handler);
  return {
    signal: controller.signal,
    dispose: () => {
      for (const name of SIGNALS) target.off(name, handler);
    },
  };
}
