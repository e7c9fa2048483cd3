import { CONFIG_NAMESPACE } from "./namespace.js";

/**
 * The `autogit:` namespace from a flat map of config entries, as Pulumi hands a program its config
 * (`pulumi.runtime.allConfig()`: `"autogit:dns" → '{"lanAddress":"…"}'`). Structured values arrive as JSON
 * text and are parsed; scalars stay strings (a numeric-looking secret must not turn into a number).
 */
export function platformConfigFromEntries(entries: Readonly<Record<string, string>>): Record<string, unknown> {
  const prefix = `${CONFIG_NAMESPACE}:`;
  const out: Record<string, unknown> = {};
  for (const [key, text] of Object.entries(entries)) {
    if (!key.startsWith(prefix)) continue;
    out[key.slice(prefix.length)] = /^\s*[[{]/.test(text) ? parseStructured(key, text) : text;
  }
  return out;
}

function parseStructured(key: string, text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new Error(`${key} looks like structured config but is not valid JSON; set it again with \`pulumi config set --path\``, { cause: error });
  }
}
