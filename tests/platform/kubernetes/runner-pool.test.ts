import { parse } from "smol-toml";
import { describe, expect, it } from "vitest";
import { gpuPodSpecPatch, runnerConfigToml, runnerPoolValues, runnerTokenSecretData } from "../../../src/platform/kubernetes/runner-pool.js";
import { pool } from "./spec.js";

const executor = (text: string) => (parse(text) as { runners: { executor: string; kubernetes: Record<string, unknown> }[] }).runners[0];

describe("runner pool values", () => {
  it("schedules job pods by arch and the pool's labels and maps its tolerations to the executor's form", () => {
    const text = runnerConfigToml(
      pool({
        name: "edge",
        arch: "arm64",
        nodeSelector: { "node-role/ci": "true" },
        tolerations: [
          { key: "dedicated", operator: "Equal", value: "ci", effect: "NoSchedule" },
          { key: "spot", operator: "Exists", effect: "NoExecute" },
        ],
      }),
      "runners",
    );
    const runner = executor(text);
    expect(runner?.executor).toBe("kubernetes");
    expect(runner?.kubernetes).toMatchObject({
      namespace: "runners",
      node_selector: { "kubernetes.io/arch": "arm64", "node-role/ci": "true" },
      node_tolerations: { "dedicated=ci": "NoSchedule", spot: "NoExecute" },
    });
    expect(runner?.kubernetes["pod_spec"]).toBeUndefined();
  });

  it("asks for the vendor's GPU resource on the build container", () => {
    expect(gpuPodSpecPatch(pool({ name: "a", gpu: { vendor: "amd", count: 2 } }))).toEqual({
      containers: [{ name: "build", resources: { limits: { "amd.com/gpu": "2" }, requests: { "amd.com/gpu": "2" } } }],
    });
    expect(gpuPodSpecPatch(pool({ name: "c" }))).toBeUndefined();
    const intel = executor(runnerConfigToml(pool({ name: "i", gpu: { vendor: "intel", count: 1 } }), "r"));
    expect(intel?.kubernetes["runtime_class_name"]).toBeUndefined();
    expect(JSON.parse((intel?.kubernetes["pod_spec"] as { patch: string }[])[0]?.patch ?? "")).toMatchObject({ containers: [{ resources: { limits: { "gpu.intel.com/i915": "1" } } }] });
  });

  it("names the token Secret, pins the runner image and never carries the token", () => {
    const values = runnerPoolValues({
      pool: pool({ name: "amd64", capacity: 6, replicas: 3 }),
      gitlabUrl: "https://gitlab.example.com",
      kubernetes: { runnerNamespace: "runners" },
      versions: { gitlabRunner: "v18.11.0" },
    });
    expect(values).toMatchObject({ gitlabUrl: "https://gitlab.example.com", concurrent: 6, replicas: 3, runners: { secret: "gitlab-runner-amd64-token" } });
    expect(values["image"]).toEqual({ registry: "registry.gitlab.com", image: "gitlab-org/gitlab-runner", tag: "alpine-v18.11.0" });
    expect(runnerTokenSecretData("glrt-abc")).toEqual({ "runner-registration-token": "", "runner-token": "glrt-abc" });
    expect(JSON.stringify(values)).not.toContain("glrt-");
  });
});
