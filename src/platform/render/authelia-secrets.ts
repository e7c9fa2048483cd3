import { AUTHELIA_PATHS } from "./defaults.js";

/**
 * Authelia's secrets, each a file infra mounts: four through Authelia's `*_FILE` environment variables, and the
 * two that live inside lists (the OIDC signing key and the GitLab client's secret digest), which have no variable,
 * through the `template` config filter's `{{ secret "<path>" }}`.
 */

export const AutheliaSecret = {
  resetPasswordJwt: "reset-password-jwt-secret",
  session: "session-secret",
  storageEncryptionKey: "storage-encryption-key",
  oidcHmac: "oidc-hmac-secret",
  /** PEM RSA private key (2048+ bits) signing ID tokens. */
  oidcJwksKey: "oidc-jwks-rsa.pem",
  /** `$pbkdf2-sha512$…` digest of the GitLab client's secret (see `pbkdf2Sha512Digest`); GitLab gets the plain value. */
  oidcGitlabClientSecretDigest: "oidc-gitlab-client-secret.digest",
} as const;
export type AutheliaSecret = (typeof AutheliaSecret)[keyof typeof AutheliaSecret];

/** The `*_FILE` variable of each secret that has one (Authelia 4.39 names). */
export const AUTHELIA_SECRET_ENV = {
  [AutheliaSecret.resetPasswordJwt]: "AUTHELIA_IDENTITY_VALIDATION_RESET_PASSWORD_JWT_SECRET_FILE",
  [AutheliaSecret.session]: "AUTHELIA_SESSION_SECRET_FILE",
  [AutheliaSecret.storageEncryptionKey]: "AUTHELIA_STORAGE_ENCRYPTION_KEY_FILE",
  [AutheliaSecret.oidcHmac]: "AUTHELIA_IDENTITY_PROVIDERS_OIDC_HMAC_SECRET_FILE",
} as const;

/** Enables the `template` filter the list-held secrets need. */
export const AUTHELIA_CONFIG_FILTERS_ENV = "X_AUTHELIA_CONFIG_FILTERS";

export interface AutheliaSecretFile {
  readonly secret: AutheliaSecret;
  /** Path inside the container. */
  readonly path: string;
  /** The `*_FILE` variable naming it, or undefined when the config reads it with `{{ secret }}`. */
  readonly env: string | undefined;
  /** What the file must hold. */
  readonly format: string;
}

const FORMATS: Readonly<Record<AutheliaSecret, string>> = {
  [AutheliaSecret.resetPasswordJwt]: "random string, 64+ characters",
  [AutheliaSecret.session]: "random string, 64+ characters",
  [AutheliaSecret.storageEncryptionKey]: "random string, 64+ characters; changing it makes the database unreadable",
  [AutheliaSecret.oidcHmac]: "random string, 64+ characters",
  [AutheliaSecret.oidcJwksKey]: "PEM RSA private key, 2048 bits or more",
  [AutheliaSecret.oidcGitlabClientSecretDigest]: "pbkdf2-sha512 digest of the GitLab client secret",
};

/** Every secret file Authelia needs, with its path under `secretsDir` and how Authelia finds it. */
export function autheliaSecretFiles(secretsDir: string = AUTHELIA_PATHS.secretsDir): readonly AutheliaSecretFile[] {
  return Object.values(AutheliaSecret).map((secret) => ({
    secret,
    path: autheliaSecretPath(secret, secretsDir),
    env: secret in AUTHELIA_SECRET_ENV ? AUTHELIA_SECRET_ENV[secret as keyof typeof AUTHELIA_SECRET_ENV] : undefined,
    format: FORMATS[secret],
  }));
}

export function autheliaSecretPath(secret: AutheliaSecret, secretsDir: string = AUTHELIA_PATHS.secretsDir): string {
  return `${secretsDir.replace(/\/+$/, "")}/${secret}`;
}

/**
 * The Authelia container's environment: each `*_FILE` variable pointing at its mounted file, and the `template`
 * filter on. Holds paths only, never a secret value.
 */
export function autheliaEnvironment(secretsDir: string = AUTHELIA_PATHS.secretsDir): Readonly<Record<string, string>> {
  const env: Record<string, string> = { [AUTHELIA_CONFIG_FILTERS_ENV]: "template" };
  for (const file of autheliaSecretFiles(secretsDir)) if (file.env !== undefined) env[file.env] = file.path;
  return env;
}
