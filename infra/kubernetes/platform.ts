import * as kubernetes from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { caCertPemFromSecretData } from "../../src/platform/kubernetes/cert-manager.js";
import { RELEASES } from "../../src/platform/kubernetes/charts.js";
import { RUNNER_TOKEN_NAMESPACE } from "../../src/platform/kubernetes/runner-pool.js";
import { createAdminTokenKubectlScript, gitlabToolboxDeployment, revokeAdminTokenKubectlScript } from "../../src/platform/registration/admin-token.js";
import { dnsServerAddress } from "../../src/platform/kubernetes/coredns.js";
import { platformNamespace } from "../../src/platform/kubernetes/namespaces.js";
import { httpsUrl } from "../../src/platform/render/names.js";
import { githubRunnerNamespace } from "../../src/platform/spec/index.js";
import type { KubernetesPlatformSpec } from "../../src/platform/spec/index.js";
import type { PlatformOutputs } from "../outputs.js";
import { GitlabAdminToken } from "../shared/gitlab-admin-token.js";
import { Authelia } from "./authelia.js";
import { CertManager } from "./cert-manager.js";
import { providerClusterEndpoint, providerKubectlEnvironment } from "./cluster.js";
import { CoreDns } from "./coredns.js";
import { GithubRunnerNamespace } from "./github-runners.js";
import { Gitlab } from "./gitlab.js";
import { manifest } from "./manifest.js";
import { NodeAgents } from "./node-agents.js";
import { RunnerPool } from "./runner-pool.js";
import type { RunnerPoolRegistration, RunnerPoolToken } from "./runner-pool.js";
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
    // `autogit-runner-tokens:<pool>` overrides a pool's registration; every other pool registers through GitLab's API
    // with a root token made in the chart's toolbox pod once GitLab's Release is ready (created only when a pool needs it).
    const overrides = new pulumi.Config(RUNNER_TOKEN_NAMESPACE);
    let registration: RunnerPoolRegistration | undefined;
    const register = (): RunnerPoolRegistration => {
      if (registration !== undefined) return registration;
      const adminToken = new GitlabAdminToken(
        `${name}-gitlab-admin-token`,
        {
          create: createAdminTokenKubectlScript(),
          delete: revokeAdminTokenKubectlScript(),
          environment: { ...providerKubectlEnvironment(), GITLAB_NAMESPACE: spec.kubernetes.namespace, GITLAB_TOOLBOX: gitlabToolboxDeployment(RELEASES.gitlab) },
        },
        { parent: this, dependsOn: [gitlab.release] },
      );
      const caCertPem = runnerCaCertPem(`${name}-gitlab-ca-bundle`, spec, certManager.runnerCaSecret, gitlab.release, this);
      registration = { adminToken: adminToken.token, adminTokenUrn: adminToken.valueUrn, caCertPem, dependsOn: [gitlab.release, adminToken.created] };
      return registration;
    };
    for (const pool of spec.runnerHosts) {
      const override = overrides.getSecret(pool.name);
      const token: RunnerPoolToken = override === undefined ? { register: register() } : { override };
      new RunnerPool(`${name}-pool-${pool.name}`, { spec, pool, token, caSecret: certManager.runnerCaSecret }, { parent: this, dependsOn: [runnerNs, certManager] });
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

/**
 * `local-ca`: the root GitLab's certificate chains to, read from cert-manager's bundle Secret in the runner namespace
 * once GitLab's Release is ready (cert-manager issued it long before), for curl to verify GitLab with.
 */
function runnerCaCertPem(
  name: string,
  spec: KubernetesPlatformSpec,
  secret: string | undefined,
  after: kubernetes.helm.v3.Release,
  parent: pulumi.Resource,
): pulumi.Output<string> | undefined {
  if (secret === undefined) return undefined;
  const qualified = `${spec.kubernetes.runnerNamespace}/${secret}`;
  const bundle = kubernetes.core.v1.Secret.get(name, after.id.apply(() => qualified), { parent });
  return pulumi.secret(bundle.data.apply((data) => caCertPemFromSecretData(data, qualified)));
}
