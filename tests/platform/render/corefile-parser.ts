/**
 * A small Corefile reader for tests: server blocks, each a tree of directives (`name args… { children }`).
 * Enough of CoreDNS's Caddyfile syntax for what AutoGit writes: `#` comments, braces, whitespace-separated tokens.
 */
export interface Directive {
  readonly name: string;
  readonly args: readonly string[];
  readonly children: readonly Directive[];
}

export interface ServerBlock {
  /** Keys such as `lab.home.arpa:53` or `.:53`. */
  readonly keys: readonly string[];
  readonly directives: readonly Directive[];
}

export function parseCorefile(text: string): ServerBlock[] {
  const lines = text
    .split("\n")
    .map((line) => line.replace(/#.*$/, "").trim())
    .filter((line) => line !== "");
  let index = 0;
  const readBody = (): Directive[] => {
    const directives: Directive[] = [];
    while (index < lines.length) {
      const line = lines[index++] ?? "";
      if (line === "}") return directives;
      const opens = line.endsWith("{");
      const [name = "", ...args] = (opens ? line.slice(0, -1) : line).trim().split(/\s+/);
      directives.push({ name, args, children: opens ? readBody() : [] });
    }
    throw new Error("unbalanced braces: a block is never closed");
  };
  const blocks: ServerBlock[] = [];
  while (index < lines.length) {
    const line = lines[index++] ?? "";
    if (!line.endsWith("{")) throw new Error(`expected a server block, got "${line}"`);
    blocks.push({ keys: line.slice(0, -1).trim().split(/\s+/), directives: readBody() });
  }
  return blocks;
}

export function directive(block: ServerBlock, name: string): Directive | undefined {
  return block.directives.find((entry) => entry.name === name);
}
