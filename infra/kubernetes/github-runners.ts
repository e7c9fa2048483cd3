import type * as kubernetes from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import {
  GITHUB_RUNNER_IDENTITY,
  defaultDenyPolicy,
  githubNamespace,
  runnerEgressPolicy,
  runnerLimitRange,
  runnerQuota,
  runnerRole,
  runnerRoleBinding,
  runnerServiceAccount,
  runnerTokenSecret,
} from "../../src/platform/kubernetes/github-namespace.js";
import { runnerKubeconfig } from "../../src/platform/kubernetes/kubeconfig.js";
import type { ClusterEndpoint } from "../../src/platform/kubernetes/kubeconfig.js";
import { manifest } from "./manifest.js";

export interface GithubRunnerNamespaceArgs {
  /** Namespace the action creates runner pods in. */
  readonly namespace: string;
  /** The API server the runner kubeconfig points at (the provider's cluster). */
  readonly cluster: pulumi.Input<ClusterEndpoint>;
}

/**
 * The namespace the GitHub Action's Kubernetes backend runs ephemeral runner pods in: Pod Security `restricted`,
 * default-deny networking with DNS and HTTPS (not the metadata endpoint) allowed out, a ResourceQuota with default
 * container limits, and an
 * identity limited to pods, pod logs and secrets there, handed out as a kubeconfig (a secret output).
 */
export class GithubRunnerNamespace extends pulumi.ComponentResource {
  /** kubeconfig of the runner identity, scoped to the namespace (a Pulumi secret). */
  readonly kubeconfig: pulumi.Output<string>;

  constructor(name: string, args: GithubRunnerNamespaceArgs, opts?: pulumi.ComponentResourceOptions) {
    super("autogit:kubernetes:GithubRunnerNamespace", name, args, opts);
    const ns = args.namespace;
    const namespace = manifest(`${name}-namespace`, githubNamespace(ns), { parent: this });
    const inNamespace = { parent: this, dependsOn: [namespace] };

    manifest(`${name}-default-deny`, defaultDenyPolicy(ns), inNamespace);
    manifest(`${name}-allow-dns-https`, runnerEgressPolicy(ns), inNamespace);
    manifest(`${name}-quota`, runnerQuota(ns), inNamespace);
    manifest(`${name}-limits`, runnerLimitRange(ns), inNamespace);
    const account = manifest(`${name}-service-account`, runnerServiceAccount(ns), inNamespace);
    const role = manifest(`${name}-role`, runnerRole(ns), inNamespace);
    manifest(`${name}-role-binding`, runnerRoleBinding(ns), { parent: this, dependsOn: [account, role] });
    // The provider waits until the token controller has filled the Secret in.
    const token = manifest(`${name}-token`, runnerTokenSecret(ns), { parent: this, dependsOn: [account], additionalSecretOutputs: ["data"] }) as kubernetes.core.v1.Secret;

    this.kubeconfig = pulumi.secret(
      pulumi.all([token.data, args.cluster]).apply(([data, cluster]) => {
        const encodedToken = data?.["token"];
        const ca = data?.["ca.crt"] ?? cluster.certificateAuthorityData;
        if (encodedToken === undefined || ca === undefined) {
          throw new Error(`${ns}/${GITHUB_RUNNER_IDENTITY}-token has no token yet: the cluster's token controller fills it in; check that the ServiceAccount exists`);
        }
        return runnerKubeconfig({
          server: cluster.server,
          certificateAuthorityData: ca,
          token: Buffer.from(encodedToken, "base64").toString("utf8"),
          namespace: ns,
          name: GITHUB_RUNNER_IDENTITY,
        });
      }),
    );

    this.registerOutputs({ kubeconfig: this.kubeconfig });
  }
}
