import type { PlatformSpec } from "../spec/index.js";
import { GITLAB_PATHS } from "./defaults.js";
import { gitlabOidcProvider } from "./gitlab-oidc-provider.js";
import { httpsUrl } from "./names.js";
import type { RubyValue } from "./ruby.js";
import { rubyReadFile, rubyString, rubyValue } from "./ruby.js";

/** GitLab's secret files, mounted under `GITLAB_PATHS.secretsDir`. */
export const GitlabSecret = {
  /** Initial `root` password, 12+ characters; read once, when the database is first seeded. */
  rootPassword: "root-password",
  /** The plain OIDC client secret Authelia holds the digest of. */
  oidcClientSecret: "oidc-client-secret",
} as const;
export type GitlabSecret = (typeof GitlabSecret)[keyof typeof GitlabSecret];

export function gitlabSecretPath(secret: GitlabSecret, secretsDir: string = GITLAB_PATHS.secretsDir): string {
  return `${secretsDir.replace(/\/+$/, "")}/${secret}`;
}

export interface GitlabOmnibusParams {
  /** Networks Traefik connects from (the platform's Docker network CIDR, or the pod CIDR); trusted for X-Forwarded-For. */
  readonly trustedProxies: readonly string[];
  /** Directory of the secret files. Default `GITLAB_PATHS.secretsDir`. */
  readonly secretsDir?: string;
}

// GitLab's "Running GitLab in a memory-constrained environment": jemalloc returns freed memory within a second.
const LEAN_MALLOC_CONF = "dirty_decay_ms:1000,muzzy_decay_ms:1000";

/**
 * The `GITLAB_OMNIBUS_CONFIG` for GitLab behind Traefik: `external_url https://<gitlab>`, bundled NGINX on plain
 * :80 (Traefik terminates TLS; no Let's Encrypt), real client IPs from `X-Forwarded-For` of `trustedProxies`,
 * the SSH port users see, and sign-in through Authelia (OIDC, PKCE, `client_secret_basic`, users created on first
 * sign-in, `preferred_username` as uid). `size: small` applies GitLab's memory-constrained settings (Puma single
 * mode, Sidekiq concurrency 10, no Prometheus stack, jemalloc decay, smaller Postgres buffers).
 *
 * Secrets stay out of the text and so out of `docker inspect`: gitlab.rb reads the initial root password and the
 * OIDC client secret from files (`File.read(…).strip`) when `gitlab-ctl reconfigure` runs; mount both files of
 * `GitlabSecret` under `secretsDir`. With `tls.mode: local-ca`, also mount the CA into `GITLAB_PATHS.trustedCertsDir`
 * so GitLab trusts Authelia's certificate for OIDC discovery.
 */
export function renderGitlabOmnibusConfig(spec: PlatformSpec, params: GitlabOmnibusParams): string {
  if (params.trustedProxies.length === 0) throw new Error("trustedProxies must list the network(s) Traefik reaches GitLab from, e.g. the Docker network's CIDR");
  const secretsDir = params.secretsDir ?? GITLAB_PATHS.secretsDir;
  const lines: [string, RubyValue][] = [
    ["gitlab_rails['initial_root_password']", rubyReadFile(gitlabSecretPath(GitlabSecret.rootPassword, secretsDir))],
    ["gitlab_rails['gitlab_shell_ssh_port']", spec.gitlab.sshPort],
    ["nginx['listen_port']", 80],
    ["nginx['listen_https']", false],
    ["nginx['proxy_set_headers']", { "X-Forwarded-Proto": "https", "X-Forwarded-Ssl": "on" }],
    ["nginx['real_ip_trusted_addresses']", [...params.trustedProxies]],
    ["nginx['real_ip_header']", "X-Forwarded-For"],
    ["nginx['real_ip_recursive']", "on"],
    ["gitlab_rails['trusted_proxies']", [...params.trustedProxies]],
    ["letsencrypt['enable']", false],
    ["gitlab_rails['omniauth_enabled']", true],
    ["gitlab_rails['omniauth_allow_single_sign_on']", ["openid_connect"]],
    ["gitlab_rails['omniauth_block_auto_created_users']", false],
    ["gitlab_rails['omniauth_providers']", [gitlabOidcProvider(spec, rubyReadFile(gitlabSecretPath(GitlabSecret.oidcClientSecret, secretsDir)))]],
    ...(spec.gitlab.size === "small" ? leanSettings() : []),
  ];
  return [
    `external_url ${rubyString(httpsUrl(spec.hostnames.gitlab))}`,
    ...lines.map(([setting, value]) => `${setting} = ${rubyValue(value)}`),
    "",
  ].join("\n");
}

/**
 * The GitLab container's environment besides `GITLAB_OMNIBUS_CONFIG`: the root account's email for the first
 * database seed. No secrets.
 */
export function gitlabEnvironment(spec: PlatformSpec): Readonly<Record<string, string>> {
  return { GITLAB_ROOT_EMAIL: spec.gitlab.rootEmail };
}

function leanSettings(): [string, RubyValue][] {
  return [
    ["puma['worker_processes']", 0],
    ["sidekiq['concurrency']", 10],
    ["prometheus_monitoring['enable']", false],
    ["postgresql['shared_buffers']", "256MB"],
    ["gitlab_rails['env']", { MALLOC_CONF: LEAN_MALLOC_CONF }],
    ["gitaly['env']", { MALLOC_CONF: LEAN_MALLOC_CONF, GITALY_COMMAND_SPAWN_MAX_PARALLEL: "2" }],
  ];
}
