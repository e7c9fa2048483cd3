/**
 * Pinned defaults, in one place so a version bump is one reviewed line. Image tags and chart versions are
 * never `latest`: a platform that changes under you on a restart is not reproducible.
 */

/** Container image tags (Docker target, and the images the Helm charts are told to run). */
export const DEFAULT_IMAGE_VERSIONS = {
  /** `gitlab/gitlab-ce` tag: the last 18.x minor. */
  gitlab: "18.11.0-ce.0",
  /** `traefik` tag: the proxy version Traefik chart 41.3.0 ships, so both targets run the same Traefik. */
  traefik: "v3.7.11",
  /** `authelia/authelia` tag. */
  authelia: "4.39.28",
  /** `coredns/coredns` tag (1.14.5 is skipped upstream: its images were never fully published). */
  coredns: "1.14.6",
  /** `gitlab/gitlab-runner` tag, same release line as GitLab. */
  gitlabRunner: "v18.11.0",
} as const;

/**
 * Helm chart versions (Kubernetes target). GitLab and GitLab Runner charts are derived from the app versions by
 * default; Authelia runs from AutoGit's own manifests, not a chart (ADR 0004).
 */
export const DEFAULT_CHART_VERSIONS = {
  traefik: "41.3.0",
  certManager: "v1.21.1",
} as const;

/** Kubernetes' default `--service-node-port-range`. */
export const NODE_PORT_RANGE = { min: 30000, max: 32767 } as const;

/**
 * Node ports of `kubernetes.serviceType: NodePort`, fixed so the router can forward the standard ports to them:
 * Traefik's `web` (80), `websecure` (443) and `ssh` (`gitlab.sshPort`) entry points and CoreDNS (53, udp and tcp).
 */
export const DEFAULT_NODE_PORTS = { web: 30080, websecure: 30443, ssh: 30022, dns: 30053 } as const;

/** Public resolvers CoreDNS forwards to when `dns.upstreams` is not set. */
export const DEFAULT_UPSTREAMS = ["1.1.1.1", "9.9.9.9"] as const;

/** Networks CoreDNS answers by default: RFC 1918 and loopback. Anything else is refused, so it is never an open resolver. */
export const DEFAULT_ALLOWED_NETWORKS = ["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "127.0.0.0/8", "::1/128"] as const;

/** Suffixes of names that cannot get a public certificate; such a domain defaults to `tls.mode: local-ca`. */
export const LAN_SUFFIXES = ["home.arpa", "lan", "local", "localdomain", "internal", "intranet", "corp", "home", "test"] as const;

/** Namespaces of the Kubernetes target when `kubernetes.namespace` / `kubernetes.runnerNamespace` are not set. */
export const DEFAULT_KUBERNETES_NAMESPACES = { platform: "autogit", runners: "autogit-runners" } as const;

export const DEFAULT_DOCKER_HOST = "unix:///var/run/docker.sock";
