import type { PlatformSpec } from "../spec/index.js";
import { AUTHELIA_PATHS, AUTHELIA_PORT } from "./defaults.js";
import { AutheliaSecret, autheliaSecretPath } from "./authelia-secrets.js";
import { multilineSecretTemplate, secretTemplate } from "./authelia-template.js";
import { httpsUrl, isWithinZone } from "./names.js";

/** The OIDC client id GitLab signs in with. */
export const GITLAB_OIDC_CLIENT_ID = "gitlab";
/** Scopes GitLab asks for; `groups` lets Authelia's policy check membership. */
export const GITLAB_OIDC_SCOPES = ["openid", "profile", "email", "groups"] as const;
/** Where Authelia sends GitLab's users back (`omniauth` `openid_connect` provider). */
export function gitlabOidcRedirectUri(spec: PlatformSpec): string {
  return `${httpsUrl(spec.hostnames.gitlab)}/users/auth/openid_connect/callback`;
}

const OIDC_POLICY = "gitlab";

export interface AutheliaConfigParams {
  /** Users database path. Default `AUTHELIA_PATHS.usersDatabase`. */
  readonly usersDatabase?: string;
  /** SQLite file. Default `AUTHELIA_PATHS.sqlite`. */
  readonly sqlite?: string;
  /** Filesystem notifier file. Default `AUTHELIA_PATHS.notifications`. */
  readonly notifications?: string;
  /** Directory of the secret files (see `autheliaSecretFiles`). Default `AUTHELIA_PATHS.secretsDir`. */
  readonly secretsDir?: string;
  readonly logLevel?: "error" | "warn" | "info" | "debug" | "trace";
}

/** Authelia 4.39 `configuration.yml`, as rendered (secrets appear only as `{{ secret "<path>" }}` templates). */
export interface AutheliaConfig {
  readonly theme: string;
  readonly server: { readonly address: string };
  readonly log: { readonly level: string; readonly format: string };
  readonly totp: { readonly issuer: string };
  readonly authentication_backend: {
    readonly password_reset: { readonly disable: boolean };
    readonly file: {
      readonly path: string;
      readonly watch: boolean;
      readonly password: {
        readonly algorithm: string;
        readonly argon2: { readonly variant: string; readonly iterations: number; readonly memory: number; readonly parallelism: number; readonly key_length: number; readonly salt_length: number };
      };
    };
  };
  readonly password_policy: { readonly standard: { readonly enabled: boolean; readonly min_length: number; readonly max_length: number } };
  readonly access_control: {
    readonly default_policy: "deny";
    readonly rules: readonly { readonly domain: readonly string[]; readonly subject: readonly string[]; readonly policy: string }[];
  };
  readonly session: {
    readonly cookies: readonly {
      readonly domain: string;
      readonly authelia_url: string;
      /** Where the portal sends a user who signed in without a target: GitLab, when the cookie covers it. */
      readonly default_redirection_url?: string;
      readonly expiration: string;
      readonly inactivity: string;
      readonly remember_me: string;
    }[];
  };
  readonly regulation: { readonly modes: readonly string[]; readonly max_retries: number; readonly find_time: string; readonly ban_time: string };
  readonly storage: { readonly local: { readonly path: string } };
  readonly notifier: { readonly filesystem: { readonly filename: string } };
  readonly identity_providers: { readonly oidc: AutheliaOidc };
}

export interface AutheliaOidc {
  readonly jwks: readonly { readonly key_id: string; readonly algorithm: string; readonly use: string; readonly key: string }[];
  readonly authorization_policies: Readonly<
    Record<string, { readonly default_policy: string; readonly rules: readonly { readonly policy: string; readonly subject: readonly string[] }[] }>
  >;
  readonly clients: readonly Readonly<Record<string, string | boolean | readonly string[]>>[];
}

/**
 * Authelia's configuration: listener `tcp://:9091/`, the file user backend (argon2id), `access_control` denying
 * by default and letting only `sso.adminGroup` reach the Traefik dashboard at `sso.policy` (GitLab is not behind
 * forwardAuth; the portal itself is served by Authelia, not gated by rules), one session cookie for `domain`,
 * regulation, SQLite storage, the filesystem notifier, and the OIDC provider with GitLab as a confidential client
 * (PKCE S256, `client_secret_basic`), open to `sso.developerGroup` and `sso.adminGroup` only.
 *
 * No secret is inline. Give the container `autheliaEnvironment(secretsDir)` (the `*_FILE` variables and
 * `X_AUTHELIA_CONFIG_FILTERS=template`) and mount every file of `autheliaSecretFiles(secretsDir)`; serialize with
 * `autheliaConfigYaml`. Throws when the auth or dashboard hostname is outside `domain` (the cookie cannot cover it).
 */
export function renderAutheliaConfig(spec: PlatformSpec, params: AutheliaConfigParams = {}): AutheliaConfig {
  for (const service of ["auth", "traefik"] as const) {
    const host = spec.hostnames[service];
    if (!isWithinZone(host, spec.domain)) {
      throw new Error(`hostnames.${service} "${host}" must be under domain "${spec.domain}": Authelia's session cookie is set for the domain; move the hostname under it or change domain`);
    }
  }
  const secretsDir = params.secretsDir ?? AUTHELIA_PATHS.secretsDir;
  const { sso } = spec;
  return {
    theme: "auto",
    server: { address: `tcp://:${AUTHELIA_PORT}/` },
    log: { level: params.logLevel ?? "info", format: "text" },
    totp: { issuer: spec.domain },
    authentication_backend: {
      password_reset: { disable: false },
      file: {
        path: params.usersDatabase ?? AUTHELIA_PATHS.usersDatabase,
        watch: true,
        password: {
          algorithm: "argon2",
          argon2: { variant: "argon2id", iterations: 3, memory: 65_536, parallelism: 4, key_length: 32, salt_length: 16 },
        },
      },
    },
    password_policy: { standard: { enabled: true, min_length: 12, max_length: 128 } },
    access_control: {
      default_policy: "deny",
      rules: [{ domain: [spec.hostnames.traefik], subject: [`group:${sso.adminGroup}`], policy: sso.policy }],
    },
    session: {
      cookies: [
        {
          domain: spec.domain,
          authelia_url: httpsUrl(spec.hostnames.auth),
          // Authelia refuses a redirection URL outside the cookie's domain.
          ...(isWithinZone(spec.hostnames.gitlab, spec.domain) ? { default_redirection_url: httpsUrl(spec.hostnames.gitlab) } : {}),
          expiration: sso.session.expiration,
          inactivity: sso.session.inactivity,
          remember_me: sso.session.rememberMe,
        },
      ],
    },
    regulation: { modes: ["user", "ip"], max_retries: 3, find_time: "2m", ban_time: "5m" },
    storage: { local: { path: params.sqlite ?? AUTHELIA_PATHS.sqlite } },
    notifier: { filesystem: { filename: params.notifications ?? AUTHELIA_PATHS.notifications } },
    identity_providers: {
      oidc: {
        jwks: [{ key_id: "autogit-rs256", algorithm: "RS256", use: "sig", key: multilineSecretTemplate(autheliaSecretPath(AutheliaSecret.oidcJwksKey, secretsDir)) }],
        authorization_policies: {
          [OIDC_POLICY]: {
            default_policy: "deny",
            rules: [{ policy: sso.policy, subject: [...new Set([`group:${sso.developerGroup}`, `group:${sso.adminGroup}`])] }],
          },
        },
        clients: [
          {
            client_id: GITLAB_OIDC_CLIENT_ID,
            client_name: "GitLab",
            client_secret: secretTemplate(autheliaSecretPath(AutheliaSecret.oidcGitlabClientSecretDigest, secretsDir)),
            public: false,
            authorization_policy: OIDC_POLICY,
            // A first-party client: no consent screen between Authelia and our own GitLab.
            consent_mode: "implicit",
            require_pkce: true,
            pkce_challenge_method: "S256",
            redirect_uris: [gitlabOidcRedirectUri(spec)],
            scopes: [...GITLAB_OIDC_SCOPES],
            response_types: ["code"],
            grant_types: ["authorization_code"],
            access_token_signed_response_alg: "none",
            userinfo_signed_response_alg: "none",
            // GitLab's provider is configured with client_auth_method 'basic' to match.
            token_endpoint_auth_method: "client_secret_basic",
          },
        ],
      },
    },
  };
}
