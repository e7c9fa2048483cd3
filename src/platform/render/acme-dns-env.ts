import type { Dns01Provider, Dns01Spec, SecretRef } from "../spec/index.js";
import { TRAEFIK_PATHS } from "./defaults.js";

/**
 * Traefik's ACME DNS-01 solver (lego) reads each provider's credentials from environment variables; every one
 * also accepts a `<NAME>_FILE` variant holding a path, which keeps the value out of `docker inspect`.
 */

/** Per provider: the lego variable of each secret credential, and the non-secret variables. */
export const DNS01_PROVIDER_ENV = {
  cloudflare: { secrets: { apiToken: "CF_DNS_API_TOKEN" }, plain: [] },
  route53: { secrets: { accessKeyId: "AWS_ACCESS_KEY_ID", secretAccessKey: "AWS_SECRET_ACCESS_KEY" }, plain: ["AWS_REGION", "AWS_HOSTED_ZONE_ID"] },
  digitalocean: { secrets: { accessToken: "DO_AUTH_TOKEN" }, plain: [] },
  rfc2136: { secrets: { tsigSecret: "RFC2136_TSIG_SECRET" }, plain: ["RFC2136_NAMESERVER", "RFC2136_TSIG_KEY", "RFC2136_TSIG_ALGORITHM"] },
} as const satisfies Record<Dns01Provider, { readonly secrets: Readonly<Record<string, string>>; readonly plain: readonly string[] }>;

/** A credential the Traefik container gets as a file, named by a `<NAME>_FILE` variable. */
export interface AcmeSecretFile {
  /** The variable to set, e.g. `CF_DNS_API_TOKEN_FILE`. */
  readonly env: string;
  /** Where infra mounts the file inside the container; the variable's value. */
  readonly path: string;
  /** Where the value comes from (a Pulumi secret key or an env var of `pulumi up`). */
  readonly secret: SecretRef;
}

export interface AcmeDns01Environment {
  /** Non-secret variables, to set as they are. */
  readonly plain: Readonly<Record<string, string>>;
  /** Secret credentials: mount each file and set its `_FILE` variable (included in `fileEnv`). */
  readonly files: readonly AcmeSecretFile[];
  /** `<NAME>_FILE` → path, ready to merge into the container's environment. */
  readonly fileEnv: Readonly<Record<string, string>>;
}

/**
 * The environment the Traefik container needs to solve DNS-01 challenges with `dns01`'s provider: plain settings
 * and one mounted file per secret credential. Secret values never appear in the result, only their references.
 */
export function acmeDns01Environment(dns01: Dns01Spec, secretsDir: string = TRAEFIK_PATHS.secretsDir): AcmeDns01Environment {
  const secrets: Readonly<Record<string, string>> = DNS01_PROVIDER_ENV[dns01.provider].secrets;
  const credentials: Readonly<Record<string, SecretRef>> = dns01.credentials;
  const files = Object.entries(secrets).map(([credential, env]): AcmeSecretFile => {
    const secret = credentials[credential];
    if (secret === undefined) throw new Error(`tls.dns01.credentials.${credential} is required for provider ${dns01.provider}`);
    return { env: `${env}_FILE`, path: `${secretsDir}/${env.toLowerCase().replace(/_/g, "-")}`, secret };
  });
  return { plain: plainEnvironment(dns01), files, fileEnv: Object.fromEntries(files.map((file) => [file.env, file.path])) };
}

function plainEnvironment(dns01: Dns01Spec): Record<string, string> {
  switch (dns01.provider) {
    case "cloudflare":
    case "digitalocean":
      return {};
    case "route53":
      return { AWS_REGION: dns01.region, ...(dns01.hostedZoneId === undefined ? {} : { AWS_HOSTED_ZONE_ID: dns01.hostedZoneId }) };
    case "rfc2136":
      // lego wants the TSIG algorithm as a fully qualified name.
      return { RFC2136_NAMESERVER: dns01.nameserver, RFC2136_TSIG_KEY: dns01.tsigKeyName, RFC2136_TSIG_ALGORITHM: `${dns01.tsigAlgorithm}.` };
  }
}
