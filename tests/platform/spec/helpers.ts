import { fileURLToPath } from "node:url";
import { loadStackConfig, stackFilePath } from "../../../src/cli/stack-config.js";
import type { PlatformConfigIssue } from "../../../src/platform/spec/index.js";
import { PlatformConfigError, parsePlatformSpec } from "../../../src/platform/spec/index.js";

export const STACKS_DIR = fileURLToPath(new URL("../../../stacks/", import.meta.url));

/** The `autogit:` config of a shipped stack file, as a fresh mutable copy. */
export async function shippedStack(name: "dev" | "homelab" | "prod"): Promise<Record<string, unknown>> {
  return structuredClone(await loadStackConfig(stackFilePath(name, STACKS_DIR)));
}

/** The single error parsing `raw` throws; fails the test when it parses. */
export function parseError(raw: unknown): PlatformConfigError {
  try {
    parsePlatformSpec(raw);
  } catch (error) {
    if (error instanceof PlatformConfigError) return error;
    throw error;
  }
  throw new Error("expected the config to be rejected, but it parsed");
}

export function paths(issues: readonly PlatformConfigIssue[]): string[] {
  return issues.map((issue) => issue.path);
}

/** Index into parsed YAML without casts at every call site. */
export function at(value: unknown, ...path: (string | number)[]): Record<string, unknown> {
  let current = value;
  for (const segment of path) current = (current as Record<string | number, unknown>)[segment];
  return current as Record<string, unknown>;
}
