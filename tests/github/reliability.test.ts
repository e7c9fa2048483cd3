import { describe } from "vitest";
import type { RunnerScope } from "../../src/runner/ports.js";
import { primaryRateLimitHeaders } from "../emulator/github/faults.js";
import { StandInRunner } from "../emulator/github/runner-client.js";
import { FakeClock } from "../fakes/clock.js";
import { JIT_ROUTE, RUNNER_ROUTE, test, type Harness } from "./harness.js";

const repo: RunnerScope = { kind: "repository", owner: "octo", repo: "hello" };
const org: RunnerScope = { kind: "organization", org: "octo-org" };
const jitRequest = (name: string, scope: RunnerScope = repo) => ({ scope, name, labels: ["linux"], runnerGroupId: 1 });


/** Gap between the end of the n-th and the start of the next matching request, in ms. */
function gapAfter(h: Harness, method: string, route: string, n: number): number {
  const matching = h.github.requests.filter((entry) => entry.method === method && entry.route === route);
  return matching[n + 1].startedAt - matching[n].endedAt;
}

describe.concurrent("RELIABILITY 1: generate-jitconfig fails or the answer is lost", () => {
  test("retries a 5xx answer and registers one runner", async ({ start, expect }) => {
    const h = await start();
    h.github.injectFault({ method: "POST", route: JIT_ROUTE.repository, status: 502, times: 2 });
    const jit = await h.registry.createJitRunner(jitRequest("r1"));
    expect(h.github.runners(repo).map((runner) => runner.id)).toEqual([jit.runner.id]);
    expect(h.calls("POST", JIT_ROUTE.repository)).toBe(3);
    expect(h.logs).toContain(
      "info: GitHub answered 502 for POST /repos/{owner}/{repo}/actions/runners/generate-jitconfig; retrying in 10 ms (retry 1 of 3)",
    );
  });

  test("retries a connection reset before GitHub saw the request", async ({ start, expect }) => {
    const h = await start();
    h.github.injectFault({ kind: "reset", method: "POST", route: JIT_ROUTE.organization });
    const jit = await h.registry.createJitRunner(jitRequest("r1", org));
    expect(h.github.runners(org).map((runner) => runner.id)).toEqual([jit.runner.id]);
  });

  test("leaves exactly one runner when GitHub registered it but the answer was lost", async ({ start, expect }) => {
    const h = await start();
    h.github.injectFault({ kind: "reset-after-processing", method: "POST", route: JIT_ROUTE.repository });
    const jit = await h.registry.createJitRunner(jitRequest("lost-answer"));
    const registered = h.github.runners(repo);
    expect(registered.map((runner) => [runner.id, runner.name])).toEqual([[jit.runner.id, "lost-answer"]]);
    // The JIT config handed back belongs to the registration that exists, not to the orphan.
    expect(new StandInRunner(jit.encodedJitConfig).agentId).toBe(jit.runner.id);
    expect(h.logs.join("\n")).toMatch(/left over from an earlier attempt; replacing it/);
  });

  test("refuses to replace a same-named runner that is running a job", async ({ start, expect }) => {
    const h = await start();
    const first = await h.registry.createJitRunner(jitRequest("taken"));
    const runner = new StandInRunner(first.encodedJitConfig);
    await runner.online();
    h.github.queueJob(["linux"], 60);
    expect(await runner.takeJob()).toBeDefined();
    await expect(h.registry.createJitRunner(jitRequest("taken"))).rejects.toThrow(/taken already exists .* running a job/);
    expect(h.github.runners(repo)).toMatchObject([{ id: first.runner.id, busy: true }]);
  });

  test("gives up with a clear error when 5xx persists", async ({ start, expect }) => {
    const h = await start({ client: { retries: 2 } });
    h.github.injectFault({ method: "POST", route: JIT_ROUTE.repository, status: 503, times: 10 });
    await expect(h.registry.createJitRunner(jitRequest("r1"))).rejects.toThrow(/GitHub kept failing while trying to create runner r1 .*503/);
    expect(h.calls("POST", JIT_ROUTE.repository)).toBe(3);
  });
});

describe.concurrent("RELIABILITY 2: rate limits", () => {
  test("waits as long as retry-after says, then succeeds", async ({ start, expect }) => {
    const h = await start();
    h.github.injectFault({ method: "POST", route: JIT_ROUTE.repository, status: 429, headers: { "retry-after": "1" } });
    await h.registry.createJitRunner(jitRequest("r1"));
    expect(h.github.runners(repo)).toHaveLength(1);
    expect(h.logs).toContain("info: GitHub secondary rate limit hit; retrying in 1 s (attempt 1 of 3)");
    expect(gapAfter(h, "POST", JIT_ROUTE.repository, 0)).toBeGreaterThanOrEqual(1000);
  });

  test("honours retry-after on a 403 secondary rate limit", async ({ start, expect }) => {
    const h = await start();
    h.github.injectFault({ method: "GET", route: RUNNER_ROUTE.repository, status: 403, headers: { "retry-after": "1" } });
    expect(await h.registry.getRunner(repo, 99)).toBeUndefined();
    expect(gapAfter(h, "GET", RUNNER_ROUTE.repository, 0)).toBeGreaterThanOrEqual(1000);
  });

  test("waits until x-ratelimit-reset when the primary limit is exhausted", async ({ start, expect }) => {
    const h = await start();
    const headers = primaryRateLimitHeaders(1);
    h.github.injectFault({ method: "GET", route: "/orgs/{org}/actions/runners", status: 403, headers });
    expect(await h.registry.listRunners(org)).toEqual([]);
    const retried = h.github.requests.filter((entry) => entry.route === "/orgs/{org}/actions/runners")[1];
    expect(retried.startedAt).toBeGreaterThanOrEqual(Number(headers["x-ratelimit-reset"]) * 1000);
    expect(h.logs.join("\n")).toMatch(/GitHub rate limit hit; retrying in \d s \(attempt 1 of 3\)/);
  });

  test("stops after the configured number of retries with an error that says to wait", async ({ start, expect }) => {
    const h = await start({ client: { rateLimitRetries: 1 } });
    h.github.injectFault({ method: "GET", route: "/orgs/{org}/actions/runners", status: 429, headers: { "retry-after": "1" }, times: 5 });
    await expect(h.registry.listRunners(org)).rejects.toThrow(/GitHub rate limit still exceeded while trying to list the runners of organization octo-org/);
    expect(h.calls("GET", "/orgs/{org}/actions/runners")).toBe(2);
    expect(h.logs.join("\n")).toMatch(/giving up after 1 retries/);
  });

  test("fails at once, naming the reset time, when the limit resets later than allowed", async ({ start, expect }) => {
    const h = await start({ client: { maxRateLimitWaitSeconds: 5 } });
    const headers = primaryRateLimitHeaders(3600);
    h.github.injectFault({ method: "GET", route: "/orgs/{org}/actions/runners", status: 403, headers });
    const reset = new Date(Number(headers["x-ratelimit-reset"]) * 1000).toISOString();
    await expect(h.registry.listRunners(org)).rejects.toThrow(`the limit resets at ${reset}`);
    expect(h.calls("GET", "/orgs/{org}/actions/runners")).toBe(1);
  });
});

describe.concurrent("RELIABILITY 7: removing a runner", () => {
  test("treats 404 as gone and an idle runner as removed", async ({ start, expect }) => {
    const h = await start();
    const jit = await h.registry.createJitRunner(jitRequest("r1"));
    expect(await h.registry.removeRunner(repo, jit.runner.id, { deadline: Date.now() + 10_000 })).toBe("removed");
    expect(await h.registry.removeRunner(repo, jit.runner.id, { deadline: Date.now() + 10_000 })).toBe("gone");
    expect(h.github.runners()).toEqual([]);
  });

  test("waits with growing pauses while the runner is busy, and is done once the job ends", async ({ start, expect }) => {
    const h = await start();
    const jit = await h.registry.createJitRunner(jitRequest("busy-1", org));
    const runner = new StandInRunner(jit.encodedJitConfig);
    await runner.online();
    const jobId = h.github.queueJob(["self-hosted", "linux"], 2);
    await runner.takeJob();
    const finished = (async () => {
      while (h.calls("DELETE", RUNNER_ROUTE.organization) < 2) await new Promise((resolve) => setTimeout(resolve, 50));
      await runner.finish(jobId);
    })();
    const outcome = await h.registry.removeRunner(org, jit.runner.id, { deadline: Date.now() + 30_000 });
    await finished;
    // The job's end deregistered the ephemeral runner, so the last DELETE finds nothing left.
    expect(["removed", "gone"]).toContain(outcome);
    expect(h.github.runners()).toEqual([]);
    expect(h.github.jobState(jobId)?.state).toBe("completed");
    const waits = h.logs.filter((line) => line.includes("busy-1 (id 1) is still running a job"));
    expect(waits[0]).toBe("info: runner busy-1 (id 1) is still running a job; waiting 200 ms before trying again…");
    expect(waits[1]).toBe("info: runner busy-1 (id 1) is still running a job; waiting 400 ms before trying again…");
    expect(h.calls("DELETE", RUNNER_ROUTE.organization)).toBeLessThanOrEqual(4);
  });

  test("gives up at the deadline with an error naming the busy runner, without a tight loop", async ({ start, expect }) => {
    const h = await start();
    const jit = await h.registry.createJitRunner(jitRequest("busy-2"));
    const runner = new StandInRunner(jit.encodedJitConfig);
    await runner.online();
    h.github.queueJob(["linux"], 600);
    await runner.takeJob();
    const deadline = Date.now() + 2_000;
    await expect(h.registry.removeRunner(repo, jit.runner.id, { deadline })).rejects.toThrow(
      /runner busy-2 \(id \d+\) in repository octo\/hello is still running a job and was not removed before the deadline/,
    );
    expect(h.calls("DELETE", RUNNER_ROUTE.repository)).toBeLessThanOrEqual(5);
    expect(h.github.runners(repo)).toMatchObject([{ name: "busy-2", busy: true }]);
  });
});

describe("the registry's clock", () => {
  test("checks a busy runner's deadline against the clock it was given, the lifecycle's, not the system's", async ({ start, expect }) => {
    // Far from the system time either way: a mix of the two clocks would wait decades or not at all.
    const clock = new FakeClock(Date.parse("2100-01-01T00:00:00Z"));
    const h = await start({ registry: { clock, busyInitialDelayMs: 5_000, busyMaxDelayMs: 20_000 } });
    const jit = await h.registry.createJitRunner(jitRequest("busy-clock"));
    const runner = new StandInRunner(jit.encodedJitConfig);
    await runner.online();
    h.github.queueJob(["linux"], 600);
    await runner.takeJob();
    const begun = clock.now();
    await expect(h.registry.removeRunner(repo, jit.runner.id, { deadline: begun + 60_000 })).rejects.toThrow(/busy-clock .* still running a job/);
    // Virtual waits of 5, 10, 20, 20 and 5 s: the deadline is met on the fake clock, in no real time.
    expect(clock.now() - begun).toBe(60_000);
    expect(h.calls("DELETE", RUNNER_ROUTE.repository)).toBe(6);
  }, 30_000);
});

describe.concurrent("RELIABILITY 8: 5xx while reading or deleting a runner", () => {
  test("retries GET through a 5xx and returns the runner", async ({ start, expect }) => {
    const h = await start();
    const jit = await h.registry.createJitRunner(jitRequest("r1"));
    h.github.injectFault({ method: "GET", route: RUNNER_ROUTE.repository, status: 500, times: 2 });
    expect(await h.registry.getRunner(repo, jit.runner.id)).toMatchObject({ id: jit.runner.id });
  });

  test("fails loudly when GET keeps failing, never reporting the runner as not found", async ({ start, expect }) => {
    const h = await start({ client: { retries: 2 } });
    const jit = await h.registry.createJitRunner(jitRequest("r1"));
    h.github.injectFault({ method: "GET", route: RUNNER_ROUTE.repository, status: 503, times: 10 });
    await expect(h.registry.getRunner(repo, jit.runner.id)).rejects.toThrow(/GitHub kept failing while trying to get runner/);
    expect(h.calls("GET", RUNNER_ROUTE.repository)).toBe(3);
  });

  test("fails loudly when DELETE keeps failing, and the registration is still there", async ({ start, expect }) => {
    const h = await start({ client: { retries: 1 } });
    const jit = await h.registry.createJitRunner(jitRequest("r1"));
    h.github.injectFault({ method: "DELETE", route: RUNNER_ROUTE.repository, status: 502, times: 10 });
    await expect(h.registry.removeRunner(repo, jit.runner.id, { deadline: Date.now() + 10_000 })).rejects.toThrow(
      /GitHub kept failing while trying to delete runner \d+ in repository octo\/hello \(502/,
    );
    expect(h.github.runners(repo)).toHaveLength(1);
  });

  test("retries DELETE through a connection reset", async ({ start, expect }) => {
    const h = await start();
    const jit = await h.registry.createJitRunner(jitRequest("r1"));
    h.github.injectFault({ kind: "reset", method: "DELETE", route: RUNNER_ROUTE.repository });
    expect(await h.registry.removeRunner(repo, jit.runner.id, { deadline: Date.now() + 10_000 })).toBe("removed");
  });
});
