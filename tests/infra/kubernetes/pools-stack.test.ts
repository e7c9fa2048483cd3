import { parse as parseToml } from "smol-toml";
import { beforeAll, describe, expect, it } from "vitest";
import type { ProgramRun } from "../../support/pulumi.js";
import { MOCK_CA_BUNDLE_PEM, mockRunnerToken, runConfig, runStack } from "../../support/pulumi.js";
import { loadStackConfig } from "../../../src/cli/stack-config.js";
import { kubernetesObjects, validateObject } from "./models.js";
import { OPERATOR_KUBECONFIG } from "./kubeconfig.js";

const POOLS = ["amd64", "arm64", "cuda", "rocm", "intel-gpu"] as const;
const TOKENS = Object.fromEntries(POOLS.map((pool) => [`autogit-runner-tokens:${pool}`, `glrt-${pool}-secret`]));
const STACK = "stacks/Pulumi.k8s-pools.yaml";
const DAEMONSET = "kubernetes:apps/v1:DaemonSet";

interface PodTemplate {
  metadata: { name: string };
  spec: { template: { spec: { affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: unknown[] } } }; tolerations: unknown[]; initContainers?: { args: string[] }[] } } };
}

const COMMAND = "command:local:Command";
const ADMIN_TOKEN = "autogit-mock-random-autogit-gitlab-admin-token-value";

let run: ProgramRun;
beforeAll(async () => {
  // No token overrides: every pool registers its runner through GitLab's API.
  run = await runStack(STACK, { extraConfig: { "kubernetes:kubeconfig": OPERATOR_KUBECONFIG } });
});

const daemonSet = (name: string) => run.ofType(DAEMONSET).map((r) => r.inputs as unknown as PodTemplate).find((d) => d.metadata.name === name);
const executor = (pool: string) => {
  const values = run.get("kubernetes:helm.sh/v3:Release", `autogit-pool-${pool}-release`).inputs["values"] as { runners: { config: string } };
  return (parseToml(values.runners.config) as { runners: { kubernetes: Record<string, unknown> }[] }).runners[0]?.kubernetes ?? {};
};
const gpuLimits = (pool: string) => {
  const patch = (executor(pool)["pod_spec"] as { patch: string }[] | undefined)?.[0]?.patch;
  return patch === undefined ? undefined : (JSON.parse(patch) as { containers: { resources: { limits: Record<string, string> } }[] }).containers[0]?.resources.limits;
};

describe("multi-pool example stack (k8s-pools)", () => {
  it("declares only valid objects", () => {
    for (const object of kubernetesObjects(run.resources)) validateObject(object);
  });

  it("deploys one gitlab-runner release per pool, in the runner namespace", () => {
    const releases = run.ofType("kubernetes:helm.sh/v3:Release").filter((r) => r.inputs["chart"] === "gitlab-runner");
    expect(releases.map((r) => r.inputs["name"]).sort()).toEqual(POOLS.map((p) => `gitlab-runner-${p}`).sort());
    for (const r of releases) expect(r.inputs["namespace"]).toBe("ci-runners");
  });

  it("requests each vendor's device-plugin resource, and the NVIDIA runtime class only for NVIDIA", () => {
    expect(gpuLimits("cuda")).toEqual({ "nvidia.com/gpu": "1" });
    expect(gpuLimits("rocm")).toEqual({ "amd.com/gpu": "1" });
    expect(gpuLimits("intel-gpu")).toEqual({ "gpu.intel.com/i915": "1" });
    expect(gpuLimits("amd64")).toBeUndefined();
    expect(executor("cuda")["runtime_class_name"]).toBe("nvidia");
    for (const pool of ["rocm", "intel-gpu", "amd64", "arm64"]) expect(executor(pool)["runtime_class_name"]).toBeUndefined();
    expect(executor("arm64")["node_selector"]).toEqual({ "kubernetes.io/arch": "arm64" });
    expect(executor("rocm")["node_selector"]).toEqual({ "kubernetes.io/arch": "amd64", "autogit.dev/gpu": "amd" });
  });

  it("runs each vendor's device plugin only on that vendor's pool nodes", () => {
    const names = run.ofType(DAEMONSET).map((r) => (r.inputs as unknown as PodTemplate).metadata.name);
    expect(names.sort()).toEqual(["amd-gpu-device-plugin", "binfmt", "intel-gpu-plugin", "nvidia-device-plugin"]);
    const terms = (name: string) => daemonSet(name)?.spec.template.spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms;
    expect(terms("nvidia-device-plugin")).toEqual([
      { matchExpressions: [{ key: "kubernetes.io/arch", operator: "In", values: ["amd64"] }, { key: "nvidia.com/gpu.present", operator: "In", values: ["true"] }] },
    ]);
    expect(terms("amd-gpu-device-plugin")).toEqual([
      { matchExpressions: [{ key: "autogit.dev/gpu", operator: "In", values: ["amd"] }, { key: "kubernetes.io/arch", operator: "In", values: ["amd64"] }] },
    ]);
    expect(daemonSet("nvidia-device-plugin")?.spec.template.spec.tolerations).toContainEqual({ key: "nvidia.com/gpu", operator: "Exists", effect: "NoSchedule" });
  });

  it("registers QEMU for riscv64 on the arm64 pool's nodes only", () => {
    const binfmt = daemonSet("binfmt");
    expect(binfmt?.spec.template.spec.initContainers?.[0]?.args).toEqual(["--install", "riscv64"]);
    expect(binfmt?.spec.template.spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms).toEqual([
      { matchExpressions: [{ key: "kubernetes.io/arch", operator: "In", values: ["arm64"] }] },
    ]);
  });

  it("issues certificates from a self-signed root through the local-ca ClusterIssuer", () => {
    const issuers = run.ofType("kubernetes:cert-manager.io/v1:ClusterIssuer").map((r) => r.inputs as { metadata: { name: string }; spec: Record<string, unknown> });
    expect(Object.fromEntries(issuers.map((i) => [i.metadata.name, i.spec]))).toEqual({ selfsigned: { selfSigned: {} }, "local-ca": { ca: { secretName: "autogit-local-ca" } } });
    const certificates = run.ofType("kubernetes:cert-manager.io/v1:Certificate").map((r) => r.inputs as { metadata: { namespace: string }; spec: { isCA?: boolean; issuerRef: { name: string } } });
    const root = certificates.filter((c) => c.spec.isCA === true);
    const hosts = certificates.filter((c) => c.spec.isCA !== true && c.metadata.namespace === "ci");
    expect(root).toHaveLength(1);
    expect(root[0]?.spec.issuerRef.name).toBe("selfsigned");
    expect(root[0]?.metadata.namespace).toBe("cert-manager");
    expect(hosts.map((c) => c.spec.issuerRef.name)).toEqual(["local-ca", "local-ca", "local-ca"]);
  });

  it("makes GitLab and the runners trust the local CA", () => {
    const gitlab = run.get("kubernetes:helm.sh/v3:Release", "autogit-gitlab-release").inputs["values"] as { global: Record<string, unknown> };
    expect(gitlab.global["certificates"]).toEqual({ customCAs: [{ secret: "auth-tls", keys: ["ca.crt"] }] });
    const bundle = run.get("kubernetes:cert-manager.io/v1:Certificate", "autogit-cert-manager-runner-ca").inputs;
    expect(bundle).toMatchObject({ metadata: { namespace: "ci-runners" }, spec: { secretName: "gitlab-ca-bundle", issuerRef: { name: "local-ca" } } });
    const values = run.get("kubernetes:helm.sh/v3:Release", "autogit-pool-amd64-release").inputs["values"] as { certsSecretName: string; runners: { config: string } };
    expect(values.certsSecretName).toBe("gitlab-ca-bundle");
    expect((parseToml(values.runners.config) as { runners: Record<string, unknown>[] }).runners[0]?.["tls-ca-file"]).toBe("/home/gitlab-runner/.gitlab-runner/certs/ca.crt");
  });

  it("points the service records at dns.lanAddress and uses the stack's storage class", () => {
    const data = (run.get("kubernetes:core/v1:ConfigMap", "autogit-coredns-config").inputs as { data: Record<string, string> }).data;
    expect(Object.values(data).join("\n")).toContain("192.168.20.10");
    expect(run.get("kubernetes:core/v1:PersistentVolumeClaim", "autogit-authelia-data").inputs).toMatchObject({ spec: { storageClassName: "longhorn" } });
  });
});

describe("runner registration through GitLab's API", () => {
  const registrationEnv = (pool: string) => run.get(COMMAND, `autogit-pool-${pool}-registration-api`).inputs["environment"] as Record<string, string>;

  it("registers one instance runner per pool with its arch and GPU tags, at GitLab's public URL", () => {
    const registrations = run.ofType(COMMAND).filter((r) => r.name.endsWith("-registration-api"));
    expect(registrations.map((r) => r.name).sort()).toEqual(POOLS.map((p) => `autogit-pool-${p}-registration-api`).sort());
    expect(registrationEnv("amd64")["RUNNER_TAGS"]).toBe("arch:amd64");
    expect(registrationEnv("arm64")["RUNNER_TAGS"]?.split(",").sort()).toEqual(["arch:arm64", "arch:riscv64"]);
    expect(registrationEnv("cuda")["RUNNER_TAGS"]?.split(",")).toEqual(expect.arrayContaining(["arch:amd64", "gpu", "gpu:nvidia", "cuda"]));
    expect(registrationEnv("rocm")["RUNNER_TAGS"]?.split(",")).toEqual(expect.arrayContaining(["arch:amd64", "gpu", "gpu:amd", "rocm"]));
    expect(registrationEnv("intel-gpu")["RUNNER_TAGS"]?.split(",")).toEqual(expect.arrayContaining(["arch:amd64", "gpu", "gpu:intel"]));
    for (const pool of POOLS) {
      expect(registrationEnv(pool)["GITLAB_URL"]).toMatch(/^https:\/\/[^/]+$/);
      expect(registrationEnv(pool)["RUNNER_DESCRIPTION"]).toMatch(new RegExp(`^autogit ${pool} `));
    }
  });

  it("verifies GitLab with the local CA from cert-manager's bundle Secret", () => {
    for (const pool of POOLS) expect(registrationEnv(pool)["GITLAB_CA_CERT"]).toBe(MOCK_CA_BUNDLE_PEM);
  });

  it("puts each registered token in its pool's Secret as a Pulumi secret, never in the chart values", () => {
    for (const pool of POOLS) {
      const secret = run.get("kubernetes:core/v1:Secret", `autogit-pool-${pool}-token`);
      expect(secret.secretPaths).toContain("stringData");
      expect(secret.inputs["stringData"]).toEqual({ "runner-registration-token": "", "runner-token": mockRunnerToken(`autogit-pool-${pool}-registration-api`) });
    }
    const values = JSON.stringify(run.ofType("kubernetes:helm.sh/v3:Release").map((r) => r.inputs["values"]));
    expect(values).not.toContain("glrt-");
  });

  it("creates the admin token in GitLab's toolbox pod with kubectl, the token only in secret environments", () => {
    const create = run.get(COMMAND, "autogit-gitlab-admin-token-create");
    const env = create.inputs["environment"] as Record<string, string>;
    expect(env).toMatchObject({ AUTOGIT_ADMIN_TOKEN: ADMIN_TOKEN, GITLAB_NAMESPACE: "ci", GITLAB_TOOLBOX: "gitlab-toolbox", KUBECONFIG_DATA: OPERATOR_KUBECONFIG });
    expect(create.secretPaths).toContain("environment");
    expect(String(create.inputs["create"])).toContain("exec -i \"deployment/$GITLAB_TOOLBOX\" --container toolbox");
    for (const command of run.ofType(COMMAND)) {
      for (const script of ["create", "update", "delete"]) expect(JSON.stringify(command.inputs[script] ?? "")).not.toContain(ADMIN_TOKEN);
    }
    for (const pool of POOLS) {
      const registration = run.get(COMMAND, `autogit-pool-${pool}-registration-api`);
      expect(registrationEnv(pool)["GITLAB_TOKEN"]).toBe(ADMIN_TOKEN);
      expect(registration.secretPaths).toContain("environment");
    }
  });

  it("keeps the admin token and the runner tokens out of the plain outputs", () => {
    const plain = JSON.stringify(Object.fromEntries(Object.entries(run.outputs).filter(([name]) => !run.secretOutputs.includes(name))));
    expect(plain).not.toContain(ADMIN_TOKEN);
    expect(plain).not.toContain("glrt-");
  });
});

describe("token overrides (autogit-runner-tokens:<pool>)", () => {
  it("skip the API registration for those pools; with every pool overridden there is no admin token at all", async () => {
    const overridden = await runStack(STACK, { extraConfig: { "kubernetes:kubeconfig": OPERATOR_KUBECONFIG, ...TOKENS } });
    expect(overridden.ofType(COMMAND)).toEqual([]);
    expect(overridden.ofType("random:index/randomPassword:RandomPassword").map((r) => r.name)).not.toContain("autogit-gitlab-admin-token-value");
    const cuda = overridden.get("kubernetes:core/v1:Secret", "autogit-pool-cuda-token");
    expect(cuda.secretPaths).toContain("stringData");
    expect(cuda.inputs["stringData"]).toEqual({ "runner-registration-token": "", "runner-token": "glrt-cuda-secret" });
  });

  it("register only the pools without one", async () => {
    const others = Object.fromEntries(Object.entries(TOKENS).filter(([key]) => key !== "autogit-runner-tokens:rocm"));
    const mixed = await runStack(STACK, { extraConfig: { "kubernetes:kubeconfig": OPERATOR_KUBECONFIG, ...others } });
    expect(mixed.ofType(COMMAND).map((r) => r.name).sort()).toEqual(["autogit-gitlab-admin-token-create", "autogit-pool-rocm-registration-api"]);
    expect(mixed.get("kubernetes:core/v1:Secret", "autogit-pool-rocm-token").inputs["stringData"]).toMatchObject({ "runner-token": mockRunnerToken("autogit-pool-rocm-registration-api") });
  });
});

describe("pools without GPUs or emulation", () => {
  it("declare no device plugin, no runtime class and no binfmt DaemonSet", async () => {
    const raw = await loadStackConfig(STACK);
    const plain = await runConfig(
      { ...raw, runnerHosts: [{ name: "amd64", arch: "amd64" }, { name: "arm64", arch: "arm64", capacity: 4 }] },
      { extraConfig: { "kubernetes:kubeconfig": OPERATOR_KUBECONFIG, ...TOKENS } },
    );
    expect(plain.ofType(DAEMONSET)).toEqual([]);
    expect(plain.ofType("kubernetes:node.k8s.io/v1:RuntimeClass")).toEqual([]);
    expect(plain.ofType("kubernetes:helm.sh/v3:Release").filter((r) => r.inputs["chart"] === "gitlab-runner")).toHaveLength(2);
  });
});
