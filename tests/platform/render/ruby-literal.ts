/**
 * Reads the Ruby that `renderGitlabOmnibusConfig` writes back into values, for tests: `external_url '<url>'` and
 * `<setting>['<key>'] = <literal>` statements whose literals are single-quoted strings, numbers, booleans, arrays,
 * `'key' => value` hashes and `File.read('<path>').strip` (returned as `{ readFile: path }`). Anything else throws,
 * so unexpected Ruby cannot slip through.
 */
export type RubyData = string | number | boolean | { readonly readFile: string } | RubyData[] | { [key: string]: RubyData };

export function parseGitlabRb(text: string): Map<string, RubyData> {
  const statements = new Map<string, RubyData>();
  const starts = [...text.matchAll(/^(external_url |[a-z_]+\['[a-z_]+'\] = )/gm)];
  starts.forEach((match, i) => {
    const from = (match.index ?? 0) + match[0].length;
    const to = starts[i + 1]?.index ?? text.length;
    const name = match[0].replace(/ = $/, "").trim();
    if (statements.has(name)) throw new Error(`${name} is set twice`);
    statements.set(name, parseLiteral(text.slice(from, to)));
  });
  if (starts.length === 0 || (starts[0]?.index ?? 0) !== 0) throw new Error("gitlab.rb must start with a statement");
  return statements;
}

export function parseLiteral(source: string): RubyData {
  let at = 0;
  const skip = (): void => {
    while (at < source.length && /\s/.test(source[at] ?? "")) at += 1;
  };
  const expect = (token: string): void => {
    skip();
    if (!source.startsWith(token, at)) throw new Error(`expected ${token} at ${at}: ${source.slice(at, at + 30)}`);
    at += token.length;
  };
  const string = (): string => {
    expect("'");
    let out = "";
    while (at < source.length && source[at] !== "'") {
      if (source[at] === "\\" && (source[at + 1] === "'" || source[at + 1] === "\\")) at += 1;
      out += source[at];
      at += 1;
    }
    expect("'");
    return out;
  };
  const value = (): RubyData => {
    skip();
    const rest = source.slice(at);
    if (rest.startsWith("'")) return string();
    if (rest.startsWith("File.read(")) {
      at += "File.read(".length;
      const path = string();
      expect(").strip");
      return { readFile: path };
    }
    if (rest.startsWith("[")) {
      at += 1;
      const items: RubyData[] = [];
      skip();
      if (source[at] === "]") return (at += 1), items;
      for (;;) {
        items.push(value());
        skip();
        if (source[at] === ",") at += 1;
        else return expect("]"), items;
      }
    }
    if (rest.startsWith("{")) {
      at += 1;
      const hash: Record<string, RubyData> = {};
      skip();
      if (source[at] === "}") return (at += 1), hash;
      for (;;) {
        const key = string();
        expect("=>");
        hash[key] = value();
        skip();
        if (source[at] === ",") at += 1;
        else return expect("}"), hash;
      }
    }
    const word = /^(true|false|-?\d+(\.\d+)?)/.exec(rest);
    if (word === null) throw new Error(`not a literal at ${at}: ${rest.slice(0, 30)}`);
    at += word[0].length;
    return word[0] === "true" ? true : word[0] === "false" ? false : Number(word[0]);
  };
  const result = value();
  skip();
  if (at !== source.length) throw new Error(`trailing text after the literal: ${source.slice(at, at + 30)}`);
  return result;
}
