import * as pulumi from "@pulumi/pulumi";
import { CONFIG_NAMESPACE } from "../src/cli/stack-config.js";
import type { SecretRef } from "../src/platform/spec/index.js";

/**
 * The value behind a `SecretRef` as a Pulumi secret: `{ secret: key }` reads another `autogit:` key set with
 * `pulumi config set --secret`; `{ env: NAME }` reads the environment of the `pulumi up` process.
 */
export function resolveSecretRef(ref: SecretRef, path: string): pulumi.Output<string> {
  if ("secret" in ref) {
    return new pulumi.Config(CONFIG_NAMESPACE).requireSecret(ref.secret);
  }
  const value = process.env[ref.env];
  if (value === undefined || value === "") {
    throw new pulumi.RunError(`${path}: environment variable ${ref.env} is not set; export it before \`pulumi up\`, or use { secret: <key> } with \`pulumi config set --secret\``);
  }
  return pulumi.secret(value);
}
