import * as pulumi from "@pulumi/pulumi";
import { RUNNER_TOKEN_NAMESPACE, runnerTokenKey } from "../../src/platform/kubernetes/runner-pool.js";
import { dnsServerAddress } from "../../src/platform/kubernetes/coredns.js";
import { platformNamespace } from "../../src/platform/kubernetes/namespaces.js";
import { gitlabRunnerRegistration } from "../../src/platform/render/gitlab-runner-config.js";
import { httpsUrl } from "../../src/platform/render/names.js";
import { githubRunnerNamespace } from "../../src/platform/spec/index.js";
import type { KubernetesPlatformSpec } from "../../src/platform/spec/index.js";
import type { PlatformOutputs } from "../outputs.js";
import { Authelia } from "./authelia.js";
import { CertManager } from "./cert-manager.js";
import { providerClusterEndpoint } from "./cluster.js";
import { CoreDns } from "./coredns.js";
import { GithubRunnerNamespace } from "./github-runners.js";
import { Gitlab } from "./gitlab.js";
import { manifest } from "./manifest.js";
import { NodeAgents } from "./node-agents.js";
import { RunnerPool } from "./runner-pool.js";
import { Traefik } from "./traefik.js";

export interface KubernetesPlatformArgs {
  /** The validated spec of a `target: kubernetes` stack. */
  readonly spec: KubernetesPlatformSpec;
}

/**
 * The whole platform on a Kubernetes cluster (the default provider's): namespaces, Traefik, cert-manager, Authelia,
 * CoreDNS for the LAN, GitLab CE, a GitLab runner pool per `runnerHosts` entry with the node agents they need, and
 * the namespace the GitHub Action runs runner pods in.
 */
export class KubernetesPlatform extends pulumi.ComponentResource {
  readonly outputs: PlatformOutputs;

  constructor(name: string, args: KubernetesPlatformArgs, opts?: pulumi.ComponentResourceOptions) {
    const { spec } = args;
    // The spec has checked the config; what only the provider knows (its kubeconfig and context) fails here, before any resource.
    const cluster = providerClusterEndpoint();
    super("autogit:kubernetes:Platform", name, args, opts);

    const platformNs = manifest(`${name}-namespace`, platformNamespace(spec.kubernetes.namespace, "platform"), { parent: this });
    const runnerNs = manifest(`${name}-runner-namespace`, platformNamespace(spec.kubernetes.runnerNamespace, "gitlab-runners"), { parent: this });
    const inPlatform = { parent: this, dependsOn: [platformNs] };

    const traefik = new Traefik(`${name}-traefik`, { spec }, inPlatform);
    const certManager = new CertManager(`${name}-cert-manager`, { spec, dependsOn: [traefik.chart], runnerNamespace: runnerNs }, inPlatform);
    const authelia = new Authelia(`${name}-authelia`, { spec }, inPlatform);
    const serviceAddress =
      spec.dns.lanAddress ??
      traefik.address.apply((address) => {
        if (address === undefined) throw new Error("Traefik's LoadBalancer Service has no external address; set autogit:dns.lanAddress or check the cluster's load balancer (MetalLB, cloud LB)");
        return address;
      });
    const coredns = new CoreDns(`${name}-coredns`, { spec, serviceAddress }, inPlatform);
    const gitlab = new Gitlab(`${name}-gitlab`, { spec, oidcClientSecret: authelia.oidcClientSecret, dependsOn: [traefik, certManager, authelia] }, inPlatform);

    new NodeAgents(`${name}-node-agents`, { pools: spec.runnerHosts }, { parent: this });
    const tokens = new pulumi.Config(RUNNER_TOKEN_NAMESPACE);
    for (const pool of spec.runnerHosts) {
      const token = tokens.getSecret(pool.name);
      if (token === undefined) {
        // GitLab issues the token once the runner is created there; until then the pool is left out, not broken.
        const runner = gitlabRunnerRegistration(pool);
        void pulumi.log.warn(
          `runner pool ${pool.name}: no runner token yet. In GitLab (Admin → CI/CD → Runners → New instance runner) create "${runner.description}" with tags ${runner.tag_list.join(",")} and "run untagged jobs" off, then \`pulumi config set --secret ${runnerTokenKey(pool)} glrt-…\` and run \`pulumi up\` again`,
          this,
        );
        continue;
      }
      new RunnerPool(
        `${name}-pool-${pool.name}`,
        { spec, pool, token, gitlabUrl: httpsUrl(spec.hostnames.gitlab), caSecret: certManager.runnerCaSecret },
        { parent: this, dependsOn: [runnerNs, certManager] },
      );
    }

    const github = new GithubRunnerNamespace(`${name}-github-runners`, { namespace: githubRunnerNamespace(spec.kubernetes), cluster }, { parent: this });

    this.outputs = {
      urls: pulumi.output<Readonly<Record<string, string>>>({ gitlab: httpsUrl(spec.hostnames.gitlab), auth: httpsUrl(spec.hostnames.auth), traefik: httpsUrl(spec.hostnames.traefik) }),
      dnsAddress: coredns.address.apply((address) => dnsServerAddress(spec, address)),
      // Already a Pulumi secret (the Gitlab component wraps it).
      gitlabRootPassword: gitlab.rootPassword,
      runnerKubeconfig: github.kubeconfig,
    };
    this.registerOutputs({ ...this.outputs });
  }
}
