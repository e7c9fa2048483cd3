/**
 * Where the platform's containers find their config and secret files, and how the services reach each other
 * on the platform network. The renderers default to these; infra mounts files at the same paths.
 */

/** Paths inside the Traefik container. */
export const TRAEFIK_PATHS = {
  /** Static config (`--configFile`). */
  staticConfig: "/etc/traefik/traefik.yml",
  /** File provider directory; every `*.yml` in it is dynamic config, reloaded on change. */
  dynamicDir: "/etc/traefik/dynamic",
  /** ACME account and certificates; keep it on a volume, mode 0600. */
  acmeStorage: "/var/lib/traefik/acme.json",
  /** `local-ca` mode: the platform certificate and key. */
  certFile: "/etc/traefik/certs/platform.crt",
  keyFile: "/etc/traefik/certs/platform.key",
  /** DNS-01 provider credentials, one file each. */
  secretsDir: "/run/secrets/traefik",
} as const;

/** Paths inside the Authelia container. */
export const AUTHELIA_PATHS = {
  config: "/config/configuration.yml",
  usersDatabase: "/config/users_database.yml",
  secretsDir: "/run/secrets/authelia",
  /** SQLite storage: keep `/data` on a volume. */
  sqlite: "/data/db.sqlite3",
  /** Filesystem notifier: password-reset and device-registration links land here. */
  notifications: "/data/notification.txt",
} as const;

/** Paths inside the CoreDNS container. */
export const COREDNS_PATHS = {
  corefile: "/etc/coredns/Corefile",
  zonesDir: "/etc/coredns/zones",
} as const;

/** Paths inside the GitLab container. */
export const GITLAB_PATHS = {
  secretsDir: "/run/secrets/gitlab",
  /** Omnibus trusts every certificate here for its own outbound HTTPS (OIDC discovery with `local-ca`). */
  trustedCertsDir: "/etc/gitlab/trusted-certs",
} as const;

/** Paths inside a gitlab-runner container. */
export const GITLAB_RUNNER_PATHS = {
  config: "/etc/gitlab-runner/config.toml",
  /** `local-ca` mode: the CA that signed GitLab's certificate. */
  caFile: "/etc/gitlab-runner/certs/ca.crt",
} as const;

/** Internal addresses on the Docker network, by container name. */
export const DOCKER_SERVICE_ADDRESSES = {
  /** GitLab's bundled NGINX, plain HTTP behind Traefik. */
  gitlabHttp: "http://gitlab:80",
  /** GitLab's sshd. */
  gitlabSsh: "gitlab:22",
  /** Authelia's HTTP listener. */
  authelia: "http://authelia:9091",
} as const;

export type ServiceAddresses = { readonly [K in keyof typeof DOCKER_SERVICE_ADDRESSES]: string };

/** Ports CoreDNS serves its health (`/health`) and readiness (`/ready`) endpoints on. */
export const COREDNS_HEALTH_PORT = 8080;
export const COREDNS_READY_PORT = 8181;

/** Authelia's listener port. */
export const AUTHELIA_PORT = 9091;
