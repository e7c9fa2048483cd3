import type { PlatformSpec } from "../spec/index.js";
import type { ServiceAddresses } from "./defaults.js";
import { DOCKER_SERVICE_ADDRESSES, TRAEFIK_PATHS } from "./defaults.js";
import { TraefikEntryPoint, certResolverName } from "./traefik-entrypoints.js";

/** Traefik v3 dynamic configuration for the file provider, the subset AutoGit writes. */
export interface TraefikDynamicConfig {
  readonly http: {
    readonly routers: Readonly<Record<string, TraefikHttpRouter>>;
    readonly middlewares: Readonly<Record<string, TraefikMiddleware>>;
    readonly services: Readonly<Record<string, { readonly loadBalancer: { readonly servers: readonly { readonly url: string }[] } }>>;
  };
  readonly tcp: {
    readonly routers: Readonly<Record<string, { readonly entryPoints: readonly string[]; readonly rule: string; readonly service: string }>>;
    readonly services: Readonly<Record<string, { readonly loadBalancer: { readonly servers: readonly { readonly address: string }[] } }>>;
  };
  readonly tls: {
    readonly options: Readonly<Record<string, TraefikTlsOptions>>;
    readonly certificates?: readonly { readonly certFile: string; readonly keyFile: string; readonly stores: readonly string[] }[];
    readonly stores?: Readonly<Record<string, { readonly defaultCertificate: { readonly certFile: string; readonly keyFile: string } }>>;
  };
}

export interface TraefikHttpRouter {
  readonly entryPoints: readonly string[];
  readonly rule: string;
  readonly service: string;
  readonly middlewares: readonly string[];
  readonly tls: { readonly certResolver?: string };
}

export type TraefikMiddleware =
  | { readonly headers: Readonly<Record<string, string | number | boolean>> }
  | {
      readonly forwardAuth: {
        readonly address: string;
        readonly trustForwardHeader: boolean;
        readonly authResponseHeaders: readonly string[];
      };
    };

export interface TraefikTlsOptions {
  readonly minVersion: string;
  readonly sniStrict: boolean;
  readonly cipherSuites: readonly string[];
  readonly curvePreferences: readonly string[];
}

/** Names of the routers, services and middlewares, for infra and tests that refer to them. */
export const TraefikName = {
  gitlab: "gitlab",
  gitlabSsh: "gitlab-ssh",
  authelia: "authelia",
  dashboard: "traefik-dashboard",
  secureHeaders: "secure-headers",
  gitlabHeaders: "gitlab-headers",
  forwardAuth: "authelia",
} as const;

/** Headers Authelia answers an allowed request with, passed on to the protected service. */
export const AUTHELIA_RESPONSE_HEADERS = ["Remote-User", "Remote-Groups", "Remote-Email", "Remote-Name"] as const;

// TLS 1.3 suites are not configurable in Go; these apply to 1.2 only: AEAD with forward secrecy.
const TLS12_CIPHER_SUITES = [
  "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256",
  "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
  "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384",
  "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
  "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256",
  "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256",
] as const;

export interface TraefikDynamicParams {
  /** Where Traefik reaches the services. Default `DOCKER_SERVICE_ADDRESSES` (container names on the platform network). */
  readonly services?: Partial<ServiceAddresses>;
  /** `local-ca` mode: the certificate and key infra mounts. Default `TRAEFIK_PATHS.certFile` / `keyFile`. */
  readonly certificate?: { readonly certFile: string; readonly keyFile: string };
  /** Add `preload` to HSTS. Only for public domains you have submitted to the preload list. Default false. */
  readonly hstsPreload?: boolean;
}

/**
 * Traefik's dynamic config (file provider): TLS ≥ 1.2 with strict SNI, a `secure-headers` middleware (HSTS,
 * nosniff, frame and referrer policy) and the `authelia` forwardAuth middleware; routers for GitLab (secure
 * headers, no forwardAuth — GitLab signs users in through OIDC itself, and Git over HTTPS and API tokens must keep
 * working), the Authelia portal and the Traefik dashboard (`api@internal`, behind Authelia); a TCP router passing
 * the `ssh` entry point to GitLab's sshd. With `local-ca` the mounted certificate is the default one; with ACME
 * every router names the resolver.
 */
export function renderTraefikDynamicConfig(spec: PlatformSpec, params: TraefikDynamicParams = {}): TraefikDynamicConfig {
  const services = { ...DOCKER_SERVICE_ADDRESSES, ...params.services };
  const resolver = certResolverName(spec.tls);
  const tls = resolver === undefined ? {} : { certResolver: resolver };
  const router = (host: string, service: string, middlewares: readonly string[]): TraefikHttpRouter => ({
    entryPoints: [TraefikEntryPoint.websecure],
    rule: `Host(\`${host}\`)`,
    service,
    middlewares,
    tls,
  });
  const certificate = params.certificate ?? { certFile: TRAEFIK_PATHS.certFile, keyFile: TRAEFIK_PATHS.keyFile };
  return {
    http: {
      routers: {
        [TraefikName.gitlab]: router(spec.hostnames.gitlab, TraefikName.gitlab, [TraefikName.gitlabHeaders]),
        [TraefikName.authelia]: router(spec.hostnames.auth, TraefikName.authelia, [TraefikName.secureHeaders]),
        [TraefikName.dashboard]: router(spec.hostnames.traefik, "api@internal", [TraefikName.secureHeaders, TraefikName.forwardAuth]),
      },
      middlewares: {
        [TraefikName.secureHeaders]: { headers: secureHeaders(params.hstsPreload ?? false, true) },
        // GitLab frames its own pages (e.g. the Web IDE), so it gets SAMEORIGIN instead of DENY.
        [TraefikName.gitlabHeaders]: { headers: secureHeaders(params.hstsPreload ?? false, false) },
        [TraefikName.forwardAuth]: {
          forwardAuth: {
            address: `${services.authelia.replace(/\/+$/, "")}/api/authz/forward-auth`,
            trustForwardHeader: true,
            authResponseHeaders: [...AUTHELIA_RESPONSE_HEADERS],
          },
        },
      },
      services: {
        [TraefikName.gitlab]: { loadBalancer: { servers: [{ url: services.gitlabHttp }] } },
        [TraefikName.authelia]: { loadBalancer: { servers: [{ url: services.authelia }] } },
      },
    },
    tcp: {
      routers: { [TraefikName.gitlabSsh]: { entryPoints: [TraefikEntryPoint.ssh], rule: "HostSNI(`*`)", service: TraefikName.gitlabSsh } },
      services: { [TraefikName.gitlabSsh]: { loadBalancer: { servers: [{ address: services.gitlabSsh }] } } },
    },
    tls: {
      options: {
        default: {
          minVersion: "VersionTLS12",
          sniStrict: true,
          cipherSuites: [...TLS12_CIPHER_SUITES],
          curvePreferences: ["X25519", "CurveP256", "CurveP384"],
        },
      },
      ...(spec.tls.mode === "local-ca"
        ? { certificates: [{ ...certificate, stores: ["default"] }], stores: { default: { defaultCertificate: certificate } } }
        : {}),
    },
  };
}

function secureHeaders(preload: boolean, frameDeny: boolean): Record<string, string | number | boolean> {
  return {
    stsSeconds: 31_536_000,
    stsIncludeSubdomains: true,
    stsPreload: preload,
    forceSTSHeader: true,
    ...(frameDeny ? { frameDeny: true } : { customFrameOptionsValue: "SAMEORIGIN" }),
    contentTypeNosniff: true,
    browserXssFilter: true,
    referrerPolicy: "strict-origin-when-cross-origin",
  };
}
