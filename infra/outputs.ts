import type * as pulumi from "@pulumi/pulumi";
import type { RunnerFleetEntry } from "../src/platform/fleet.js";

/** What each target's platform component gives the stack outputs. */
export interface PlatformOutputs {
  /** Service URLs: `gitlab`, `auth`, `traefik`. */
  readonly urls: pulumi.Output<Readonly<Record<string, string>>>;
  /** The address LAN clients (or the router) use as DNS server. */
  readonly dnsAddress: pulumi.Output<string>;
  /** Docker target: runner hosts in the shape the action's inputs take. */
  readonly runnerFleet?: pulumi.Output<readonly RunnerFleetEntry[]>;
  /** The initial password of GitLab's `root` (a secret): `pulumi stack output gitlabRootPassword --show-secrets`. */
  readonly gitlabRootPassword?: pulumi.Output<string>;
  /** `tls.mode: local-ca`: the root certificate LAN clients and runners must trust (public). */
  readonly caCertificate?: pulumi.Output<string>;
  /** Kubernetes target: a kubeconfig for the GitHub runner namespace (a secret). */
  readonly runnerKubeconfig?: pulumi.Output<string>;
}
