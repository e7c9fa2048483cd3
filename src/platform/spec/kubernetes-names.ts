import type { KubernetesSpec, RunnerPool } from "./types.js";

/**
 * Names the Kubernetes target derives from the config. They live with the spec because its rules check them
 * against the cluster's limits (`rules-kubernetes.ts`) before anything is declared.
 */

/** Namespace the GitHub Action's runner pods run in: `<runnerNamespace>-github`. */
export function githubRunnerNamespace(kubernetes: Pick<KubernetesSpec, "runnerNamespace">): string {
  return `${kubernetes.runnerNamespace}-github`;
}

/** Release and Secret names of a GitLab runner pool. */
export function runnerPoolNames(pool: Pick<RunnerPool, "name">): { readonly release: string; readonly tokenSecret: string } {
  return { release: `gitlab-runner-${pool.name}`, tokenSecret: `gitlab-runner-${pool.name}-token` };
}
