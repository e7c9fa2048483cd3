/** Why a start was abandoned: the workflow was cancelled (the runner sent SIGINT or SIGTERM). */
export class CancelledError extends Error {
  constructor(readonly reason: string) {
    super(`cancelled (${reason})`);
    this.name = "CancelledError";
  }
}

/** Throws a CancelledError when `signal` has fired. */
export function throwIfCancelled(signal: AbortSignal | undefined): void {
  if (signal?.aborted === true) throw new CancelledError(reasonOf(signal));
}

/**
 * Settles with `work`, or rejects with a CancelledError as soon as `signal` fires. Only for work that creates
 * nothing (a ping, a pull, a read, a wait): a create is awaited to its end so its result can be torn down.
 */
export async function unlessCancelled<T>(signal: AbortSignal | undefined, work: Promise<T>): Promise<T> {
  if (signal === undefined) return work;
  throwIfCancelled(signal);
  let onAbort: (() => void) | undefined;
  const cancelled = new Promise<never>((_, reject) => {
    onAbort = () => reject(new CancelledError(reasonOf(signal)));
    signal.addEventListener("abort", onAbort, { once: true });
  });
  try {
    return await Promise.race([work, cancelled]);
  } finally {
    if (onAbort !== undefined) signal.removeEventListener("abort", onAbort);
  }
}

function reasonOf(signal: AbortSignal): string {
  const reason: unknown = signal.reason;
  return typeof reason === "string" ? reason : reason instanceof Error ? reason.message : "aborted";
}
