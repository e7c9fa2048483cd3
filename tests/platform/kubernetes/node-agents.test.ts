import { DaemonSet } from "kubernetes-models/apps/v1/DaemonSet";
import { RuntimeClass } from "kubernetes-models/node.k8s.io/v1/RuntimeClass";
import { describe, expect, it } from "vitest";
import { binfmtDaemonSet, devicePluginDaemonSet, emulatedArches, gpuVendorsInUse, nvidiaRuntimeClass } from "../../../src/platform/kubernetes/node-agents.js";
import { pool } from "./spec.js";

const terms = (ds: ReturnType<typeof devicePluginDaemonSet>) => ds.spec?.template.spec?.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms;

describe("node agents", () => {
  it("builds a valid device-plugin DaemonSet for every vendor, each on its pools' nodes only", () => {
    for (const vendor of ["nvidia", "amd", "intel"] as const) {
      const ds = devicePluginDaemonSet(vendor, [pool({ name: "g", gpu: { vendor, count: 1 }, nodeSelector: { "example.com/gpu": vendor } })]);
      new DaemonSet(ds).validate();
      expect(ds.metadata?.namespace).toBe("kube-system");
      expect(terms(ds)).toEqual([
        { matchExpressions: [{ key: "example.com/gpu", operator: "In", values: [vendor] }, { key: "kubernetes.io/arch", operator: "In", values: ["amd64"] }] },
      ]);
      const mounts = ds.spec?.template.spec?.containers[0]?.volumeMounts?.map((m) => m.mountPath);
      expect(mounts).toContain("/var/lib/kubelet/device-plugins");
    }
    expect(devicePluginDaemonSet("nvidia", [pool({ name: "n", gpu: { vendor: "nvidia", count: 1 } })]).spec?.template.spec?.runtimeClassName).toBe("nvidia");
    new RuntimeClass(nvidiaRuntimeClass()).validate();
  });

  it("ORs one node term per pool and drops duplicates", () => {
    const gpu = { vendor: "nvidia", count: 1 } as const;
    const ds = devicePluginDaemonSet("nvidia", [pool({ name: "a", gpu }), pool({ name: "b", gpu }), pool({ name: "c", gpu, arch: "arm64" })]);
    expect(terms(ds)).toHaveLength(2);
  });

  it("groups pools by GPU vendor and leaves out vendors nobody uses", () => {
    const pools = [pool({ name: "cpu" }), pool({ name: "amd", gpu: { vendor: "amd", count: 2 } })];
    expect([...gpuVendorsInUse(pools).keys()]).toEqual(["amd"]);
    expect(gpuVendorsInUse([pool({ name: "cpu" })]).size).toBe(0);
  });

  it("registers binfmt only when a pool emulates, for the union of emulated arches, on the emulating pools' nodes", () => {
    expect(binfmtDaemonSet([pool({ name: "plain" }), pool({ name: "arm", arch: "arm64" })])).toBeUndefined();
    const pools = [pool({ name: "plain" }), pool({ name: "rv", emulate: ["riscv64"] }), pool({ name: "arm", arch: "arm64", emulate: ["amd64", "riscv64"] })];
    expect(emulatedArches(pools)).toEqual(["amd64", "riscv64"]);
    const ds = binfmtDaemonSet(pools);
    if (ds === undefined) throw new Error("expected a binfmt DaemonSet");
    new DaemonSet(ds).validate();
    const spec = ds.spec?.template.spec;
    expect(spec?.initContainers?.[0]?.args).toEqual(["--install", "amd64,riscv64"]);
    expect(spec?.initContainers?.[0]?.securityContext?.privileged).toBe(true);
    expect(spec?.containers[0]?.securityContext?.privileged).toBeUndefined();
    expect(terms(ds)?.map((t) => t.matchExpressions?.[0]?.values?.[0])).toEqual(["amd64", "arm64"]);
  });
});
