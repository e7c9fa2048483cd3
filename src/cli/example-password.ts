import * as crypto from "node:crypto";
import type { PlatformSpec } from "../platform/spec/index.js";

/** The password whose hash the shipped example stacks carry (stacks/Pulumi.dev.yaml says so next to it). */
export const EXAMPLE_PASSWORD = "change-me-now";

/** The argon2id hash of EXAMPLE_PASSWORD in stacks/Pulumi.dev.yaml: recognised without argon2 support in Node (< 24.7). */
export const EXAMPLE_PASSWORD_HASHES: readonly string[] = [
  "$argon2id$v=19$m=65536,t=3,p=4$0t1aQuW41W5vD/f2hsybrQ$zrgRD+pAdXGCAMdAy+2BIOshur1AMvTohl2pwYaUzeM",
];

// A stack file may name any cost; beyond Authelia's own maxima it is not worth verifying (1 GiB, 16 passes).
const MAX_MEMORY_KIB = 1_048_576;
const MAX_PASSES = 16;
const PHC = /^\$(argon2id|argon2i|argon2d)\$v=19\$m=(\d+),t=(\d+),p=(\d+)\$([A-Za-z0-9+/]+)\$([A-Za-z0-9+/]+)$/;
const ALGORITHMS = ["argon2id", "argon2i", "argon2d"] as const;

/**
 * Whether an argon2 hash in PHC form (`$argon2id$v=19$m=…,t=…,p=…$salt$hash`, as Authelia writes it) is the hash of
 * `password`. `undefined` when it cannot tell: another scheme (bcrypt), costs out of range, or a Node without
 * `crypto.argon2Sync`.
 */
export function argon2Verifies(hash: string, password: string): boolean | undefined {
  const match = PHC.exec(hash);
  if (match === null || !("argon2Sync" in crypto)) return undefined;
  const [, name = "", memory = "", passes = "", parallelism = "", salt = "", expected = ""] = match;
  const algorithm = ALGORITHMS.find((known) => known === name);
  if (algorithm === undefined || Number(memory) > MAX_MEMORY_KIB || Number(passes) > MAX_PASSES) return undefined;
  const tag = Buffer.from(expected, "base64");
  try {
    const computed = crypto.argon2Sync(algorithm, {
      message: password,
      nonce: Buffer.from(salt, "base64"),
      parallelism: Number(parallelism),
      tagLength: tag.length,
      memory: Number(memory),
      passes: Number(passes),
    });
    return crypto.timingSafeEqual(computed, tag);
  } catch (error) {
    // Parameters argon2 refuses (salt under 8 bytes, memory under 8×p): Authelia would refuse the hash too.
    if ((error as NodeJS.ErrnoException).code?.startsWith("ERR_") === true) return undefined;
    throw error;
  }
}

/** One warning per SSO user whose password is the shipped example password, with how to make a hash of their own. */
export function examplePasswordWarnings(spec: PlatformSpec): string[] {
  return spec.sso.users.flatMap((user, index) => {
    const isExample = EXAMPLE_PASSWORD_HASHES.includes(user.passwordHash) || argon2Verifies(user.passwordHash, EXAMPLE_PASSWORD) === true;
    if (!isExample) return [];
    return [
      `sso.users[${index}].passwordHash (${user.username}) is the hash of the example password "${EXAMPLE_PASSWORD}", which anyone can read in this repository; ` +
        `make your own with \`docker run --rm -it authelia/authelia:${spec.versions.authelia} authelia crypto hash generate argon2\` and paste the printed $argon2id$… line as passwordHash`,
    ];
  });
}
