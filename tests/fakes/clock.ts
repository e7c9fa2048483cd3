import type { Clock } from "../../src/runner/lifecycle/clock.js";

interface Timer {
  readonly at: number;
  readonly run: () => void;
}

/** Virtual time: `sleep` jumps forward at once and fires whatever was scheduled up to then. */
export class FakeClock implements Clock {
  private current: number;
  private timers: Timer[] = [];

  constructor(start = Date.parse("2026-11-23T00:00:00Z")) {
    this.current = start;
  }

  now(): number {
    return this.current;
  }

  async sleep(milliseconds: number): Promise<void> {
    this.advance(Math.max(0, milliseconds));
    await Promise.resolve();
  }

  /** Runs `run` once virtual time reaches now + `milliseconds`. */
  schedule(milliseconds: number, run: () => void): void {
    this.timers.push({ at: this.current + milliseconds, run });
  }

  advance(milliseconds: number): void {
    const target = this.current + milliseconds;
    for (;;) {
      const due = this.timers.filter((timer) => timer.at <= target).sort((a, b) => a.at - b.at)[0];
      if (due === undefined) break;
      this.timers = this.timers.filter((timer) => timer !== due);
      this.current = Math.max(this.current, due.at);
      due.run();
    }
    this.current = target;
  }
}
