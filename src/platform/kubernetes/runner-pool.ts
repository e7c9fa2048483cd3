import { stringify as toToml } from "smol-toml";
import { DEFAULT_JOB_IMAGE } from "../render/gitlab-runner-config.js";
import type { KubernetesSpec, RunnerPool, Toleration, VersionsSpec } from "../spec/index.js";
import { gpuResourceName, poolNodeSelector, runnerPoolNames } from "../spec/index.js";

/**
 * One GitLab Runner chart release per runner pool: a runner manager (Kubernetes executor) whose job pods land on the
 * pool's nodes (`kubernetes.io/arch` plus the pool's labels), with the pool's GPU as a device-plugin limit.
 */

/** RuntimeClass NVIDIA GPU pods run with (the NVIDIA Container Toolkit's containerd handler). */
export const NVIDIA_RUNTIME_CLASS = "nvidia";

/**
 * Pulumi config namespace of runner authentication token overrides (`glrt-…`), one optional key per pool:
 * `pulumi config set --secret autogit-runner-tokens:<pool> glrt-…` for a runner created in GitLab by hand. Outside
 * `autogit:` because such a token only exists once GitLab does; a pool without one registers through GitLab's API.
 */
export const RUNNER_TOKEN_NAMESPACE = "autogit-runner-tokens";

/** The chart's runner Secret: an authentication token, and the legacy registration token left empty. */
export function runnerTokenSecretData(token: string): Readonly<Record<string, string>> {
  return { "runner-registration-token": "", "runner-token": token };
}

/** `key=value` → effect, the executor's `node_tolerations` form; an `Exists` toleration is its key alone. */
function executorTolerations(tolerations: readonly Toleration[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const t of tolerations) {
    if (t.key === undefined) continue; // tolerate-everything entries have no executor equivalent
    const key = t.operator === "Exists" || t.value === undefined ? t.key : `${t.key}=${t.value}`;
    out[key] = t.effect ?? "";
  }
  return out;
}

/** The pod-spec patch that asks for the pool's GPUs on the build container. */
export function gpuPodSpecPatch(pool: RunnerPool): Record<string, unknown> | undefined {
  if (pool.gpu === undefined) return undefined;
  // The spec refuses "all" on kubernetes; restated for the type.
  const count = pool.gpu.count === "all" ? 1 : pool.gpu.count;
  const resource = gpuResourceName(pool.gpu.vendor);
  return { containers: [{ name: "build", resources: { limits: { [resource]: String(count) }, requests: { [resource]: String(count) } } }] };
}

/** Where the chart mounts `certsSecretName` in the runner manager. */
export const RUNNER_CERTS_DIR = "/home/gitlab-runner/.gitlab-runner/certs";

/**
 * The `config.toml` template the chart merges into its runner entry (Kubernetes executor settings). With
 * `caSecret` (local CA) the runner, and through `CI_SERVER_TLS_CA_FILE` its jobs, trust that CA for GitLab.
 */
export function runnerConfigToml(pool: RunnerPool, namespace: string, caSecret?: string): string {
  const patch = gpuPodSpecPatch(pool);
  const kubernetes: Record<string, unknown> = {
    namespace,
    image: DEFAULT_JOB_IMAGE,
    privileged: false,
    poll_timeout: 600,
    node_selector: { ...poolNodeSelector(pool) },
    node_tolerations: executorTolerations(pool.tolerations),
    ...(pool.gpu?.vendor === "nvidia" ? { runtime_class_name: NVIDIA_RUNTIME_CLASS } : {}),
    ...(patch === undefined ? {} : { pod_spec: [{ name: "gpu", patch_type: "strategic", patch: JSON.stringify(patch) }] }),
  };
  const runner: Record<string, unknown> = {
    executor: "kubernetes",
    ...(caSecret === undefined ? {} : { "tls-ca-file": `${RUNNER_CERTS_DIR}/ca.crt` }),
    ...(patch === undefined ? {} : { feature_flags: { FF_USE_ADVANCED_POD_SPEC_CONFIGURATION: true } }),
    kubernetes,
  };
  return toToml({ runners: [runner] });
}

export interface RunnerPoolValuesInput {
  readonly pool: RunnerPool;
  readonly gitlabUrl: string;
  readonly kubernetes: Pick<KubernetesSpec, "runnerNamespace">;
  readonly versions: Pick<VersionsSpec, "gitlabRunner">;
  /** Secret in the runner namespace whose `ca.crt` signs GitLab's certificate (local CA); absent = public CA. */
  readonly caSecret?: string | undefined;
}

/** Values of the gitlab-runner chart for one pool. */
export function runnerPoolValues({ pool, gitlabUrl, kubernetes, versions, caSecret }: RunnerPoolValuesInput): Record<string, unknown> {
  const { tokenSecret } = runnerPoolNames(pool);
  return {
    image: { registry: "registry.gitlab.com", image: "gitlab-org/gitlab-runner", tag: `alpine-${versions.gitlabRunner}` },
    gitlabUrl,
    concurrent: pool.capacity,
    replicas: pool.replicas,
    unregisterRunners: false,
    rbac: { create: true },
    serviceAccount: { create: true },
    // The manager pods run on the pool's kind of node too, so a pool on dedicated (tainted) nodes is self-contained.
    nodeSelector: { ...poolNodeSelector(pool) },
    tolerations: pool.tolerations.map((t) => ({ ...t })),
    podLabels: { "autogit.dev/runner-pool": pool.name },
    securityContext: { allowPrivilegeEscalation: false, readOnlyRootFilesystem: false, runAsNonRoot: true, capabilities: { drop: ["ALL"] } },
    ...(caSecret === undefined ? {} : { certsSecretName: caSecret }),
    runners: {
      secret: tokenSecret,
      config: runnerConfigToml(pool, kubernetes.runnerNamespace, caSecret),
    },
  };
}
