/**
 * The last lines of a container's output, kept in memory so they can still be printed after an
 * auto-removed container is gone. Bounded in lines and in bytes per line.
 */
export class LogTail {
  private readonly lines: string[] = [];
  /** Unterminated last line per source, so stdout and stderr lines do not splice into each other. */
  private readonly partial = new Map<string, string>();

  constructor(
    private readonly maxLines = 500,
    private readonly maxLineLength = 4096,
    private readonly redact: readonly string[] = [],
  ) {}

  write(chunk: string | Buffer, source = "stdout"): void {
    const text = (this.partial.get(source) ?? "") + (typeof chunk === "string" ? chunk : chunk.toString("utf8"));
    const pieces = text.split(/\r?\n/);
    let rest = pieces.pop() ?? "";
    for (const line of pieces) this.push(line);
    if (rest.length > this.maxLineLength) {
      this.push(rest);
      rest = "";
    }
    this.partial.set(source, rest);
  }

  /** Flushes unterminated last lines. */
  end(): void {
    for (const rest of this.partial.values()) if (rest !== "") this.push(rest);
    this.partial.clear();
  }

  tail(count: number): readonly string[] {
    const open = [...this.partial.values()].filter((rest) => rest !== "").map((rest) => this.scrub(rest));
    const all = open.length === 0 ? this.lines : [...this.lines, ...open];
    return count <= 0 ? [] : all.slice(-count);
  }

  private push(line: string): void {
    this.lines.push(this.scrub(line.length > this.maxLineLength ? `${line.slice(0, this.maxLineLength)}…` : line));
    if (this.lines.length > this.maxLines) this.lines.splice(0, this.lines.length - this.maxLines);
  }

  private scrub(line: string): string {
    let out = line;
    for (const secret of this.redact) if (secret !== "") out = out.split(secret).join("***");
    return out;
  }
}
