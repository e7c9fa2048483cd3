import * as kubernetes from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { CHARTS } from "../../src/platform/kubernetes/charts.js";
import { runnerPoolValues, runnerTokenSecretData } from "../../src/platform/kubernetes/runner-pool.js";
import { runnerIdentity } from "../../src/platform/registration/runner-api.js";
import { runnerPoolNames } from "../../src/platform/spec/index.js";
import type { KubernetesPlatformSpec, RunnerPool as RunnerPoolSpec } from "../../src/platform/spec/index.js";
import { GitlabRunnerRegistration } from "../shared/runner-registration.js";

/** What a pool needs to register its runner through GitLab's API. */
export interface RunnerPoolRegistration {
  /** Root-scoped token allowed to create instance runners (secret). */
  readonly adminToken: pulumi.Input<string>;
  /** URN to `pulumi up --replace` to rotate the admin token. */
  readonly adminTokenUrn: pulumi.Input<string>;
  /** `local-ca`: the root GitLab's certificate chains to; absent = the system's trust store. */
  readonly caCertPem?: pulumi.Input<string> | undefined;
  /** What must exist first: GitLab ready, the admin token created. */
  readonly dependsOn: readonly pulumi.Resource[];
}

/** Where a pool's runner token comes from: `autogit-runner-tokens:<pool>` (override), or a registration. */
export type RunnerPoolToken = { readonly override: pulumi.Input<string> } | { readonly register: RunnerPoolRegistration };

export interface RunnerPoolArgs {
  /** The validated platform spec. */
  readonly spec: KubernetesPlatformSpec;
  /** This pool. */
  readonly pool: RunnerPoolSpec;
  /** The pool's runner authentication token (`glrt-…`): set by the user, or registered here. */
  readonly token: RunnerPoolToken;
  /** `local-ca`: Secret in the runner namespace with the CA GitLab's certificate chains to. */
  readonly caSecret?: string | undefined;
}

/**
 * One GitLab runner pool: its instance runner registered in GitLab with the pool's arch/GPU tags (unless its token
 * is set by hand), the token Secret, and a gitlab-runner chart Release (Kubernetes executor) whose managers and job
 * pods run on the pool's nodes.
 */
export class RunnerPool extends pulumi.ComponentResource {
  constructor(name: string, args: RunnerPoolArgs, opts?: pulumi.ComponentResourceOptions) {
    // Inputs are data: the pool, never the tokens.
    super("autogit:kubernetes:RunnerPool", name, { pool: args.pool }, opts);
    const { spec, pool } = args;
    const namespace = spec.kubernetes.runnerNamespace;
    const names = runnerPoolNames(pool);
    const identity = runnerIdentity(pool, spec.hostnames.gitlab);

    let runnerToken: pulumi.Input<string>;
    if ("override" in args.token) {
      runnerToken = args.token.override;
    } else {
      const { register } = args.token;
      runnerToken = new GitlabRunnerRegistration(
        `${name}-registration`,
        { ...identity, caCertPem: register.caCertPem, adminToken: register.adminToken, adminTokenUrn: register.adminTokenUrn },
        { parent: this, dependsOn: [...register.dependsOn] },
      ).token;
    }

    const token = new kubernetes.core.v1.Secret(
      `${name}-token`,
      {
        metadata: { name: names.tokenSecret, namespace, labels: { "autogit.dev/runner-pool": pool.name } },
        type: "Opaque",
        stringData: pulumi.secret(pulumi.output(runnerToken).apply(runnerTokenSecretData)),
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
        values: runnerPoolValues({ pool, gitlabUrl: identity.gitlabUrl, kubernetes: spec.kubernetes, versions: spec.versions, caSecret: args.caSecret }),
      },
      { parent: this, dependsOn: [token] },
    );

    this.registerOutputs({});
  }
}
