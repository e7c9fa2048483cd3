/** One JSON event of Docker's image pull stream. */
export interface PullEvent {
  readonly status?: string;
  readonly id?: string;
  readonly progressDetail?: { readonly current?: number; readonly total?: number };
  readonly error?: string;
}

/**
 * Turns the pull stream into readable lines: every phase change as it happens, byte progress
 * summed over layers and printed at most once per `intervalMs`.
 */
export class PullProgress {
  private readonly bytes = new Map<string, { current: number; total: number }>();
  private lastSummary = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly emit: (line: string) => void,
    private readonly now: () => number = Date.now,
    private readonly intervalMs = 2000,
  ) {}

  onEvent(event: PullEvent): void {
    const status = event.status;
    if (status === undefined) return;
    if (status === "Downloading" || status === "Extracting") {
      const id = event.id ?? "";
      const current = event.progressDetail?.current ?? 0;
      const total = event.progressDetail?.total ?? 0;
      this.bytes.set(`${status}:${id}`, { current, total });
      const at = this.now();
      if (at - this.lastSummary >= this.intervalMs) {
        this.lastSummary = at;
        this.emit(this.summary(status));
      }
      return;
    }
    if (status === "Waiting") return;
    this.emit(event.id === undefined ? status : `${event.id}: ${status}`);
  }

  private summary(phase: "Downloading" | "Extracting"): string {
    let current = 0;
    let total = 0;
    let layers = 0;
    for (const [key, value] of this.bytes) {
      if (!key.startsWith(`${phase}:`)) continue;
      layers += 1;
      current += value.current;
      total += value.total;
    }
    return `${phase} ${layers} layer${layers === 1 ? "" : "s"}: ${megabytes(current)} of ${megabytes(total)}`;
  }
}

function megabytes(bytes: number): string {
  return `${(bytes / 1_000_000).toFixed(1)} MB`;
}
