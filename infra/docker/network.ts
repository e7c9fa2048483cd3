import * as docker from "@pulumi/docker";
import * as pulumi from "@pulumi/pulumi";
import { autogitLabels } from "./containers.js";

export interface PlatformNetworkArgs {
  /** Docker network name the services share, e.g. `autogit` (`docker.network` in the stack). */
  readonly networkName: pulumi.Input<string>;
  /** IPv4 subnet of the bridge; GitLab trusts X-Forwarded-For from it (Traefik's address is in it). */
  readonly subnet: string;
}

/**
 * The bridge's subnet. Fixed rather than left to Docker so GitLab's trusted proxies are known at preview time;
 * chosen outside Docker's default address pools (172.17–31/16, 192.168/16) so it does not collide with networks
 * Docker hands out itself.
 */
export const PLATFORM_SUBNET = "10.254.253.0/24";

/**
 * The user-defined bridge network GitLab, Traefik, Authelia and CoreDNS share. On a user-defined bridge the
 * containers resolve each other by name (and alias) through Docker's embedded DNS, so Traefik reaches
 * `gitlab:80` and `authelia:9091` without either publishing a port.
 */
export class PlatformNetwork extends pulumi.ComponentResource {
  /** The network's name, for `networksAdvanced` of the service containers. */
  readonly name: pulumi.Output<string>;

  constructor(name: string, args: PlatformNetworkArgs, opts?: pulumi.ComponentResourceOptions) {
    super("autogit:docker:PlatformNetwork", name, args, opts);
    const network = new docker.Network(
      `${name}-bridge`,
      {
        name: args.networkName,
        driver: "bridge",
        ipamConfigs: [{ subnet: args.subnet }],
        labels: autogitLabels("network"),
      },
      { parent: this },
    );
    this.name = network.name;
    this.registerOutputs({ name: this.name });
  }
}
