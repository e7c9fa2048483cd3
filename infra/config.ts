import * as pulumi from "@pulumi/pulumi";
import { PlatformConfigError, parsePlatformSpec, platformConfigFromEntries } from "../src/platform/spec/index.js";
import type { PlatformSpec } from "../src/platform/spec/index.js";

/**
 * Reads the `autogit:` namespace of the current stack and validates it once into a `PlatformSpec`.
 * A bad config fails here, before any resource is declared, with one error that lists every problem by path.
 * The whole namespace is read (not only the known keys) so `{ secret: <key> }` references can be checked.
 */
export function readPlatformSpec(): PlatformSpec {
  try {
    return parsePlatformSpec(platformConfigFromEntries(pulumi.runtime.allConfig()));
  } catch (error) {
    // RunError: Pulumi prints the message alone, without a stack trace users do not need.
    if (error instanceof PlatformConfigError) throw new pulumi.RunError(error.message);
    throw error;
  }
}
