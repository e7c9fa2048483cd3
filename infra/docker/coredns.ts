import * as docker from "@pulumi/docker";
import * as pulumi from "@pulumi/pulumi";
import { renderCoreDns } from "../../src/platform/render/corefile.js";
import { COREDNS_PATHS } from "../../src/platform/render/defaults.js";
import type { DockerPlatformSpec } from "../../src/platform/spec/index.js";
import type { ContainerFile } from "./containers.js";
import { autogitLabels, containerName, onNetwork, uploads } from "./containers.js";
import { PLATFORM_SUBNET } from "./network.js";

export interface CoreDnsArgs {
  /** The validated stack config. */
  readonly spec: DockerPlatformSpec;
  /** Platform network name. */
  readonly network: pulumi.Input<string>;
}

/** The Corefile and zone files CoreDNS reads, from the renderer. */
export function coreDnsFiles(spec: DockerPlatformSpec): ContainerFile[] {
  // The platform's own containers query from the platform network, not from the LAN.
  const rendered = renderCoreDns(spec, { alsoAllow: [PLATFORM_SUBNET] });
  return [{ path: COREDNS_PATHS.corefile, content: rendered.corefile }, ...rendered.zoneFiles.map((zone) => ({ path: zone.path, content: zone.content }))];
}

/** DNS port 53 over UDP and TCP, published on `dns.lanAddress` only: not on every interface of the host. */
export function coreDnsPorts(lanAddress: string): docker.types.input.ContainerPort[] {
  return (["udp", "tcp"] as const).map((protocol) => ({ internal: 53, external: 53, ip: lanAddress, protocol }));
}

/**
 * CoreDNS for the LAN: answers the platform's names (and `dns.records`) with `dns.lanAddress`, forwards the rest,
 * and refuses every client outside `dns.allowedNetworks` (never an open resolver). Point the router's DNS, or a
 * conditional forward for the domain, at `dnsAddress`.
 */
export class CoreDns extends pulumi.ComponentResource {
  readonly container: docker.Container;

  constructor(name: string, args: CoreDnsArgs, opts?: pulumi.ComponentResourceOptions) {
    super("autogit:docker:CoreDns", name, args, opts);
    const { spec } = args;
    const image = new docker.RemoteImage(`${name}-image`, { name: `coredns/coredns:${spec.versions.coredns}`, keepLocally: true }, { parent: this });
    this.container = new docker.Container(
      `${name}-container`,
      {
        name: containerName("coredns"),
        image: image.name,
        command: ["-conf", COREDNS_PATHS.corefile],
        restart: "unless-stopped",
        uploads: uploads(coreDnsFiles(spec)),
        ports: coreDnsPorts(spec.dns.lanAddress),
        networksAdvanced: onNetwork(args.network, "coredns"),
        // The image is distroless (no shell, no curl): its `health`/`ready` endpoints are for probes from outside.
        labels: autogitLabels("coredns"),
      },
      { parent: this },
    );
    this.registerOutputs({ container: this.container.id });
  }
}
