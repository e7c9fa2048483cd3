import * as docker from "@pulumi/docker";
import * as pulumi from "@pulumi/pulumi";
import { renderCoreDns } from "../../src/platform/render/corefile.js";
import { COREDNS_PATHS } from "../../src/platform/render/defaults.js";
import type { DockerPlatformSpec } from "../../src/platform/spec/index.js";
import type { ContainerFile } from "./containers.js";
import { autogitLabels, containerName, uploads } from "./containers.js";
import { PLATFORM_SUBNET } from "./network.js";

export interface CoreDnsArgs {
  /** The validated stack config. */
  readonly spec: DockerPlatformSpec;
}

/** CoreDNS runs in the host's network namespace: it binds `dns.lanAddress` itself, no port is published. */
export const COREDNS_NETWORK_MODE = "host";

/**
 * The Corefile and zone files CoreDNS reads, from the renderer: every server block binds `dns.lanAddress` only,
 * and the health/ready endpoints listen on the host's loopback, not on the LAN.
 */
export function coreDnsFiles(spec: DockerPlatformSpec): ContainerFile[] {
  const rendered = renderCoreDns(spec, {
    bind: [spec.dns.lanAddress],
    // A container on a bridge of this host that queries dns.lanAddress (a platform service, through Docker's
    // embedded resolver) leaves through the bridge gateway and is delivered to the host itself: that never passes
    // POSTROUTING, so Docker's MASQUERADE does not apply and CoreDNS sees the container's own address. The platform
    // bridge is allowed explicitly, so a stack that narrows dns.allowedNetworks to its LAN does not lock it out. Job
    // containers of a runner host on this same engine query from Docker's default bridge (172.17.0.0/16 unless
    // changed): covered by the default allowedNetworks (RFC 1918), to be listed by a stack that narrows them.
    // Remote runner hosts' jobs are NATed to their host's LAN address.
    alsoAllow: [PLATFORM_SUBNET],
    probeAddress: "127.0.0.1",
  });
  return [{ path: COREDNS_PATHS.corefile, content: rendered.corefile }, ...rendered.zoneFiles.map((zone) => ({ path: zone.path, content: zone.content }))];
}

/**
 * CoreDNS for the LAN: answers the platform's names (and `dns.records`) with `dns.lanAddress`, forwards the rest,
 * and refuses every client outside `dns.allowedNetworks` (never an open resolver). It uses the host's network, not
 * the platform bridge: behind Docker's port publishing the `acl` could see NATed (gateway) addresses instead of the
 * real clients, and with `bind` on the LAN address it cannot answer on any other interface of the host. Point the
 * router's DNS, or a conditional forward for the domain, at `dnsAddress`.
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
        networkMode: COREDNS_NETWORK_MODE,
        // Port 53 needs NET_BIND_SERVICE, which is in Docker's default capability set.
        // The image is distroless (no shell, no curl): its health/ready endpoints are on 127.0.0.1:8080/8181 of the host.
        labels: autogitLabels("coredns"),
      },
      { parent: this },
    );
    this.registerOutputs({ container: this.container.id });
  }
}
