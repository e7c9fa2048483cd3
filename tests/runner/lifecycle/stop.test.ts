import { describe, expect, it } from "vitest";
import { startRunner } from "../../../src/runner/lifecycle/start.js";
import { stopRunner } from "../../../src/runner/lifecycle/stop.js";
import { request } from "../../fakes/inputs.js";
import { HttpError } from "../../fakes/registry.js";
import { FakeWorld } from "../../fakes/world.js";

async function started(world: FakeWorld) {
  return startRunner(world.deps, request({ mode: "start" }));
}

const stopFor = (label: string, values: Parameters<typeof request>[0] = {}) => request({ mode: "stop", label, ...values });

describe("stop", () => {
  it("removes an idle runner's registration and container", async () => {
    const world = new FakeWorld();
    const runner = await started(world);
    const result = await stopRunner(world.deps, stopFor(runner.label));
    expect(result.removed).toEqual([
      `registration ${runner.runnerName} (id ${runner.runnerId})`,
      `container ${runner.runnerName} (${runner.containerId.slice(0, 12)})`,
    ]);
    expect(world.leftovers()).toEqual({ registrations: [], containers: [] });
  });

  it("succeeds when the ephemeral runner already ran its job and removed itself", async () => {
    const world = new FakeWorld();
    const runner = await started(world);
    world.runJob(runner.label, 30);
    world.clock.advance(31_000);
    expect(world.leftovers()).toEqual({ registrations: [], containers: [] });
    const result = await stopRunner(world.deps, stopFor(runner.label));
    expect(result.removed).toEqual([]);
    expect(world.reporter.text).toContain("nothing left to remove");
  });

  it("removes the registration when the container is already gone", async () => {
    const world = new FakeWorld();
    const runner = await started(world);
    world.backend.containers.clear();
    await stopRunner(world.deps, stopFor(runner.label));
    expect(world.leftovers()).toEqual({ registrations: [], containers: [] });
  });

  it("cleans up by label alone after a start that was cancelled before it wrote its other outputs", async () => {
    const world = new FakeWorld();
    const other = await started(world);
    // The workflow is cancelled while the start waits: it never returns, only its label output exists.
    world.registry.hang("getRunner");
    let label = "";
    void startRunner(world.deps, request({ mode: "start" }), { onNamed: (id) => (label = id.label) });
    while (world.leftovers().containers.length < 2) await new Promise((resolve) => setImmediate(resolve));
    await stopRunner(world.deps, stopFor(label));
    expect(world.leftovers()).toEqual({ registrations: [other.runnerName], containers: [other.runnerName] });
  });

  it("waits for a busy runner to finish its job instead of failing at once", async () => {
    const world = new FakeWorld();
    const runner = await started(world);
    world.runJob(runner.label, 120);
    await stopRunner(world.deps, stopFor(runner.label, { "stop-timeout": "5m" }));
    expect(world.leftovers()).toEqual({ registrations: [], containers: [] });
  });

  it("gives up on a runner still busy at stop-timeout with a clear message, still removing the container", async () => {
    const world = new FakeWorld();
    const runner = await started(world);
    world.runJob(runner.label, 3600);
    await expect(stopRunner(world.deps, stopFor(runner.label, { "stop-timeout": "1m" }))).rejects.toThrow(
      /stop of runner autogit-widgets-4242-\w+ left something behind \(waited up to 1m, stop-timeout\):\n {2}- registration autogit-widgets-4242-\w+ \(id \d+\): runner autogit-widgets-4242-\w+ is still running a job/,
    );
    expect(world.leftovers().containers).toEqual([]);
  });

  it("fails loudly when GitHub keeps failing, never concluding the runner is gone", async () => {
    const world = new FakeWorld();
    const runner = await started(world);
    world.registry.failNext("listRunners", new HttpError(503, "Service Unavailable (after 3 retries)"));
    await expect(stopRunner(world.deps, stopFor(runner.label))).rejects.toThrow(
      /could not list runners at GitHub \(Service Unavailable \(after 3 retries\)\)/,
    );
    expect(world.leftovers().registrations).toEqual([runner.runnerName]);
  });

  it("is idempotent: a second stop succeeds and removes nothing", async () => {
    const world = new FakeWorld();
    const runner = await started(world);
    await stopRunner(world.deps, stopFor(runner.label));
    await expect(stopRunner(world.deps, stopFor(runner.label))).resolves.toEqual({ removed: [] });
  });

  it("warns and succeeds with no label, touching nothing", async () => {
    const world = new FakeWorld();
    const other = await started(world);
    await expect(stopRunner(world.deps, request({ mode: "stop" }))).resolves.toEqual({ removed: [] });
    expect(world.reporter.text).toContain("warning: stop: no label given");
    expect(world.leftovers()).toEqual({ registrations: [other.runnerName], containers: [other.runnerName] });
  });

  it("never removes a registration without the autogit label, even if it carries the label", async () => {
    const world = new FakeWorld();
    const runner = await started(world);
    const foreign = world.registry.seed({ kind: "repository", owner: "owner", repo: "widgets" }, {
      name: "hand-made",
      status: "online",
      busy: false,
      labels: [runner.label, "self-hosted"],
    });
    await stopRunner(world.deps, stopFor(runner.label));
    expect(world.leftovers().registrations).toEqual([foreign.name]);
  });

  it("refuses to stop an organization runner from a step without organization, removing nothing", async () => {
    const world = new FakeWorld();
    const runner = await startRunner(world.deps, request({ mode: "start", organization: "acme" }));
    const attempt = stopRunner(world.deps, stopFor(runner.label));
    await expect(attempt).rejects.toThrow(
      `runner ${runner.label} was started for organization acme, but this step is for repository owner/widgets: set organization: acme on this step. Nothing was removed.`,
    );
    expect(world.leftovers()).toEqual({ registrations: [runner.runnerName], containers: [runner.runnerName] });
    expect(world.registry.calls).not.toContain("removeRunner");

    await stopRunner(world.deps, stopFor(runner.label, { organization: "acme" }));
    expect(world.leftovers()).toEqual({ registrations: [], containers: [] });
  });

  it("refuses to stop a repository runner from a step for an organization, naming the repository input", async () => {
    const world = new FakeWorld();
    const runner = await started(world);
    await expect(stopRunner(world.deps, stopFor(runner.label, { organization: "acme" }))).rejects.toThrow(
      /was started for repository owner\/widgets, but this step is for organization acme: set repository: owner\/widgets and leave organization empty/,
    );
    expect(world.leftovers()).toEqual({ registrations: [runner.runnerName], containers: [runner.runnerName] });
  });
});
