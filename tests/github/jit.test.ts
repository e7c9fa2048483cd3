import { describe } from "vitest";
import type { RunnerScope } from "../../src/runner/ports.js";
import { decodeJitConfig } from "../emulator/github/jit-config.js";
import { registerDirectly, test } from "./harness.js";

const repo: RunnerScope = { kind: "repository", owner: "octo", repo: "hello" };
const org: RunnerScope = { kind: "organization", org: "octo-org" };


describe.concurrent("OctokitRunnerRegistry.resolveRunnerGroup and createJitRunner", () => {
  test("registers a repository runner in the Default group with a _work folder", async ({ start, expect }) => {
    const { registry, github } = await start();
    const jit = await registry.createJitRunner({ scope: repo, name: "autogit-1", labels: ["gpu", "linux"], runnerGroupId: 1 });
    expect(jit.runner).toMatchObject({ name: "autogit-1", status: "offline", busy: false, labels: ["self-hosted", "gpu", "linux"] });
    const config = decodeJitConfig(jit.encodedJitConfig);
    expect(config).toMatchObject({ agentId: jit.runner.id, agentName: "autogit-1", workFolder: "_work" });
    expect(github.runners(repo)).toMatchObject([{ id: jit.runner.id, runnerGroupId: 1 }]);
  });

  test("registers an organization runner in a group given by name, whatever its case, or by id", async ({ start, expect }) => {
    const { registry, github } = await start();
    const gpuGroup = github.addRunnerGroup("octo-org", "GPU Hosts");
    expect(await registry.resolveRunnerGroup(org, String(gpuGroup))).toBe(gpuGroup);
    const runnerGroupId = await registry.resolveRunnerGroup(org, "gpu hosts");
    const byName = await registry.createJitRunner({ scope: org, name: "a", labels: ["gpu"], runnerGroupId });
    const byId = await registry.createJitRunner({ scope: org, name: "b", labels: ["gpu"], runnerGroupId: gpuGroup });
    expect(github.runners(org).map((runner) => [runner.name, runner.runnerGroupId])).toEqual([
      ["a", gpuGroup],
      ["b", gpuGroup],
    ]);
    expect([byName.runner.name, byId.runner.name]).toEqual(["a", "b"]);
  });

  test("finds a runner group on a later page of the organization's groups", async ({ start, expect }) => {
    const { registry, github } = await start();
    const ids = Array.from({ length: 104 }, (_, i) => github.addRunnerGroup("octo-org", `group-${i}`));
    const runnerGroupId = await registry.resolveRunnerGroup(org, "GROUP-103");
    await registry.createJitRunner({ scope: org, name: "late", labels: ["x"], runnerGroupId });
    expect(github.runners(org).map((runner) => runner.runnerGroupId)).toEqual([ids[103]]);
    expect(github.requests.filter((entry) => entry.route === "/orgs/{org}/actions/runner-groups")).toHaveLength(2);
  });

  test("names the runner groups that exist when the requested one does not", async ({ start, expect }) => {
    const { registry, github } = await start();
    github.addRunnerGroup("octo-org", "arm");
    const attempt = registry.resolveRunnerGroup(org, "amr");
    await expect(attempt).rejects.toThrow(/runner-group "amr" does not exist in organization octo-org: use one of "Default", "arm"/);
    expect(github.runners()).toEqual([]);
  });

  test("explains that runner groups are an organization feature when a repository asks for one", async ({ start, expect }) => {
    const { registry, github } = await start();
    const attempt = registry.resolveRunnerGroup(repo, "gpu");
    await expect(attempt).rejects.toThrow(/runner groups are an organization feature.*set organization/);
    const byId = registry.resolveRunnerGroup(repo, "7");
    await expect(byId).rejects.toThrow(/runner-group "7" cannot be used for repository octo\/hello/);
    expect(github.requests).toEqual([]);
  });

  test("replaces an idle runner left over under the same name instead of failing", async ({ start, expect }) => {
    const { registry, github } = await start();
    const first = await registry.createJitRunner({ scope: repo, name: "same", labels: ["x"], runnerGroupId: 1 });
    const second = await registry.createJitRunner({ scope: repo, name: "same", labels: ["x"], runnerGroupId: 1 });
    expect(second.runner.id).not.toBe(first.runner.id);
    expect(github.runners(repo).map((runner) => runner.id)).toEqual([second.runner.id]);
  });
});

describe.concurrent("OctokitRunnerRegistry reads", () => {
  test("lists every runner across pages", async ({ start, expect }) => {
    const { registry, github } = await start();
    const names = Array.from({ length: 130 }, (_, i) => `runner-${i}`);
    await registerDirectly(github, "/orgs/octo-org/actions/runners/generate-jitconfig", names);
    const runners = await registry.listRunners(org);
    expect(runners.map((runner) => runner.name)).toEqual(names);
    expect(github.requests.filter((entry) => entry.route === "/orgs/{org}/actions/runners")).toHaveLength(2);
  });

  test("gets a runner, and answers undefined once it is gone", async ({ start, expect }) => {
    const { registry } = await start();
    const jit = await registry.createJitRunner({ scope: repo, name: "r", labels: ["x"], runnerGroupId: 1 });
    expect(await registry.getRunner(repo, jit.runner.id)).toMatchObject({ name: "r", status: "offline" });
    expect(await registry.getRunner(repo, jit.runner.id + 100)).toBeUndefined();
  });
});
