import type { DockerPlatformSpec, TlsSpec } from "../spec/index.js";
import { TRAEFIK_PATHS } from "./defaults.js";
import { LETS_ENCRYPT_CA, TraefikEntryPoint, certResolverName } from "./traefik-entrypoints.js";

/** Traefik v3 static configuration (`traefik.yml`), the subset AutoGit writes. */
export interface TraefikStaticConfig {
  readonly global: { readonly checkNewVersion: boolean; readonly sendAnonymousUsage: boolean };
  readonly log: { readonly level: string; readonly format: string };
  readonly accessLog: {
    readonly format: string;
    readonly fields: { readonly headers: { readonly defaultMode: string } };
  };
  readonly api: { readonly dashboard: boolean; readonly insecure: boolean };
  readonly ping: { readonly entryPoint: string };
  readonly entryPoints: Readonly<Record<string, TraefikStaticEntryPoint>>;
  readonly providers: {
    readonly file: { readonly directory: string; readonly watch: boolean };
  };
  readonly certificatesResolvers?: Readonly<Record<string, { readonly acme: TraefikAcme }>>;
}

export interface TraefikStaticEntryPoint {
  readonly address: string;
  readonly http?: {
    readonly redirections?: { readonly entryPoint: { readonly to: string; readonly scheme: string; readonly permanent: boolean } };
    readonly tls?: { readonly certResolver?: string };
  };
}

export interface TraefikAcme {
  readonly email: string;
  readonly storage: string;
  readonly caServer: string;
  readonly keyType: string;
  readonly httpChallenge?: { readonly entryPoint: string };
  readonly dnsChallenge?: { readonly provider: string; readonly resolvers: readonly string[] };
}

export interface TraefikStaticParams {
  /** File provider directory. Default `TRAEFIK_PATHS.dynamicDir`. */
  readonly dynamicDir?: string;
  /** ACME storage file. Default `TRAEFIK_PATHS.acmeStorage`. */
  readonly acmeStorage?: string;
  /** Traefik log level. Default `INFO`. */
  readonly logLevel?: "TRACE" | "DEBUG" | "INFO" | "WARN" | "ERROR";
}

/**
 * Traefik's static config for the Docker target: `web` :80 redirecting permanently to `websecure` :443 (TLS),
 * a TCP `ssh` entry point on `gitlab.sshPort`, the file provider (watched directory) as the only provider, the
 * dashboard through a router only (never `insecure`), the ACME resolver of the TLS mode, a JSON access log
 * without request headers, and no update checks or anonymous usage stats.
 *
 * ACME DNS-01 credentials are not here: give the container `acmeDns01Environment(spec.tls.dns01)`.
 */
export function renderTraefikStaticConfig(spec: DockerPlatformSpec, params: TraefikStaticParams = {}): TraefikStaticConfig {
  const resolvers = certificatesResolvers(spec, params.acmeStorage ?? TRAEFIK_PATHS.acmeStorage);
  return {
    global: { checkNewVersion: false, sendAnonymousUsage: false },
    log: { level: params.logLevel ?? "INFO", format: "json" },
    // Headers are dropped: Authorization, cookies and private tokens must not reach the log.
    accessLog: { format: "json", fields: { headers: { defaultMode: "drop" } } },
    api: { dashboard: true, insecure: false },
    ping: { entryPoint: TraefikEntryPoint.traefik },
    entryPoints: {
      [TraefikEntryPoint.web]: {
        address: ":80",
        http: { redirections: { entryPoint: { to: TraefikEntryPoint.websecure, scheme: "https", permanent: true } } },
      },
      [TraefikEntryPoint.websecure]: { address: ":443", http: { tls: websecureTls(spec.tls) } },
      [TraefikEntryPoint.ssh]: { address: `:${spec.gitlab.sshPort}/tcp` },
      [TraefikEntryPoint.traefik]: { address: ":8080" },
    },
    providers: { file: { directory: params.dynamicDir ?? TRAEFIK_PATHS.dynamicDir, watch: true } },
    ...(resolvers === undefined ? {} : { certificatesResolvers: resolvers }),
  };
}

function websecureTls(tls: TlsSpec): { readonly certResolver?: string } {
  const resolver = certResolverName(tls);
  return resolver === undefined ? {} : { certResolver: resolver };
}

function certificatesResolvers(spec: DockerPlatformSpec, storage: string): TraefikStaticConfig["certificatesResolvers"] {
  const { tls } = spec;
  if (tls.mode === "local-ca") return undefined;
  const common = { email: tls.email, storage, caServer: tls.staging ? LETS_ENCRYPT_CA.staging : LETS_ENCRYPT_CA.production, keyType: "EC256" };
  if (tls.mode === "acme-http01") return { [tls.mode]: { acme: { ...common, httpChallenge: { entryPoint: TraefikEntryPoint.web } } } };
  // Propagation is checked against public resolvers: the LAN's own CoreDNS may answer for the zone itself.
  const resolvers = spec.dns.upstreams.map((address) => (address.includes(":") ? `[${address}]:53` : `${address}:53`));
  return { [tls.mode]: { acme: { ...common, dnsChallenge: { provider: tls.dns01.provider, resolvers } } } };
}
