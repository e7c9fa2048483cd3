import { readFileSync } from "node:fs";

/**
 * A test stand-in for Authelia's `template` filter, for the functions AutoGit's configs use: `secret "<path>"`
 * (file content, trailing newlines removed), `mindent N "<indicator>"` (a multi-line value becomes the indicator
 * and its lines indented by N) and `msquote` (a single-line value is wrapped in single quotes, unescaped).
 */
export function expandAutheliaTemplates(text: string, read: (path: string) => string = (path) => readFileSync(path, "utf8")): string {
  return text.replace(/\{\{\s*(.+?)\s*\}\}/g, (_match, pipeline: string) => {
    // Pipes outside double quotes separate the stages.
    const stages = pipeline.split(/\s*\|\s*(?=(?:[^"]*"[^"]*")*[^"]*$)/);
    let value: string | undefined;
    for (const stage of stages) {
      const secret = /^secret "([^"]+)"$/.exec(stage);
      const mindent = /^mindent (\d+) "([^"]*)"$/.exec(stage);
      if (secret !== null) {
        value = read(secret[1] ?? "").replace(/\n+$/, "");
      } else if (mindent !== null && value !== undefined) {
        const indent = " ".repeat(Number(mindent[1]));
        value = value.includes("\n") ? `${mindent[2] ?? ""}\n${value.split("\n").map((line) => `${indent}${line}`).join("\n")}` : value;
      } else if (stage === "msquote" && value !== undefined) {
        // Like sprig's squote, which Authelia's msquote builds on: no escaping of quotes inside.
        value = value.includes("\n") ? value : `'${value}'`;
      } else {
        throw new Error(`template stage not understood by the test expander: ${stage}`);
      }
    }
    if (value === undefined) throw new Error(`empty template pipeline: ${pipeline}`);
    return value;
  });
}
