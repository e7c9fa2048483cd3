/** Ruby literals for `gitlab.rb`: values are always escaped, never pasted into code. */

/** Ruby code to emit as is, e.g. reading a secret file at reconfigure time. */
export interface RubyCode {
  readonly ruby: string;
}

export type RubyValue = string | number | boolean | RubyCode | readonly RubyValue[] | { readonly [key: string]: RubyValue };

/** `'…'` with `\` and `'` escaped: a single-quoted Ruby string interpolates nothing. */
export function rubyString(value: string): string {
  return `'${value.replace(/\\/g, "\\\\").replace(/'/g, "\\'")}'`;
}

/** The contents of `path`, read when `gitlab-ctl reconfigure` evaluates gitlab.rb, trailing newline removed. */
export function rubyReadFile(path: string): RubyCode {
  return { ruby: `File.read(${rubyString(path)}).strip` };
}

/** A Ruby literal; hashes use `'key' => value` so any key is safe. */
export function rubyValue(value: RubyValue, indent = ""): string {
  if (typeof value === "string") return rubyString(value);
  if (typeof value === "number") {
    if (!Number.isFinite(value)) throw new Error(`cannot write ${value} into gitlab.rb`);
    return String(value);
  }
  if (typeof value === "boolean") return String(value);
  if (isCode(value)) return value.ruby;
  const inner = `${indent}  `;
  if (isList(value)) {
    if (value.length === 0) return "[]";
    return `[\n${value.map((item) => `${inner}${rubyValue(item, inner)}`).join(",\n")}\n${indent}]`;
  }
  const entries = Object.entries(value);
  if (entries.length === 0) return "{}";
  return `{\n${entries.map(([key, item]) => `${inner}${rubyString(key)} => ${rubyValue(item, inner)}`).join(",\n")}\n${indent}}`;
}

function isCode(value: RubyValue): value is RubyCode {
  return typeof value === "object" && !Array.isArray(value) && typeof (value as { ruby?: unknown }).ruby === "string" && Object.keys(value).length === 1;
}

function isList(value: RubyValue): value is readonly RubyValue[] {
  return Array.isArray(value);
}
