import { readFile } from "node:fs/promises";
import { isAbsolute, join, resolve } from "node:path";
import { parse } from "yaml";
import { CONFIG_NAMESPACE } from "../platform/spec/index.js";

export { CONFIG_NAMESPACE };


/**
 * `dev` → `<stacksDir>/Pulumi.dev.yaml`; anything that looks like a path (has a slash or ends in .yaml/.yml)
 * is taken as is.
 */
export function stackFilePath(stackOrPath: string, stacksDir = "stacks"): string {
  if (/[\\/]/.test(stackOrPath) || /\.ya?ml$/.test(stackOrPath)) return isAbsolute(stackOrPath) ? stackOrPath : resolve(stackOrPath);
  return resolve(join(stacksDir, `Pulumi.${stackOrPath}.yaml`));
}

/**
 * The `autogit:` entries of a stack's `config:`, prefix removed: `{ target: "docker", runnerHosts: [...] }`.
 * Secret values stay in Pulumi's `{ secure: "v1:…" }` form. Throws naming the file for a missing file, bad YAML
 * or a file that is not a stack file.
 */
export async function loadStackConfig(path: string): Promise<Record<string, unknown>> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") {
      throw new Error(`${path}: no such stack file; create it with \`pulumi stack init <name>\` or pass the path of an existing Pulumi.<stack>.yaml`, {
        cause: error,
      });
    }
    throw error;
  }
  return stackConfigFromYaml(text, path);
}

/** As `loadStackConfig`, from the file's text. */
export function stackConfigFromYaml(text: string, path: string): Record<string, unknown> {
  let document: unknown;
  try {
    document = parse(text, { prettyErrors: true });
  } catch (error) {
    throw new Error(`${path}: not valid YAML: ${(error as Error).message}`, { cause: error });
  }
  if (document === null || document === undefined) return {};
  if (typeof document !== "object" || Array.isArray(document)) throw new Error(`${path}: a stack file is a mapping with a config: key`);
  const config: unknown = (document as Record<string, unknown>)["config"];
  if (config === undefined || config === null) return {};
  if (typeof config !== "object" || Array.isArray(config)) throw new Error(`${path}: config: must be a mapping of <namespace>:<key> entries`);
  const out: Record<string, unknown> = {};
  const prefix = `${CONFIG_NAMESPACE}:`;
  for (const [key, value] of Object.entries(config as Record<string, unknown>)) {
    if (key.startsWith(prefix)) out[key.slice(prefix.length)] = value;
  }
  return out;
}
