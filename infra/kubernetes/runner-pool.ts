import * as kubernetes from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { CHARTS } from "../../src/platform/kubernetes/charts.js";
import { runnerPoolValues, runnerTokenSecretData } from "../../src/platform/kubernetes/runner-pool.js";
import { runnerPoolNames } from "../../src/platform/spec/index.js";
import type { KubernetesPlatformSpec, RunnerPool as RunnerPoolSpec } from "../../src/platform/spec/index.js";

export interface RunnerPoolArgs {
  /** The validated platform spec. */
  readonly spec: KubernetesPlatformSpec;
  /** This pool. */
  readonly pool: RunnerPoolSpec;
  /** The pool's runner authentication token (`glrt-…`, a Pulumi secret). */
  readonly token: pulumi.Input<string>;
  /** GitLab's external URL. */
  readonly gitlabUrl: string;
  /** `local-ca`: Secret in the runner namespace with the CA GitLab's certificate chains to. */
  readonly caSecret?: string | undefined;
}

/**
 * One GitLab runner pool: the token Secret and a gitlab-runner chart Release (Kubernetes executor) whose managers and
 * job pods run on the pool's nodes.
 */
export class RunnerPool extends pulumi.ComponentResource {
  constructor(name: string, args: RunnerPoolArgs, opts?: pulumi.ComponentResourceOptions) {
    super("autogit:kubernetes:RunnerPool", name, args, opts);
    const { spec, pool } = args;
    const namespace = spec.kubernetes.runnerNamespace;
    const names = runnerPoolNames(pool);

    const token = new kubernetes.core.v1.Secret(
      `${name}-token`,
      {
        metadata: { name: names.tokenSecret, namespace, labels: { "autogit.dev/runner-pool": pool.name } },
        type: "Opaque",
        stringData: pulumi.secret(pulumi.output(args.token).apply(runnerTokenSecretData)),
      },
      { parent: this },
    );
    new kubernetes.helm.v3.Release(
      `${name}-release`,
      {
        name: names.release,
        namespace,
        chart: CHARTS.gitlabRunner.chart,
        version: spec.kubernetes.charts.gitlabRunner,
        repositoryOpts: { repo: CHARTS.gitlabRunner.repo },
        values: runnerPoolValues({ pool, gitlabUrl: args.gitlabUrl, kubernetes: spec.kubernetes, versions: spec.versions, caSecret: args.caSecret }),
      },
      { parent: this, dependsOn: [token] },
    );

    this.registerOutputs({});
  }
}
