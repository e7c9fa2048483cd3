import type { IIngressRoute } from "@kubernetes-models/traefik/traefik.io/v1alpha1/IngressRoute";
import type { IMiddleware } from "@kubernetes-models/traefik/traefik.io/v1alpha1/Middleware";
import type { ITLSOption } from "@kubernetes-models/traefik/traefik.io/v1alpha1/TLSOption";
import type { TraefikDynamicConfig } from "../render/traefik-dynamic.js";
import { TraefikName, renderTraefikDynamicConfig } from "../render/traefik-dynamic.js";
import { TraefikEntryPoint } from "../render/traefik-entrypoints.js";
import type { KubernetesPlatformSpec } from "../spec/index.js";
import { GITLAB_SERVICES, RELEASES, standardLabels } from "./charts.js";
import { fixedNodePort } from "./node-ports.js";

/**
 * Traefik on Kubernetes: the official chart for the proxy (entry points, providers, Service), and the routing as
 * `traefik.io` custom resources built from the same dynamic configuration the Docker target writes to a file —
 * TLS options, secure headers and the Authelia forwardAuth middleware — so both targets enforce one policy.
 * Git over SSH is routed by the GitLab chart's own IngressRouteTCP on the `ssh` entry point (see `gitlab.ts`).
 */

/** Container ports of the entry points (unprivileged; the Service publishes 80, 443 and `gitlab.sshPort`). */
export const TRAEFIK_CONTAINER_PORTS = { web: 8000, websecure: 8443, ssh: 2222 } as const;

/**
 * Priority of the web→websecure redirect router. Traefik gives it near-max priority unless told otherwise, which
 * would outrank cert-manager's HTTP-01 solver routes (`/.well-known/acme-challenge/<token>` on `web`) and send Let's
 * Encrypt to 443; at 1 it only takes what no other router on `web` matches (a router's default priority is the
 * length of its rule).
 */
export const WEB_REDIRECT_PRIORITY = 1;

/** In-cluster addresses of the services Traefik forwards to. */
export function kubernetesServiceAddresses(spec: KubernetesPlatformSpec): { readonly authelia: string; readonly gitlabSsh: string; readonly gitlabHttp: string } {
  const namespace = spec.kubernetes.namespace;
  return {
    authelia: `http://${RELEASES.authelia}.${namespace}.svc.cluster.local`,
    // The GitLab chart's gitlab-shell Service listens on global.shell.port, which is gitlab.sshPort.
    gitlabSsh: `${GITLAB_SERVICES.shell}.${namespace}.svc.cluster.local:${spec.gitlab.sshPort}`,
    gitlabHttp: `http://${RELEASES.gitlab}-webservice-default.${namespace}.svc.cluster.local:8181`,
  };
}

/** The shared dynamic configuration, with in-cluster service addresses. */
export function traefikPolicy(spec: KubernetesPlatformSpec): TraefikDynamicConfig {
  return renderTraefikDynamicConfig(spec, { services: kubernetesServiceAddresses(spec) });
}

/** Values of the Traefik chart. */
export function traefikValues(spec: KubernetesPlatformSpec): Record<string, unknown> {
  const { kubernetes } = spec;
  return {
    image: { tag: spec.versions.traefik },
    deployment: { replicas: 1 },
    ingressClass: { enabled: true, isDefaultClass: false, name: kubernetes.ingressClass },
    providers: {
      // No ingressClass filter here: the GitLab chart's SSH IngressRouteTCP carries no class and would be dropped.
      kubernetesCRD: { enabled: true, allowCrossNamespace: false },
      kubernetesIngress: { enabled: true, ingressClass: kubernetes.ingressClass, publishedService: { enabled: true } },
    },
    // The dashboard is served through our own IngressRoute (behind Authelia); the chart's route would bypass it.
    api: { dashboard: true },
    ingressRoute: { dashboard: { enabled: false } },
    ports: {
      web: {
        port: TRAEFIK_CONTAINER_PORTS.web,
        exposedPort: 80,
        ...fixedNodePort(spec, "web"),
        expose: { default: true },
        protocol: "TCP",
        http: {
          redirections: {
            entryPoint: { to: TraefikEntryPoint.websecure, scheme: "https", permanent: true, priority: WEB_REDIRECT_PRIORITY },
          },
        },
      },
      websecure: {
        port: TRAEFIK_CONTAINER_PORTS.websecure,
        exposedPort: 443,
        ...fixedNodePort(spec, "websecure"),
        expose: { default: true },
        protocol: "TCP",
        http: { tls: { enabled: true } },
      },
      [TraefikEntryPoint.ssh]: {
        port: TRAEFIK_CONTAINER_PORTS.ssh,
        exposedPort: spec.gitlab.sshPort,
        ...fixedNodePort(spec, "ssh"),
        expose: { default: true },
        protocol: "TCP",
      },
    },
    service: {
      enabled: true,
      single: true,
      // Local keeps client source addresses (logs, Authelia regulation) and avoids a second hop.
      spec: { type: kubernetes.serviceType, externalTrafficPolicy: "Local" },
    },
    global: { checkNewVersion: false, sendAnonymousUsage: false },
    securityContext: { allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ["ALL"] } },
  };
}

const meta = (name: string, namespace: string) => ({ name, namespace, labels: standardLabels("traefik-routing", name) });

/** TLS ≥ 1.2, strict SNI: named `default`, so it applies to every router that names no other option. */
export function tlsOption(spec: KubernetesPlatformSpec): ITLSOption {
  const options = traefikPolicy(spec).tls.options["default"];
  if (options === undefined) throw new Error("the shared Traefik policy has no default TLS options");
  return {
    apiVersion: "traefik.io/v1alpha1",
    kind: "TLSOption",
    metadata: meta("default", spec.kubernetes.namespace),
    spec: { ...options, cipherSuites: [...options.cipherSuites], curvePreferences: [...options.curvePreferences] },
  };
}

/** The HTTP middlewares of the shared policy (`secure-headers`, `gitlab-headers`, `authelia`) as CRs. */
export function middlewares(spec: KubernetesPlatformSpec): readonly IMiddleware[] {
  return Object.entries(traefikPolicy(spec).http.middlewares).map(([name, middleware]) => ({
    apiVersion: "traefik.io/v1alpha1",
    kind: "Middleware",
    metadata: meta(name, spec.kubernetes.namespace),
    spec: JSON.parse(JSON.stringify(middleware)) as IMiddleware["spec"],
  }));
}

/** How an Ingress annotation names one of our middlewares. */
export function middlewareAnnotation(namespace: string, ...names: readonly string[]): string {
  return names.map((name) => `${namespace}-${name}@kubernetescrd`).join(",");
}

/** TLS secret of a hostname's cert-manager Certificate. */
export function tlsSecretName(service: "gitlab" | "auth" | "traefik"): string {
  return `${service}-tls`;
}

/** Routes for the Authelia portal and the Traefik dashboard (behind Authelia). GitLab's HTTP route is its chart's Ingress. */
export function ingressRoutes(spec: KubernetesPlatformSpec): readonly IIngressRoute[] {
  const ns = spec.kubernetes.namespace;
  type Services = NonNullable<NonNullable<IIngressRoute["spec"]>["routes"][number]["services"]>;
  const route = (name: string, host: string, secret: string, middlewareNames: readonly string[], services: Services): IIngressRoute =>
    ({
      apiVersion: "traefik.io/v1alpha1",
      kind: "IngressRoute",
      metadata: meta(name, ns),
      spec: {
        entryPoints: [TraefikEntryPoint.websecure],
        routes: [{ kind: "Rule", match: `Host(\`${host}\`)`, middlewares: middlewareNames.map((m) => ({ name: m, namespace: ns })), services }],
        tls: { secretName: secret },
      },
    });
  return [
    route(TraefikName.authelia, spec.hostnames.auth, tlsSecretName("auth"), [TraefikName.secureHeaders], [
      { kind: "Service", name: RELEASES.authelia, namespace: ns, port: 80 },
    ]),
    route(TraefikName.dashboard, spec.hostnames.traefik, tlsSecretName("traefik"), [TraefikName.secureHeaders, TraefikName.forwardAuth], [
      { kind: "TraefikService", name: "api@internal" },
    ]),
  ];
}
