import { setTimeout as delay } from "node:timers/promises";

/** Time as the lifecycle sees it, so waits can be driven by a virtual clock in tests. */
export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number;
  /** Resolves after `milliseconds`, or early (without error) once `signal` fires. */
  sleep(milliseconds: number, signal?: AbortSignal): Promise<void>;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  sleep: async (milliseconds, signal) => {
    if (signal?.aborted === true) return;
    // An aborted timer rejects with AbortError; the caller checks the signal itself.
    await delay(milliseconds, undefined, signal === undefined ? {} : { signal }).catch((error: unknown) => {
      if (!(error instanceof Error && error.name === "AbortError")) throw error;
    });
  },
};
