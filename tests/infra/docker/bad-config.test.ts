import * as pulumi from "@pulumi/pulumi";
import { describe, expect, it } from "vitest";
import { dockerPlatformIssues } from "../../../infra/docker/platform.js";
import { loadStackConfig, stackFilePath } from "../../../src/cli/stack-config.js";
import { parsePlatformSpec } from "../../../src/platform/spec/index.js";
import { runConfig } from "../../support/pulumi.js";

/** URNs the mock engine registered in the last run (its monitor keeps them even when the program failed). */
function registeredUrns(): string[] {
  const monitor = pulumi.runtime.getMonitor() as unknown as { resources: Map<string, unknown> };
  return [...monitor.resources.keys()];
}

async function devConfig(): Promise<Record<string, unknown>> {
  return loadStackConfig(stackFilePath("dev", "stacks"));
}

async function expectRejectedBeforeAnyResource(raw: Record<string, unknown>): Promise<string> {
  let message = "";
  await expect(
    runConfig(raw).catch((error: unknown) => {
      message = error instanceof Error ? error.message : String(error);
      throw error;
    }),
  ).rejects.toThrow(/Stack configuration \(autogit:\*\) has \d+ problems?/);
  expect(registeredUrns()).toEqual([]);
  return message;
}

describe("bad stack configs are rejected before any resource is declared", () => {
  it("lists every schema problem with its path in one error", async () => {
    const dev = await devConfig();
    const message = await expectRejectedBeforeAnyResource({
      ...dev,
      domain: undefined,
      runnerHosts: [
        { name: "gpu-box", arch: "amd64", gpu: { vendor: "nvida" }, capacity: "2" },
        { name: "gpu-box", arch: "riscv64" },
      ],
    });
    expect(message).toContain("domain is required");
    expect(message).toContain('runnerHosts[0].gpu.vendor must be one of nvidia, amd, intel (got "nvida")');
    expect(message).toContain("runnerHosts[0].capacity must be a number");
    expect(message).toContain("runnerHosts[1].arch cannot be riscv64");
    expect(message).toContain("runnerHosts[1].name duplicates runnerHosts[0].name");
  });

  it("rejects a tcp runner host without TLS, naming the field", async () => {
    const dev = await devConfig();
    const message = await expectRejectedBeforeAnyResource({
      ...dev,
      runnerHosts: [{ name: "remote", arch: "amd64", connection: { kind: "tcp", host: "10.0.0.9" } }],
    });
    expect(message).toMatch(/runnerHosts\[0\]\.connection\.tls/);
  });

  it("rejects an AMD GPU count Docker cannot honour, naming the host's field", async () => {
    const dev = await devConfig();
    const message = await expectRejectedBeforeAnyResource({ ...dev, runnerHosts: [{ name: "rocm", arch: "amd64", gpu: { vendor: "amd", count: 2 } }] });
    expect(message).toMatch(/runnerHosts\[0\][^\n]*count[^\n]*/);
  });

  it("rejects an Authelia hostname outside the domain its session cookie covers", async () => {
    const dev = await devConfig();
    const message = await expectRejectedBeforeAnyResource({ ...dev, hostnames: { auth: "login.example.org" } });
    expect(message).toMatch(/hostnames\.auth[^\n]*login\.example\.org/);
  });

  it("renders every config up front, so a problem only a renderer sees is reported per host before anything exists", async () => {
    // The spec parser rejects this too; here it is forced past it to show the Docker target's own net.
    const spec = parsePlatformSpec(await devConfig());
    if (spec.target !== "docker") throw new Error("dev is a docker stack");
    const [host] = spec.runnerHosts;
    const broken = { ...spec, runnerHosts: [{ ...host, name: "rocm", gpu: { vendor: "amd" as const, count: 2 } }] };
    const issues = dockerPlatformIssues(broken);
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatchObject({ path: "runnerHosts[0]", message: expect.stringContaining("rocm") as unknown });
    expect(dockerPlatformIssues(spec)).toEqual([]);
  });

  it("declares the platform once the same config is fixed (the checks above are not vacuous)", async () => {
    const run = await runConfig(await devConfig());
    expect(run.resources.length).toBeGreaterThan(20);
    expect(registeredUrns().length).toBeGreaterThan(20);
  });
});
