import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { loadStackConfig } from "../../../src/cli/stack-config.js";
import { runFailure } from "../../support/pulumi.js";
import { OPERATOR_KUBECONFIG } from "./kubeconfig.js";

// RELIABILITY 23 for the Kubernetes target: a bad config, or a cluster the provider cannot find, fails with every
// problem and its path before the engine is asked for any resource.

let prod: Record<string, unknown>;
beforeAll(async () => {
  prod = await loadStackConfig("stacks/Pulumi.prod.yaml");
});
afterEach(() => vi.unstubAllEnvs());

/** The program's error message; fails the test when anything was declared before it. */
async function failure(overrides: Record<string, unknown>, extraConfig: Record<string, string> = { "kubernetes:kubeconfig": OPERATOR_KUBECONFIG }): Promise<string> {
  const { error, resources } = await runFailure({ ...prod, ...overrides }, { extraConfig });
  expect(resources.map((r) => r.type)).toEqual([]);
  return error.message;
}

describe("bad Kubernetes configuration", () => {
  it("fails with every problem, spec-wide and Kubernetes-only, each with its path, and declares nothing", async () => {
    // Each rule is asserted where it lives (tests/platform/spec); this checks that `pulumi up` stops on them.
    const message = await failure({
      kubernetes: { namespace: "autogit", runnerNamespace: "a".repeat(60), serviceType: "NodePort" },
      runnerHosts: [
        { name: `pool-${"x".repeat(35)}`, arch: "amd64" },
        { name: "gpu", arch: "amd64", gpu: { vendor: "nvidia", count: "all" }, nodeSelector: { "kubernetes.io/arch": "arm64" } },
      ],
    });
    expect(message).toMatch(/^Stack configuration \(autogit:\*\) has 5 problems:/);
    for (const path of ["dns.lanAddress", "runnerHosts[0].name", "runnerHosts[1].gpu.count", 'runnerHosts[1].nodeSelector["kubernetes.io/arch"]', "kubernetes.runnerNamespace"]) {
      expect(message).toContain(`  - ${path} `);
    }
  });

  it("fails naming how to give the cluster when no kubeconfig can be found, before any resource", async () => {
    const empty = mkdtempSync(join(tmpdir(), "autogit-no-kube-"));
    vi.stubEnv("KUBECONFIG", join(empty, "missing"));
    vi.stubEnv("HOME", empty);
    const message = await failure({}, {});
    expect(message).toContain("pulumi config set --secret kubernetes:kubeconfig");
  });

  it("fails naming the context when kubernetes:context is not in the kubeconfig", async () => {
    const message = await failure({}, { "kubernetes:kubeconfig": OPERATOR_KUBECONFIG, "kubernetes:context": "staging" });
    expect(message).toContain('kubeconfig has no context named "staging"');
  });
});
