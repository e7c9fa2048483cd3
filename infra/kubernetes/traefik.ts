import * as kubernetes from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { CHARTS, RELEASES } from "../../src/platform/kubernetes/charts.js";
import { ingressRoutes, middlewares, tlsOption, traefikValues } from "../../src/platform/kubernetes/traefik.js";
import type { KubernetesPlatformSpec } from "../../src/platform/spec/index.js";
import { manifest } from "./manifest.js";

export interface TraefikArgs {
  /** The validated platform spec. */
  readonly spec: KubernetesPlatformSpec;
}

/** The LoadBalancer address of a Service's status, IP preferred; undefined while none is assigned. */
export function loadBalancerAddress(status: { loadBalancer?: { ingress?: { ip?: string; hostname?: string }[] } } | undefined): string | undefined {
  const ingress = status?.loadBalancer?.ingress?.[0];
  return ingress?.ip ?? ingress?.hostname;
}

/**
 * Traefik v3 from its official chart (Chart v4: no hooks, CRDs applied as resources), then the routing as
 * `traefik.io` resources: the default TLSOption, the shared middlewares, the portal and dashboard IngressRoutes. Git
 * over SSH is the GitLab chart's IngressRouteTCP on the `ssh` entry point (`src/platform/kubernetes/gitlab.ts`).
 */
export class Traefik extends pulumi.ComponentResource {
  /** The chart; routing and anything that needs Traefik's CRDs depends on it. */
  readonly chart: kubernetes.helm.v4.Chart;
  /** External address of Traefik's Service (LoadBalancer IP or hostname). */
  readonly address: pulumi.Output<string | undefined>;

  constructor(name: string, args: TraefikArgs, opts?: pulumi.ComponentResourceOptions) {
    super("autogit:kubernetes:Traefik", name, args, opts);
    const { spec } = args;
    const namespace = spec.kubernetes.namespace;

    this.chart = new kubernetes.helm.v4.Chart(
      `${name}-chart`,
      {
        name: RELEASES.traefik,
        namespace,
        chart: CHARTS.traefik.chart,
        version: spec.kubernetes.charts.traefik,
        repositoryOpts: { repo: CHARTS.traefik.repo },
        values: traefikValues(spec),
      },
      { parent: this },
    );

    const crOpts = { parent: this, dependsOn: [this.chart] };
    manifest(`${name}-tls-default`, tlsOption(spec), crOpts);
    for (const middleware of middlewares(spec)) manifest(`${name}-middleware-${middleware.metadata?.name ?? ""}`, middleware, crOpts);
    for (const route of ingressRoutes(spec)) manifest(`${name}-route-${route.metadata?.name ?? ""}`, route, crOpts);

    // The chart names its Service after the release; read it back for the address the provider waited for. The id
    // waits on the chart's objects, so a first preview (nothing to read yet) leaves the address unknown.
    const serviceId = this.chart.resources.apply(() => `${namespace}/${RELEASES.traefik}`);
    const service = kubernetes.core.v1.Service.get(`${name}-service`, serviceId, {
      parent: this,
      dependsOn: [this.chart],
    });
    this.address = service.status.apply((status) => loadBalancerAddress(status as Parameters<typeof loadBalancerAddress>[0]));

    this.registerOutputs({ address: this.address });
  }
}
