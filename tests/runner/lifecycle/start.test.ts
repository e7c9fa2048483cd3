import { describe, expect, it } from "vitest";
import { startRunner } from "../../../src/runner/lifecycle/start.js";
import type { RunnerIdentity } from "../../../src/runner/lifecycle/start.js";
import { ContainerLabel } from "../../../src/runner/ports.js";
import { request, TOKEN } from "../../fakes/inputs.js";
import { HttpError } from "../../fakes/registry.js";
import { FakeWorld } from "../../fakes/world.js";

function startRequest(values: Parameters<typeof request>[0] = {}) {
  return request({ mode: "start", ...values });
}

describe("start", () => {
  it("starts a runner that is online, labelled and limited, and never logs a secret", async () => {
    const world = new FakeWorld();
    const named: RunnerIdentity[] = [];
    const started = await startRunner(world.deps, startRequest({ cpus: "2", memory: "1g", gpu: "nvidia", "max-lifetime": "1h" }), {
      onNamed: (identity) => named.push(identity),
    });

    expect(named).toEqual([{ label: started.label, runnerName: started.runnerName }]);
    const runner = world.registry.runners.get(started.runnerId);
    expect(runner).toMatchObject({ name: started.runnerName, status: "online", busy: false });
    expect(runner?.labels).toEqual([started.label, "self-hosted", "autogit", "Linux", "X64", "gpu", "gpu-nvidia"]);
    const container = world.backend.containers.get(started.containerId);
    expect(container?.state).toBe("running");
    expect(container?.labels).toEqual({
      [ContainerLabel.managed]: "true",
      [ContainerLabel.runnerName]: started.runnerName,
      [ContainerLabel.label]: started.label,
      [ContainerLabel.scope]: "repository:owner/widgets",
      [ContainerLabel.arch]: "amd64",
      [ContainerLabel.gpu]: "nvidia",
      [ContainerLabel.createdAt]: new Date(container?.createdAt ?? 0).toISOString(),
      [ContainerLabel.expiresAt]: new Date((container?.createdAt.getTime() ?? 0) + 3_600_000).toISOString(),
    });
    expect(container?.spec).toMatchObject({
      limits: { cpus: 2, memoryBytes: 1024 ** 3 },
      gpu: { vendor: "nvidia", count: "all" },
      idleTimeoutSeconds: 600,
      maxLifetimeSeconds: 3600,
    });
    expect(world.backend.pulled).toEqual(["ghcr.io/actions/actions-runner:2.335.1"]);
    expect(world.reporter.secrets).toContain(runner?.jitConfig);
    expect(world.reporter.text).not.toContain(runner?.jitConfig);
    expect(world.reporter.text).not.toContain(TOKEN);
    expect(JSON.stringify(container?.labels)).not.toContain(runner?.jitConfig);
    expect(world.reporter.text).toMatch(/waiting for runner autogit-widgets-4242-\w+ to come online \(0 s \/ 300 s\)/);
  });

  it("registers nothing when the Docker engine is unreachable", async () => {
    const world = new FakeWorld();
    world.backend.reachable = false;
    await expect(startRunner(world.deps, startRequest())).rejects.toThrow(/Docker engine at unix:\/\/\/fake\/docker.sock is unreachable/);
    expect(world.registry.calls).toEqual([]);
    expect(world.leftovers()).toEqual({ registrations: [], containers: [] });
  });

  it("registers nothing when the image is not on the host and pull is never", async () => {
    const world = new FakeWorld();
    await expect(startRunner(world.deps, startRequest({ image: "example/runner:1", pull: "never" }))).rejects.toThrow(
      'image example/runner:1 is not on unix:///fake/docker.sock and pull is "never"',
    );
    expect(world.registry.calls).toEqual(["resolveRunnerGroup"]);
    expect(world.leftovers()).toEqual({ registrations: [], containers: [] });
  });

  it("fails at the start timeout when the runner never comes online, printing the log and removing both", async () => {
    const world = new FakeWorld();
    world.backend.behaviour = "never-online";
    const started = world.clock.now();
    await expect(startRunner(world.deps, startRequest({ "start-timeout": "2m" }))).rejects.toThrow(
      /start of runner autogit-widgets-4242-\w+ failed: runner autogit-widgets-4242-\w+ did not come online within 2m \(start-timeout\)/,
    );
    expect(world.clock.now() - started).toBeGreaterThanOrEqual(120_000);
    expect(world.reporter.text).toContain("  | Http response code: Unauthorized");
    expect(world.reporter.text).toMatch(/removed container autogit-widgets-4242-\w+/);
    expect(world.reporter.text).toMatch(/removed registration autogit-widgets-4242-\w+ \(id \d+\)/);
    expect(world.leftovers()).toEqual({ registrations: [], containers: [] });
  });

  it("fails fast when the container exits before the runner comes online", async () => {
    const world = new FakeWorld();
    world.backend.behaviour = "exits-at-once";
    const started = world.clock.now();
    await expect(startRunner(world.deps, startRequest())).rejects.toThrow(/container autogit-widgets-4242-\w+ exited before the runner came online/);
    expect(world.clock.now() - started).toBeLessThan(60_000);
    expect(world.reporter.text).toContain("  | /home/runner/run.sh: not found");
    expect(world.leftovers()).toEqual({ registrations: [], containers: [] });
  });

  it("removes the registration when the container cannot be started", async () => {
    const world = new FakeWorld();
    world.backend.failNext("startRunner", new Error("OCI runtime create failed: nvidia-container-cli: initialization error"));
    await expect(startRunner(world.deps, startRequest({ gpu: "nvidia" }))).rejects.toThrow(/OCI runtime create failed/);
    expect(world.leftovers()).toEqual({ registrations: [], containers: [] });
  });

  it("removes a registration GitHub made although its answer was lost", async () => {
    const world = new FakeWorld();
    world.registry.failNext("createJitRunner", new HttpError(502, "Bad Gateway after retries"), { afterEffect: true });
    await expect(startRunner(world.deps, startRequest())).rejects.toThrow(/Bad Gateway after retries/);
    expect(world.leftovers()).toEqual({ registrations: [], containers: [] });
  });

  it("fails when the registration vanishes while waiting, removing the container", async () => {
    const world = new FakeWorld();
    world.backend.onlineAfterMs = 60_000;
    world.clock.schedule(5000, () => world.registry.runners.clear());
    await expect(startRunner(world.deps, startRequest())).rejects.toThrow(/was deleted at GitHub before it came online/);
    expect(world.leftovers()).toEqual({ registrations: [], containers: [] });
  });

  it("says what was left behind when cleanup fails too", async () => {
    const world = new FakeWorld();
    world.backend.behaviour = "never-online";
    world.registry.failNext("getRunner", new HttpError(500, "Internal Server Error"));
    world.backend.failNext("remove", new Error("engine hung up"));
    await expect(startRunner(world.deps, startRequest())).rejects.toThrow(
      /Internal Server Error\nLeft behind \(remove by hand or run mode: reap\):\n {2}- container autogit-widgets-4242-\w+ \(\w{12}\) on unix:\/\/\/fake\/docker.sock: engine hung up/,
    );
    expect(world.leftovers().registrations).toEqual([]);
  });

  it("starts 20 runners at once without a collision", async () => {
    const world = new FakeWorld();
    const started = await Promise.all(Array.from({ length: 20 }, () => startRunner(world.deps, startRequest())));
    expect(new Set(started.map((s) => s.runnerName)).size).toBe(20);
    expect(new Set(started.map((s) => s.containerId)).size).toBe(20);
    expect(world.registry.runners.size).toBe(20);
  });

  it("still removes its own registration when GitHub cannot list runners during cleanup", async () => {
    const world = new FakeWorld();
    world.backend.behaviour = "exits-at-once";
    world.registry.failNext("listRunners", new HttpError(502, "Bad Gateway"));
    await expect(startRunner(world.deps, startRequest())).rejects.toThrow(/exited before the runner came online; check that the image has \/home\/runner\/run.sh and that the Docker host reaches GitHub$/);
    expect(world.reporter.text).toMatch(/warning: could not list runners at GitHub \(Bad Gateway\); removing runner id \d+ directly/);
    expect(world.leftovers()).toEqual({ registrations: [], containers: [] });
  });

  it("resolves an unknown organization runner group before pulling the image, registering nothing", async () => {
    const world = new FakeWorld();
    const attempt = startRunner(world.deps, startRequest({ organization: "acme", "runner-group": "gpu-runers" }));
    await expect(attempt).rejects.toThrow(/runner-group "gpu-runers" does not exist in acme/);
    expect(world.backend.pulled).toEqual([]);
    expect(world.registry.calls).toEqual(["resolveRunnerGroup"]);
    expect(world.leftovers()).toEqual({ registrations: [], containers: [] });
  });

  it("registers in the runner group it resolved before the pull, without asking GitHub again", async () => {
    const world = new FakeWorld();
    world.registry.orgGroups.set("gpu-runners", 7);
    const started = await startRunner(world.deps, startRequest({ organization: "acme", "runner-group": "GPU-Runners" }));
    expect(world.registry.runners.get(started.runnerId)?.runnerGroupId).toBe(7);
    expect(world.registry.calls.filter((call) => call === "resolveRunnerGroup")).toHaveLength(1);
    expect(world.reporter.text).toContain("runner group GPU-Runners has id 7");
  });

  it.each(["amd", "intel"])("warns that %s GPU access usually needs the host's video/render gids when gpu-groups is empty", async (gpu) => {
    const world = new FakeWorld();
    const started = await startRunner(world.deps, startRequest({ gpu }));
    expect(world.reporter.warnings.join("\n")).toMatch(/GPU device access usually needs the host's video and render gids.*getent group video render.*gpu-groups/);
    expect(world.backend.containers.get(started.containerId)?.spec.gpu).toEqual({ vendor: gpu, count: "all" });
  });

  it("passes gpu-groups through to the container spec, without the warning", async () => {
    const world = new FakeWorld();
    const started = await startRunner(world.deps, startRequest({ gpu: "amd", "gpu-groups": "44\n993" }));
    expect(world.backend.containers.get(started.containerId)?.spec.gpu).toEqual({ vendor: "amd", count: "all", groups: ["44", "993"] });
    expect(world.reporter.warnings).toEqual([]);
  });

  it("removes container and registration when cancelled while waiting for the runner to come online", async () => {
    const world = new FakeWorld();
    world.backend.behaviour = "never-online";
    const controller = new AbortController();
    world.clock.schedule(20_000, () => controller.abort("SIGINT"));
    const attempt = startRunner(world.deps, startRequest(), { signal: controller.signal });
    await expect(attempt).rejects.toThrow(/^start of runner autogit-widgets-4242-\w+ was cancelled \(SIGINT\)$/);
    expect(world.reporter.warnings.join("\n")).toMatch(/was cancelled \(SIGINT\): removing the container and registration it created/);
    expect(world.clock.now() - Date.parse("2026-11-23T00:00:00Z")).toBeLessThan(60_000);
    expect(world.leftovers()).toEqual({ registrations: [], containers: [] });
  });

  it("a start cancelled before it registered creates nothing", async () => {
    const world = new FakeWorld();
    const controller = new AbortController();
    controller.abort("SIGTERM");
    await expect(startRunner(world.deps, startRequest(), { signal: controller.signal })).rejects.toThrow(/cancelled \(SIGTERM\)/);
    expect(world.registry.calls).toEqual([]);
    expect(world.leftovers()).toEqual({ registrations: [], containers: [] });
  });
});
