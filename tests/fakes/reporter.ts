import type { Reporter } from "../../src/runner/lifecycle/reporter.js";

/** Keeps every line, masking secrets the way the Actions runner does. */
export class RecordingReporter implements Reporter {
  readonly lines: string[] = [];
  readonly secrets: string[] = [];

  info(message: string): void {
    this.lines.push(this.masked(message));
  }

  warning(message: string): void {
    this.lines.push(`warning: ${this.masked(message)}`);
  }

  mask(secret: string): void {
    this.secrets.push(secret);
  }

  async group<T>(title: string, work: () => Promise<T>): Promise<T> {
    this.lines.push(`## ${this.masked(title)}`);
    return work();
  }

  /** The warnings, without their `warning: ` prefix. */
  get warnings(): string[] {
    return this.lines.filter((line) => line.startsWith("warning: ")).map((line) => line.slice("warning: ".length));
  }

  get text(): string {
    return this.lines.join("\n");
  }

  private masked(message: string): string {
    return this.secrets.reduce((text, secret) => text.split(secret).join("***"), message);
  }
}
