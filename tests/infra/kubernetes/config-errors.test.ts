import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { loadStackConfig } from "../../../src/cli/stack-config.js";
import { runConfig } from "../../support/pulumi.js";
import { OPERATOR_KUBECONFIG, registered, withKubernetesProviderState } from "./provider-state.js";

// RELIABILITY 23 for the Kubernetes-only fields: a bad config fails with every problem and its path, before the
// engine is asked for any resource.

let prod: Record<string, unknown>;
beforeAll(async () => {
  withKubernetesProviderState();
  prod = await loadStackConfig("stacks/Pulumi.prod.yaml");
});
afterAll(() => vi.restoreAllMocks());
beforeEach(() => registered.splice(0));
afterEach(() => vi.unstubAllEnvs());

async function failure(overrides: Record<string, unknown>, extraConfig: Record<string, string> = { "kubernetes:kubeconfig": OPERATOR_KUBECONFIG }): Promise<string> {
  const error = await runConfig({ ...prod, ...overrides }, { extraConfig }).then(
    () => undefined,
    (e: unknown) => e as Error,
  );
  if (error === undefined) throw new Error("the program accepted the configuration");
  return error.message;
}

describe("bad Kubernetes configuration", () => {
  it("lists every Kubernetes-only problem with its path and declares nothing", async () => {
    const message = await failure({
      kubernetes: { namespace: "autogit", runnerNamespace: "a".repeat(60), serviceType: "NodePort" },
      runnerHosts: [{ name: `pool-${"x".repeat(35)}`, arch: "amd64" }],
    });
    expect(message).toContain("kubernetes.runnerNamespace must be at most 56 characters");
    expect(message).toContain("runnerHosts[0].name must be at most 39 characters on kubernetes");
    expect(message).toContain("dns.lanAddress is required with kubernetes.serviceType NodePort");
    expect(message).toMatch(/has 3 problems/);
    expect(registered).toEqual([]);
  });

  it("rejects spec-level Kubernetes mistakes (service type, GPU count all, arch in nodeSelector) before any resource", async () => {
    const message = await failure({
      kubernetes: { serviceType: "ClusterIP" },
      runnerHosts: [{ name: "gpu", arch: "amd64", gpu: { vendor: "nvidia", count: "all" }, nodeSelector: { "kubernetes.io/arch": "arm64" } }],
    });
    expect(message).toContain("kubernetes.serviceType");
    expect(message).toContain("runnerHosts[0].gpu.count");
    expect(message).toContain('runnerHosts[0].nodeSelector["kubernetes.io/arch"]');
    expect(registered).toEqual([]);
  });

  it("fails naming how to give the cluster when no kubeconfig can be found, before any resource", async () => {
    const empty = mkdtempSync(join(tmpdir(), "autogit-no-kube-"));
    vi.stubEnv("KUBECONFIG", join(empty, "missing"));
    vi.stubEnv("HOME", empty);
    const message = await failure({}, {});
    expect(message).toContain("pulumi config set --secret kubernetes:kubeconfig");
    expect(registered).toEqual([]);
  });

  it("fails naming the context when kubernetes:context is not in the kubeconfig", async () => {
    const message = await failure({}, { "kubernetes:kubeconfig": OPERATOR_KUBECONFIG, "kubernetes:context": "staging" });
    expect(message).toContain('kubeconfig has no context named "staging"');
  });
});
