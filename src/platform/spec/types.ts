import type { Arch } from "../../runner/ports.js";

/**
 * The validated, fully defaulted platform configuration both targets build from. Produced once by
 * `parsePlatformSpec`; every field is present (defaults applied), optional only where "absent" means something.
 */
export type PlatformSpec = DockerPlatformSpec | KubernetesPlatformSpec;

export const Target = { docker: "docker", kubernetes: "kubernetes" } as const;
export type Target = (typeof Target)[keyof typeof Target];

export const TlsMode = { acmeHttp01: "acme-http01", acmeDns01: "acme-dns01", localCa: "local-ca" } as const;
export type TlsMode = (typeof TlsMode)[keyof typeof TlsMode];

/** DNS providers both Traefik (lego) and cert-manager support for ACME DNS-01. */
export const Dns01Provider = { cloudflare: "cloudflare", route53: "route53", digitalocean: "digitalocean", rfc2136: "rfc2136" } as const;
export type Dns01Provider = (typeof Dns01Provider)[keyof typeof Dns01Provider];

/** GPU vendors a runner host can expose to jobs. */
export const HostGpuVendor = { nvidia: "nvidia", amd: "amd", intel: "intel" } as const;
export type HostGpuVendor = (typeof HostGpuVendor)[keyof typeof HostGpuVendor];
export const HOST_GPU_VENDORS = Object.values(HostGpuVendor);

/** Arches a runner host can run natively: the GitLab and GitHub runner agents ship for these only. */
export const NATIVE_ARCHES = ["amd64", "arm64"] as const satisfies readonly Arch[];
export type NativeArch = (typeof NATIVE_ARCHES)[number];

interface PlatformSpecBase {
  /** Base DNS domain, e.g. `lab.home.arpa`. */
  readonly domain: string;
  /** Public hostnames of the services, defaulted from `domain`. */
  readonly hostnames: HostnamesSpec;
  readonly tls: TlsSpec;
  readonly sso: SsoSpec;
  readonly dns: DnsSpec;
  readonly gitlab: GitlabSpec;
  /** Pinned image tags. */
  readonly versions: VersionsSpec;
  /**
   * Names of the other `autogit:` config keys that hold secrets referenced by `{ secret: <key> }` fields.
   * Read them with `new pulumi.Config("autogit").requireSecret(key)`.
   */
  readonly secretKeys: readonly string[];
}

export interface DockerPlatformSpec extends PlatformSpecBase {
  readonly target: "docker";
  readonly dns: DnsSpec & { readonly lanAddress: string };
  readonly docker: DockerSpec;
  /** At least one; names unique. */
  readonly runnerHosts: readonly DockerRunnerHost[];
}

export interface KubernetesPlatformSpec extends PlatformSpecBase {
  readonly target: "kubernetes";
  readonly kubernetes: KubernetesSpec;
  /** Runner pools; at least one; names unique. */
  readonly runnerHosts: readonly RunnerPool[];
}

export interface HostnamesSpec {
  /** GitLab web UI and API; default `gitlab.<domain>`. */
  readonly gitlab: string;
  /** Authelia portal; default `auth.<domain>`. */
  readonly auth: string;
  /** Traefik dashboard, behind SSO; default `traefik.<domain>`. */
  readonly traefik: string;
}

/** Where a secret is kept; the spec never holds a secret value. */
export type SecretRef =
  /** Another key of this stack's `autogit:` namespace, set with `pulumi config set --secret`. */
  | { readonly secret: string }
  /** An environment variable of the `pulumi up` process. */
  | { readonly env: string };

export type TlsSpec =
  | {
      /** Certificates from an internal CA the platform creates; clients must trust its root. */
      readonly mode: "local-ca";
    }
  | {
      /** ACME (Let's Encrypt) HTTP-01: port 80 of every hostname must be reachable from the internet. */
      readonly mode: "acme-http01";
      /** ACME account email. */
      readonly email: string;
      /** Use Let's Encrypt's staging CA (untrusted certificates, generous rate limits). */
      readonly staging: boolean;
    }
  | {
      /** ACME DNS-01 through the DNS provider's API: works for hosts not reachable from the internet. */
      readonly mode: "acme-dns01";
      readonly email: string;
      readonly staging: boolean;
      readonly dns01: Dns01Spec;
    };

export type Dns01Spec =
  | { readonly provider: "cloudflare"; readonly credentials: { readonly apiToken: SecretRef } }
  | {
      readonly provider: "route53";
      /** AWS region, e.g. `us-east-1`. */
      readonly region: string;
      /** Hosted zone id; absent = looked up from the domain. */
      readonly hostedZoneId?: string | undefined;
      readonly credentials: { readonly accessKeyId: SecretRef; readonly secretAccessKey: SecretRef };
    }
  | { readonly provider: "digitalocean"; readonly credentials: { readonly accessToken: SecretRef } }
  | {
      readonly provider: "rfc2136";
      /** Authoritative server accepting dynamic updates, `host:port`. */
      readonly nameserver: string;
      readonly tsigKeyName: string;
      readonly tsigAlgorithm: "hmac-sha256" | "hmac-sha512";
      readonly credentials: { readonly tsigSecret: SecretRef };
    };

export interface SsoUser {
  /** Login name. */
  readonly username: string;
  readonly displayName: string;
  readonly email: string;
  readonly groups: readonly string[];
  /** argon2id or bcrypt hash as Authelia's file backend stores it. Not the password. */
  readonly passwordHash: string;
}

export interface SsoSpec {
  /** At least one, unique usernames and emails; at least one in `adminGroup`. */
  readonly users: readonly SsoUser[];
  /** Members are GitLab admins and may open the Traefik dashboard. Default `admins`. */
  readonly adminGroup: string;
  /** Members may sign in to GitLab. Default `developers`. */
  readonly developerGroup: string;
  /** Second factor required for every service (`two_factor`, default) or password only (`one_factor`). */
  readonly policy: "one_factor" | "two_factor";
  readonly session: {
    /** Session lifetime, Authelia duration. Default `1h`. */
    readonly expiration: string;
    /** Idle time before sign-out. Default `5m`. */
    readonly inactivity: string;
    /** "Remember me" lifetime. Default `1M`. */
    readonly rememberMe: string;
  };
}

export interface DnsRecord {
  /** Fully qualified name (relative names in the config are made absolute under `domain`). */
  readonly fqdn: string;
  readonly type: "A" | "AAAA" | "CNAME";
  /** IPv4 for A, IPv6 for AAAA, a DNS name for CNAME. */
  readonly value: string;
}

export interface DnsSpec {
  /**
   * IPv4 address the service records point at and CoreDNS binds on. Required for the Docker target; on
   * Kubernetes, absent = Traefik's LoadBalancer address.
   */
  readonly lanAddress?: string | undefined;
  /** Resolvers for everything outside the local zone. Default `1.1.1.1`, `9.9.9.9`. */
  readonly upstreams: readonly string[];
  /** Client networks CoreDNS answers; all others are refused. Default RFC 1918 + loopback. */
  readonly allowedNetworks: readonly string[];
  /** Extra records in the local zone. */
  readonly records: readonly DnsRecord[];
  /** Zones forwarded to other servers (e.g. a NAS's or router's zone). */
  readonly conditionalForwards: readonly { readonly zone: string; readonly servers: readonly string[] }[];
  /** Maximum cache TTL in seconds. Default 300. */
  readonly cacheSeconds: number;
}

export interface GitlabSpec {
  /** `gitlab/gitlab-ce` image tag, e.g. `18.11.0-ce.0`. */
  readonly version: string;
  /** Host port for Git over SSH. Default 2222. */
  readonly sshPort: number;
  /** `small` tunes Puma/Sidekiq/Postgres for ~4 GB of RAM; `medium` keeps GitLab's defaults. */
  readonly size: "small" | "medium";
  /** Email of the `root` account. Default `admin@<domain>`. */
  readonly rootEmail: string;
}

export interface VersionsSpec {
  /** `traefik` image tag (v3.x). */
  readonly traefik: string;
  /** `authelia/authelia` image tag (4.39.x). */
  readonly authelia: string;
  /** `coredns/coredns` image tag. */
  readonly coredns: string;
  /** `gitlab/gitlab-runner` image tag (v18.x). */
  readonly gitlabRunner: string;
}

export interface GpuSpec {
  readonly vendor: HostGpuVendor;
  /** Devices per job: a positive count or `all`. Default `all`. */
  readonly count: number | "all";
  /**
   * AMD and Intel on docker: groups job containers join (`group_add`) to open `/dev/kfd` and `/dev/dri`, as
   * strings; numeric gids of the host's `video` and `render` groups, since a name is resolved in the job image.
   * Absent = none.
   */
  readonly groups?: readonly string[] | undefined;
}

/** What every runner host (Docker) and runner pool (Kubernetes) has. */
export interface RunnerHostBase {
  /** DNS label, unique. Names containers, runners and pods. */
  readonly name: string;
  /** Native CPU architecture. */
  readonly arch: NativeArch;
  /** Extra architectures run through QEMU binfmt; never the native one, no duplicates. */
  readonly emulate: readonly Arch[];
  /** GPU exposed to jobs; absent = none. */
  readonly gpu?: GpuSpec | undefined;
  /** Concurrent jobs. Default 2. */
  readonly capacity: number;
  /** Extra runner tags/labels. */
  readonly labels: readonly string[];
}

export type DockerConnection =
  | { readonly kind: "local" }
  | { readonly kind: "ssh"; readonly host: string; readonly user?: string | undefined; readonly port: number }
  | {
      readonly kind: "tcp";
      readonly host: string;
      /** Default 2376. */
      readonly port: number;
      /** Mutual TLS for the Docker API; CA and client certificate may be inline PEM or secret refs. */
      readonly tls: {
        readonly caCert: string | SecretRef;
        readonly clientCert: string | SecretRef;
        readonly clientKey: SecretRef;
      };
    };

export interface DockerRunnerHost extends RunnerHostBase {
  /** How to reach this host's Docker engine. Default `{ kind: local }`. */
  readonly connection: DockerConnection;
}

export interface Toleration {
  readonly key?: string | undefined;
  readonly operator: "Equal" | "Exists";
  readonly value?: string | undefined;
  readonly effect?: "NoSchedule" | "PreferNoSchedule" | "NoExecute" | undefined;
}

export interface RunnerPool extends RunnerHostBase {
  /** Runner manager pods. Default 1. */
  readonly replicas: number;
  /** Extra node labels to schedule on, besides `kubernetes.io/arch`. */
  readonly nodeSelector: Readonly<Record<string, string>>;
  readonly tolerations: readonly Toleration[];
}

export interface DockerSpec {
  /** Docker engine that runs the platform services. Default `unix:///var/run/docker.sock`. */
  readonly host: string;
  /** Bridge network the services share. Default `autogit`. */
  readonly network: string;
}

/** Where Traefik's entry points and CoreDNS listen on every node with `serviceType: NodePort`. */
export interface NodePortsSpec {
  /** Traefik `web` (clients use 80). */
  readonly web: number;
  /** Traefik `websecure` (clients use 443). */
  readonly websecure: number;
  /** Traefik `ssh`, Git over SSH (clients use `gitlab.sshPort`). */
  readonly ssh: number;
  /** CoreDNS, udp and tcp (clients use 53). */
  readonly dns: number;
}

export interface KubernetesSpec {
  /** Namespace of the platform services. Default `autogit`. */
  readonly namespace: string;
  /** Namespace of runner managers and job pods. Default `autogit-runners`. */
  readonly runnerNamespace: string;
  /** StorageClass for persistent volumes; absent = the cluster default. */
  readonly storageClass?: string | undefined;
  /** Service type exposing Traefik and CoreDNS. Default `LoadBalancer`. */
  readonly serviceType: "LoadBalancer" | "NodePort";
  /** IngressClass name. Default `traefik`. */
  readonly ingressClass: string;
  /**
   * Fixed node ports, used with `serviceType: NodePort` only (30000–32767, distinct). Defaults web 30080,
   * websecure 30443, ssh 30022, dns 30053.
   */
  readonly nodePorts: NodePortsSpec;
  /** Helm chart versions. */
  readonly charts: {
    readonly traefik: string;
    readonly certManager: string;
    /** Default derived from `gitlab.version` (GitLab 18.11.x ↔ chart 9.11.x). */
    readonly gitlab: string;
    /** Default derived from `versions.gitlabRunner` (runner 18.11.x ↔ chart 0.88.x). */
    readonly gitlabRunner: string;
  };
}
