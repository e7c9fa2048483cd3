import { describe, expect, it } from "vitest";
import { runnerLabels } from "../../../src/runner/naming.js";
import type { RunnerHostBase, RunnerPool } from "../../../src/platform/spec/index.js";
import { dockerHostUri, githubRunnerLabels, gitlabRunnerTags, gpuResourceName, poolNodeSelector, servedArches } from "../../../src/platform/spec/index.js";

const host = (overrides: Partial<RunnerHostBase>): RunnerHostBase => ({ name: "h", arch: "amd64", emulate: [], capacity: 2, labels: [], ...overrides });

describe("runner host derivations", () => {
  it("serves the native arch first, then the emulated ones", () => {
    expect(servedArches(host({ arch: "arm64", emulate: ["amd64", "riscv64"] }))).toEqual(["arm64", "amd64", "riscv64"]);
  });

  it("tags GitLab runners by arch, GPU and extra labels, without duplicates", () => {
    const gpuHost = host({ emulate: ["riscv64"], gpu: { vendor: "nvidia", count: "all" }, labels: ["cuda", "arch:amd64"] });
    expect(gitlabRunnerTags(gpuHost)).toEqual(["arch:amd64", "arch:riscv64", "gpu", "gpu:nvidia", "cuda"]);
  });

  it("labels GitHub runners by every served arch, with GitHub's own arch labels", () => {
    expect(githubRunnerLabels(host({ arch: "arm64", emulate: ["riscv64"], gpu: { vendor: "amd", count: 1 }, labels: ["big", "LINUX"] }))).toEqual([
      "self-hosted",
      "autogit",
      "Linux",
      "ARM64",
      "RISCV64",
      "gpu",
      "gpu-amd",
      "big",
    ]);
  });

  it("gives the same GitHub labels the action puts on a runner of that host", () => {
    for (const candidate of [host({}), host({ arch: "arm64", gpu: { vendor: "nvidia", count: "all" }, labels: ["cuda"] })]) {
      const action = runnerLabels({ unique: "autogit-repo-1-abc", arch: candidate.arch, gpu: candidate.gpu?.vendor ?? "none", extra: candidate.labels });
      expect(githubRunnerLabels(candidate)).toEqual(action.slice(1));
    }
  });

  it("writes connections in the form DOCKER_HOST and the action's docker-host input take", () => {
    expect(dockerHostUri({ kind: "local" })).toBe("unix:///var/run/docker.sock");
    expect(dockerHostUri({ kind: "ssh", host: "gpu-1.lan", user: "ci", port: 22 })).toBe("ssh://ci@gpu-1.lan:22");
    expect(dockerHostUri({ kind: "ssh", host: "10.0.0.5", port: 2200 })).toBe("ssh://10.0.0.5:2200");
    expect(
      dockerHostUri({ kind: "tcp", host: "builder", port: 2376, tls: { caCert: { env: "CA" }, clientCert: { env: "CERT" }, clientKey: { env: "KEY" } } }),
    ).toBe("tcp://builder:2376");
  });

  it("names each vendor's device-plugin resource", () => {
    expect(["nvidia", "amd", "intel"].map((vendor) => gpuResourceName(vendor as "nvidia" | "amd" | "intel"))).toEqual([
      "nvidia.com/gpu",
      "amd.com/gpu",
      "gpu.intel.com/i915",
    ]);
  });

  it("selects a pool's nodes by its arch plus its extra labels", () => {
    const pool: RunnerPool = { ...host({ arch: "arm64" }), replicas: 1, nodeSelector: { "node.example/pool": "ci" }, tolerations: [] };
    expect(poolNodeSelector(pool)).toEqual({ "node.example/pool": "ci", "kubernetes.io/arch": "arm64" });
  });
});
