import { createHash } from "node:crypto";
import * as kubernetes from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { COREDNS_CONTAINER_PORT, corednsConfigMap, corednsDeployment, corednsMetadata, corednsService } from "../../src/platform/kubernetes/coredns.js";
import { renderCoreDns } from "../../src/platform/render/corefile.js";
import type { KubernetesPlatformSpec } from "../../src/platform/spec/index.js";
import { manifest } from "./manifest.js";

export interface CoreDnsArgs {
  /** The validated platform spec. */
  readonly spec: KubernetesPlatformSpec;
  /** Where the service hostnames resolve: `dns.lanAddress`, or Traefik's LoadBalancer address. */
  readonly serviceAddress: pulumi.Input<string>;
}

/**
 * LAN DNS: the shared Corefile and zone files in a ConfigMap, a Deployment (rolled when they change) and a Service on
 * 53 udp+tcp. The records depend on Traefik's address, so the config is rendered once that is known.
 */
export class CoreDns extends pulumi.ComponentResource {
  /** External address of the DNS Service (LoadBalancer), undefined for NodePort. */
  readonly address: pulumi.Output<string | undefined>;

  constructor(name: string, args: CoreDnsArgs, opts?: pulumi.ComponentResourceOptions) {
    super("autogit:kubernetes:CoreDns", name, args, opts);
    const { spec } = args;
    const namespace = spec.kubernetes.namespace;
    const rendered = pulumi.output(args.serviceAddress).apply((serviceAddress) => renderCoreDns(spec, { serviceAddress, port: COREDNS_CONTAINER_PORT }));

    const config = new kubernetes.core.v1.ConfigMap(
      `${name}-config`,
      { metadata: corednsMetadata(namespace), data: rendered.apply((c) => ({ ...corednsConfigMap(namespace, c).data })) },
      { parent: this },
    );
    new kubernetes.apps.v1.Deployment(
      `${name}-deployment`,
      {
        metadata: corednsMetadata(namespace),
        spec: rendered.apply((c) => corednsDeployment(spec, c, createHash("sha256").update(JSON.stringify(c)).digest("hex")).spec as never),
      },
      { parent: this, dependsOn: [config] },
    );
    const service = manifest(`${name}-service`, corednsService(spec), { parent: this }) as kubernetes.core.v1.Service;
    this.address = service.status.apply((status) => status?.loadBalancer?.ingress?.[0]?.ip);

    this.registerOutputs({ address: this.address });
  }
}
