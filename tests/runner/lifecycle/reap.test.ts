import { describe, expect, it } from "vitest";
import { reap } from "../../../src/runner/lifecycle/reap.js";
import { startRunner } from "../../../src/runner/lifecycle/start.js";
import { newRunnerName } from "../../../src/runner/naming.js";
import { request } from "../../fakes/inputs.js";
import { FakeWorld } from "../../fakes/world.js";

const scope = { kind: "repository", owner: "owner", repo: "widgets" } as const;
const reapRequest = request({ mode: "reap", "grace-period": "15m" });

describe("reap", () => {
  it("removes a container past its max lifetime together with its registration", async () => {
    const world = new FakeWorld();
    const old = await startRunner(world.deps, request({ mode: "start", "max-lifetime": "1h" }));
    world.clock.advance(61 * 60_000);
    const young = await startRunner(world.deps, request({ mode: "start" }));
    const report = await reap(world.deps, reapRequest);
    expect(report).toEqual({ containers: [old.runnerName], registrations: [old.runnerName], failures: [] });
    expect(world.leftovers()).toEqual({ registrations: [young.runnerName], containers: [young.runnerName] });
    expect(world.reporter.text).toMatch(/removed container autogit-widgets-4242-\w+ \(expired 1m\d*s? ago\)/);
  });

  it("leaves expired containers of another repository on the same host to that repository's reap", async () => {
    const world = new FakeWorld();
    const ours = await startRunner(world.deps, request({ mode: "start", "max-lifetime": "1h" }));
    const theirs = await startRunner(world.deps, request({ mode: "start", "max-lifetime": "1h", repository: "owner/gadgets" }));
    world.clock.advance(61 * 60_000);
    const report = await reap(world.deps, reapRequest);
    expect(report).toEqual({ containers: [ours.runnerName], registrations: [ours.runnerName], failures: [] });
    expect(world.leftovers().containers).toEqual([theirs.runnerName]);
  });

  it("removes offline AutoGit registrations older than the grace period that have no container", async () => {
    const world = new FakeWorld();
    const now = world.clock.now();
    const name = (ageMinutes: number) => newRunnerName({ repository: "owner/widgets", runId: "1", now: new Date(now - ageMinutes * 60_000) });
    const leaked = world.registry.seed(scope, { name: name(30), status: "offline", busy: false, labels: ["autogit", "self-hosted"] });
    const starting = world.registry.seed(scope, { name: name(2), status: "offline", busy: false, labels: ["autogit"] });
    const busy = world.registry.seed(scope, { name: name(30), status: "offline", busy: true, labels: ["autogit"] });
    const online = world.registry.seed(scope, { name: name(300), status: "online", busy: false, labels: ["autogit"] });
    const foreign = world.registry.seed(scope, { name: "build-box-1", status: "offline", busy: false, labels: ["self-hosted"] });
    const odd = world.registry.seed(scope, { name: "not-autogit-named", status: "offline", busy: false, labels: ["autogit"] });
    const report = await reap(world.deps, reapRequest);
    expect(report).toEqual({ containers: [], registrations: [leaked.name], failures: [] });
    expect(world.leftovers().registrations.sort()).toEqual([starting.name, busy.name, online.name, foreign.name, odd.name].sort());
  });

  it("leaves an offline registration alone while its container here is still within its lifetime", async () => {
    const world = new FakeWorld();
    world.backend.behaviour = "never-online";
    world.registry.hang("getRunner");
    void startRunner(world.deps, request({ mode: "start" }));
    while (world.leftovers().containers.length < 1) await new Promise((resolve) => setImmediate(resolve));
    world.clock.advance(20 * 60_000);
    const report = await reap(world.deps, reapRequest);
    expect(report).toEqual({ containers: [], registrations: [], failures: [] });
    expect(world.leftovers().containers).toHaveLength(1);
    expect(world.leftovers().registrations).toHaveLength(1);
  });

  it("removes stopped containers older than the grace period", async () => {
    const world = new FakeWorld();
    const runner = await startRunner(world.deps, request({ mode: "start" }));
    const container = world.backend.containers.get(runner.containerId);
    if (container === undefined) throw new Error("container missing");
    container.state = "exited";
    world.clock.advance(16 * 60_000);
    const report = await reap(world.deps, reapRequest);
    expect(report.containers).toEqual([runner.runnerName]);
    expect(world.leftovers()).toEqual({ registrations: [], containers: [] });
  });

  it("removes a container that was created but never started (a start killed mid-way) with its registration", async () => {
    const world = new FakeWorld();
    const runner = await startRunner(world.deps, request({ mode: "start" }));
    const container = world.backend.containers.get(runner.containerId);
    if (container === undefined) throw new Error("container missing");
    container.state = "created";
    const registration = world.registry.runners.get(runner.runnerId);
    if (registration !== undefined) registration.status = "offline";
    world.clock.advance(5 * 60_000);
    expect(await reap(world.deps, reapRequest)).toEqual({ containers: [], registrations: [], failures: [] });
    world.clock.advance(11 * 60_000);
    expect(await reap(world.deps, reapRequest)).toEqual({ containers: [runner.runnerName], registrations: [runner.runnerName], failures: [] });
    expect(world.leftovers()).toEqual({ registrations: [], containers: [] });
  });
});
