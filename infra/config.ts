import * as pulumi from "@pulumi/pulumi";
import { CONFIG_NAMESPACE } from "../src/cli/stack-config.js";
import { PLATFORM_CONFIG_KEYS, PlatformConfigError, parsePlatformSpec } from "../src/platform/spec/index.js";
import type { PlatformSpec } from "../src/platform/spec/index.js";

/**
 * Reads every `autogit:` key of the current stack and validates them once into a `PlatformSpec`.
 * A bad config fails here, before any resource is declared, with one error that lists every problem by path.
 */
export function readPlatformSpec(): PlatformSpec {
  const config = new pulumi.Config(CONFIG_NAMESPACE);
  const raw: Record<string, unknown> = {};
  for (const key of PLATFORM_CONFIG_KEYS) {
    const value = readValue(config, key);
    if (value !== undefined) raw[key] = value;
  }
  try {
    return parsePlatformSpec(raw);
  } catch (error) {
    // RunError: Pulumi prints the message alone, without a stack trace users do not need.
    if (error instanceof PlatformConfigError) throw new pulumi.RunError(error.message);
    throw error;
  }
}

/** Structured values (objects, arrays) come back as JSON; scalars as strings. */
function readValue(config: pulumi.Config, key: string): unknown {
  const text = config.get(key);
  if (text === undefined) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    // Not JSON: a plain string such as `docker` or `lab.home.arpa`.
    return text;
  }
}
