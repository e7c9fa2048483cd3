import { pbkdf2Sync, randomBytes } from "node:crypto";

/** Authelia's default for pbkdf2-sha512 client secret digests. */
export const PBKDF2_SHA512_ITERATIONS = 310_000;

/**
 * The `$pbkdf2-sha512$<iterations>$<salt>$<key>` digest Authelia accepts as an OIDC `client_secret`, so the
 * plain secret only reaches the client (GitLab). Salt and key use the crypt alphabet (`.` for `+`, no padding).
 * `salt` is for reproducible tests; leave it out to get 16 random bytes.
 */
export function pbkdf2Sha512Digest(secret: string, salt: Buffer = randomBytes(16), iterations: number = PBKDF2_SHA512_ITERATIONS): string {
  if (secret.length === 0) throw new Error("the OIDC client secret must not be empty");
  const key = pbkdf2Sync(secret, salt, iterations, 64, "sha512");
  return `$pbkdf2-sha512$${iterations}$${cryptBase64(salt)}$${cryptBase64(key)}`;
}

function cryptBase64(bytes: Buffer): string {
  return bytes.toString("base64").replace(/=+$/, "").replace(/\+/g, ".");
}
