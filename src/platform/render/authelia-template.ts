import { stringify } from "yaml";

/**
 * Authelia's `template` config filter (`X_AUTHELIA_CONFIG_FILTERS=template`) expands `{{ … }}` in the file
 * text before the YAML is parsed. These helpers put such expressions in a rendered config and serialize it so
 * the expansion lands as valid YAML.
 */

/**
 * A single-line secret read from `path`; serialized inside single quotes, as Authelia's docs show, so the value
 * must not contain a `'` (digests and base64 never do).
 */
export function secretTemplate(path: string): string {
  return `{{ secret "${templatePath(path)}" }}`;
}

// The indent is a placeholder: `autheliaConfigYaml` sets it from the key's column once the YAML is laid out.
const MULTILINE = /^(\s*)(- )?([A-Za-z_]+): '(\{\{ secret "[^"]+" \| mindent )0( "\|" \| msquote \}\})'$/gm;

/** A multi-line secret (a PEM key) read from `path`; serialized unquoted as a `|` block at the right indent. */
export function multilineSecretTemplate(path: string): string {
  return `{{ secret "${templatePath(path)}" | mindent 0 "|" | msquote }}`;
}

/** YAML text of an Authelia config holding `secretTemplate`/`multilineSecretTemplate` values, ready to mount. */
export function autheliaConfigYaml(config: unknown): string {
  const text = stringify(config, { singleQuote: true, lineWidth: 0 });
  return text.replace(MULTILINE, (_match, lead: string, dash: string | undefined, key: string, head: string, tail: string) => {
    const column = lead.length + (dash === undefined ? 0 : dash.length);
    return `${lead}${dash ?? ""}${key}: ${head}${column + 2}${tail}`;
  });
}

function templatePath(path: string): string {
  if (!path.startsWith("/") || /["\\{}\s]/.test(path)) {
    throw new Error(`secret file path "${path}" must be absolute and free of quotes, backslashes, braces and spaces to sit in an Authelia template`);
  }
  return path;
}
