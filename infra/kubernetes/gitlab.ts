import * as kubernetes from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import * as random from "@pulumi/random";
import { CHARTS, RELEASES } from "../../src/platform/kubernetes/charts.js";
import { GITLAB_SECRETS, gitlabValues, oidcProviderYaml } from "../../src/platform/kubernetes/gitlab.js";
import type { KubernetesPlatformSpec } from "../../src/platform/spec/index.js";

export interface GitlabArgs {
  /** The validated platform spec. */
  readonly spec: KubernetesPlatformSpec;
  /** The plain OIDC client secret Authelia holds the digest of (a Pulumi secret). */
  readonly oidcClientSecret: pulumi.Input<string>;
  /** What must exist first: Traefik (ingress class, middlewares), the Certificates, Authelia. */
  readonly dependsOn: readonly pulumi.Resource[];
}

/**
 * GitLab CE from the official chart (Release: the chart's migrations and shared-secrets jobs are Helm hooks). The
 * initial root password and the OIDC provider are Secrets the values only name.
 */
export class Gitlab extends pulumi.ComponentResource {
  /** The initial root password (a Pulumi secret). */
  readonly rootPassword: pulumi.Output<string>;
  /** The chart's Release: ready once GitLab's pods are (the toolbox included). */
  readonly release: kubernetes.helm.v3.Release;

  constructor(name: string, args: GitlabArgs, opts?: pulumi.ComponentResourceOptions) {
    super("autogit:kubernetes:Gitlab", name, args, opts);
    const { spec } = args;
    const namespace = spec.kubernetes.namespace;

    const root = new random.RandomPassword(`${name}-root-password`, { length: 32, special: false }, { parent: this, additionalSecretOutputs: ["result"] });
    this.rootPassword = pulumi.secret(root.result);
    const rootSecret = new kubernetes.core.v1.Secret(
      `${name}-root-password`,
      { metadata: { name: GITLAB_SECRETS.rootPassword, namespace }, type: "Opaque", stringData: pulumi.secret({ password: root.result }) },
      { parent: this },
    );
    const oidcSecret = new kubernetes.core.v1.Secret(
      `${name}-oidc-provider`,
      {
        metadata: { name: GITLAB_SECRETS.oidcProvider, namespace },
        type: "Opaque",
        stringData: pulumi.secret({ provider: pulumi.output(args.oidcClientSecret).apply((secret) => oidcProviderYaml(spec, secret)) }),
      },
      { parent: this },
    );

    this.release = new kubernetes.helm.v3.Release(
      `${name}-release`,
      {
        name: RELEASES.gitlab,
        namespace,
        chart: CHARTS.gitlab.chart,
        version: spec.kubernetes.charts.gitlab,
        repositoryOpts: { repo: CHARTS.gitlab.repo },
        values: gitlabValues({ spec }),
        // First install migrates the database; give it time rather than fail half-way.
        timeout: 1800,
        atomic: false,
      },
      { parent: this, dependsOn: [rootSecret, oidcSecret, ...args.dependsOn] },
    );

    this.registerOutputs({});
  }
}
