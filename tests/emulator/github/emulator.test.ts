import { afterEach, describe, expect, it } from "vitest";
import { startGitHubEmulator, type GitHubEmulator, type GitHubEmulatorOptions } from "./emulator.js";
import { decodeJitConfig } from "./jit-config.js";
import { StandInRunner } from "./runner-client.js";

let emulator: GitHubEmulator | undefined;
afterEach(async () => {
  await emulator?.close();
  emulator = undefined;
});

async function start(options: GitHubEmulatorOptions = {}): Promise<GitHubEmulator> {
  emulator = await startGitHubEmulator(options);
  return emulator;
}

async function api(
  github: GitHubEmulator,
  method: string,
  path: string,
  body?: unknown,
  token = github.token,
): Promise<{ status: number; body: Record<string, unknown>; headers: Headers }> {
  const response = await fetch(`${github.url}${path}`, {
    method,
    headers: { authorization: `token ${token}`, accept: "application/vnd.github+json" },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  return { status: response.status, body: text === "" ? {} : (JSON.parse(text) as Record<string, unknown>), headers: response.headers };
}

const sleep = (milliseconds: number) => new Promise((resolve) => setTimeout(resolve, milliseconds));

const jitBody = (name: string, labels = ["linux"]) => ({ name, runner_group_id: 1, labels, work_folder: "_work" });

describe("GitHub emulator", () => {
  it("rejects a request that breaks GitHub's OpenAPI description and records the violation", async () => {
    const github = await start();
    const missingLabels = await api(github, "POST", "/repos/octo/hello/actions/runners/generate-jitconfig", {
      name: "r1",
      runner_group_id: 1,
    });
    expect(missingLabels.status).toBe(422);
    const badQuery = await api(github, "GET", "/repos/octo/hello/actions/runners?per_page=lots");
    expect(badQuery.status).toBe(422);
    expect(github.violations.map((violation) => violation.kind)).toEqual(["request", "request"]);
    expect(github.violations[0]?.problems.join(" ")).toMatch(/labels/);
    expect(github.violations[1]?.problems.join(" ")).toMatch(/per_page/);
    expect(github.runners()).toEqual([]);
  });

  it("records a call to a route it does not serve as a violation", async () => {
    const github = await start();
    const answer = await api(github, "GET", "/repos/octo/hello/actions/secrets");
    expect(answer.status).toBe(404);
    expect(github.takeViolations()).toMatchObject([{ kind: "unknown-route" }]);
    expect(github.violations).toEqual([]);
  });

  it("answers 401 to a wrong token and changes nothing", async () => {
    const github = await start();
    const answer = await api(github, "POST", "/repos/octo/hello/actions/runners/generate-jitconfig", jitBody("r1"), "ghp_wrong");
    expect(answer.status).toBe(401);
    expect(answer.body["message"]).toBe("Bad credentials");
    expect(github.runners()).toEqual([]);
  });

  it("issues a JIT config in the PROTOCOL.md format and answers 409 for a duplicate name", async () => {
    const github = await start();
    const created = await api(github, "POST", "/repos/octo/hello/actions/runners/generate-jitconfig", jitBody("r1", ["gpu"]));
    expect(created.status).toBe(201);
    const encoded = created.body["encoded_jit_config"] as string;
    const files = JSON.parse(Buffer.from(encoded, "base64").toString()) as Record<string, string>;
    expect(Object.keys(files).sort()).toEqual([".credentials", ".credentials_rsaparams", ".runner"]);
    const runnerFile = Buffer.from(files[".runner"], "base64").toString();
    expect(runnerFile).not.toMatch(/[:,] /);
    expect(runnerFile).not.toContain("\n");
    expect(JSON.parse(runnerFile)).toEqual({
      AgentId: (created.body["runner"] as { id: number }).id,
      AgentName: "r1",
      PoolId: 1,
      ServerUrl: `${github.origin}/_runner/`,
      WorkFolder: "_work",
      Ephemeral: true,
    });
    expect(Buffer.from(files[".credentials"], "base64").toString()).toMatch(/^\{"Scheme":"OAuth","Data":\{"token":"[0-9a-f]+"\}\}$/);
    expect(decodeJitConfig(encoded).agentName).toBe("r1");

    const duplicate = await api(github, "POST", "/repos/octo/hello/actions/runners/generate-jitconfig", jitBody("r1"));
    expect(duplicate.status).toBe(409);
    expect(github.runners()).toHaveLength(1);
    expect(github.violations).toEqual([]);
  });

  it("plays a JIT runner's life: online, busy with a matching job, deregistered when done", async () => {
    const github = await start();
    const created = await api(github, "POST", "/orgs/octo-org/actions/runners/generate-jitconfig", jitBody("r1", ["gpu", "linux"]));
    const runner = new StandInRunner(created.body["encoded_jit_config"] as string);
    const otherJob = github.queueJob(["self-hosted", "arm64"], 1);
    const job = github.queueJob(["self-hosted", "GPU"], 3);
    expect(await runner.takeJob()).toBeUndefined();

    expect((await runner.online()).status).toBe(200);
    expect(github.runners({ kind: "organization", org: "octo-org" })).toMatchObject([{ name: "r1", status: "online", busy: false }]);
    expect(await runner.takeJob()).toEqual({ id: job, seconds: 3 });
    expect(github.jobState(job)).toEqual({ id: job, state: "in_progress", runnerName: "r1" });
    expect(github.jobState(otherJob)?.state).toBe("queued");

    const busy = await api(github, "DELETE", `/orgs/octo-org/actions/runners/${runner.agentId}`);
    expect(busy.status).toBe(422);
    expect(github.runners()).toMatchObject([{ busy: true }]);

    expect(await runner.finish(job)).toBe(200);
    expect(github.jobState(job)?.state).toBe("completed");
    expect(github.runners()).toEqual([]);
    expect((await api(github, "GET", `/orgs/octo-org/actions/runners/${runner.agentId}`)).status).toBe(404);
    expect(github.violations).toEqual([]);
  });

  it("fails the job of a busy runner that stops talking for the runner timeout, and leaves it offline and not busy", async () => {
    const github = await start({ runnerTimeoutSeconds: 1 });
    const created = await api(github, "POST", "/orgs/octo-org/actions/runners/generate-jitconfig", jitBody("r1", ["linux"]));
    const runner = new StandInRunner(created.body["encoded_jit_config"] as string);
    const job = github.queueJob(["self-hosted", "linux"], 600);
    expect((await runner.online()).status).toBe(200);
    expect(await runner.takeJob()).toEqual({ id: job, seconds: 600 });

    // A live runner renews its job's lock: well past the timeout in all, but never silent for that long.
    for (let i = 0; i < 3; i++) {
      await sleep(600);
      expect(await runner.renew(job)).toBe(200);
    }
    expect(github.jobState(job)).toEqual({ id: job, state: "in_progress", runnerName: "r1" });
    expect(github.runners()).toMatchObject([{ status: "online", busy: true }]);

    // Killed: it says goodbye (as the stand-in's run.sh does on SIGTERM), the job stays assigned until the timeout.
    expect(await runner.offline()).toBe(200);
    expect(github.runners()).toMatchObject([{ status: "offline", busy: true }]);
    expect((await api(github, "DELETE", `/orgs/octo-org/actions/runners/${runner.agentId}`)).status).toBe(422);
    await sleep(1100);
    expect(github.jobState(job)).toEqual({ id: job, state: "completed", conclusion: "failure", runnerName: "r1" });
    const listed = await api(github, "GET", "/orgs/octo-org/actions/runners");
    expect(listed.body["runners"]).toMatchObject([{ name: "r1", status: "offline", busy: false }]);

    // Too late: the job is no longer the runner's, and the registration can go.
    expect(await runner.renew(job)).toBe(404);
    expect(await runner.finish(job)).toBe(404);
    expect(github.jobState(job)?.conclusion).toBe("failure");
    expect((await api(github, "DELETE", `/orgs/octo-org/actions/runners/${runner.agentId}`)).status).toBe(204);
    expect(github.violations).toEqual([]);
  });

  it("takes an idle runner that stops polling offline after the runner timeout, and concludes a finished job as success", async () => {
    const github = await start({ runnerTimeoutSeconds: 0.5 });
    const created = await api(github, "POST", "/repos/octo/hello/actions/runners/generate-jitconfig", jitBody("r1"));
    const runner = new StandInRunner(created.body["encoded_jit_config"] as string);
    expect((await runner.online()).status).toBe(200);
    await sleep(700);
    expect(github.runners()).toMatchObject([{ status: "offline", busy: false }]);

    expect((await runner.online()).status).toBe(200);
    const job = github.queueJob(["linux"], 0);
    expect(await runner.takeJob()).toEqual({ id: job, seconds: 0 });
    expect(await runner.finish(job)).toBe(200);
    expect(github.jobState(job)).toMatchObject({ state: "completed", conclusion: "success" });
  });

  it("refuses online for a name prefix it was told to refuse, and a wrong runner token", async () => {
    const github = await start();
    github.refuseOnline("bad-");
    const created = await api(github, "POST", "/repos/octo/hello/actions/runners/generate-jitconfig", jitBody("bad-1"));
    const encoded = created.body["encoded_jit_config"] as string;
    expect((await new StandInRunner(encoded).online()).status).toBe(403);
    expect(github.runners()).toMatchObject([{ status: "offline" }]);
    const agentId = decodeJitConfig(encoded).agentId;
    const forged = await fetch(`${github.origin}/_runner/${agentId}/online`, {
      method: "POST",
      headers: { authorization: "Bearer nope" },
    });
    expect(forged.status).toBe(401);
  });

  it("paginates runners with a link header", async () => {
    const github = await start();
    for (let i = 0; i < 5; i++) {
      await api(github, "POST", "/repos/octo/hello/actions/runners/generate-jitconfig", jitBody(`r${i}`));
    }
    const first = await api(github, "GET", "/repos/octo/hello/actions/runners?per_page=2");
    expect(first.body["total_count"]).toBe(5);
    expect((first.body["runners"] as unknown[]).length).toBe(2);
    expect(first.headers.get("link")).toContain(`<${github.url}/repos/octo/hello/actions/runners?per_page=2&page=2>; rel="next"`);
    const last = await api(github, "GET", "/repos/octo/hello/actions/runners?per_page=2&page=3");
    expect((last.body["runners"] as { name: string }[]).map((r) => r.name)).toEqual(["r4"]);
    expect(last.headers.get("link")).not.toContain('rel="next"');
    const byName = await api(github, "GET", "/repos/octo/hello/actions/runners?name=r3");
    expect(byName.body["total_count"]).toBe(1);
    expect(github.violations).toEqual([]);
  });

  it("serves the REST API under a GitHub Enterprise Server prefix", async () => {
    const github = await start({ pathPrefix: "/api/v3" });
    expect(github.url).toBe(`${github.origin}/api/v3`);
    expect((await api(github, "GET", "/rate_limit")).status).toBe(200);
    const unprefixed = await fetch(`${github.origin}/rate_limit`, { headers: { authorization: `token ${github.token}` } });
    expect(unprefixed.status).toBe(404);
  });

  it("answers 404 for a repository it does not know", async () => {
    const github = await start({ repositories: ["octo/hello"] });
    expect((await api(github, "GET", "/repos/octo/hello/actions/runners")).status).toBe(200);
    expect((await api(github, "GET", "/repos/octo/missing/actions/runners")).status).toBe(404);
  });

  it("injects faults: a status with headers, a number of times, then serves normally", async () => {
    const github = await start();
    github.injectFault({ method: "GET", route: "/rate_limit", status: 429, headers: { "retry-after": "7" }, times: 2 });
    const first = await api(github, "GET", "/rate_limit");
    expect(first.status).toBe(429);
    expect(first.headers.get("retry-after")).toBe("7");
    expect(first.body["message"]).toMatch(/secondary rate limit/);
    expect((await api(github, "GET", "/rate_limit")).status).toBe(429);
    expect((await api(github, "GET", "/rate_limit")).status).toBe(200);
  });

  it("processes a request and then resets the connection when told to", async () => {
    const github = await start();
    github.injectFault({ kind: "reset-after-processing", method: "POST", route: "/repos/{owner}/{repo}/actions/runners/generate-jitconfig" });
    await expect(api(github, "POST", "/repos/octo/hello/actions/runners/generate-jitconfig", jitBody("r1"))).rejects.toThrow();
    expect(github.runners()).toMatchObject([{ name: "r1" }]);
    expect(github.requests.at(-1)).toMatchObject({ method: "POST", status: 0 });
  });

  it("offers the control API over HTTP", async () => {
    const github = await start();
    const control = async (method: string, path: string, body?: unknown) => {
      const response = await fetch(`${github.origin}/_control/${path}`, {
        method,
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      return { status: response.status, body: (await response.json()) as Record<string, unknown> };
    };
    const queued = await control("POST", "jobs", { labels: ["self-hosted"], seconds: 2 });
    expect(queued.status).toBe(201);
    expect((await control("GET", `jobs/${String(queued.body["id"])}`)).body).toEqual({ id: queued.body["id"], state: "queued" });
    expect((await control("POST", "faults", { method: "GET", route: "/rate_limit", status: 503 })).status).toBe(201);
    expect((await api(github, "GET", "/rate_limit")).status).toBe(503);
    expect((await control("POST", "faults", { method: "GET", route: "/rate_limit", status: 418 })).status).toBe(400);
    expect((await control("POST", "refuse-online", { namePrefix: "x-" })).status).toBe(200);
    expect((await control("GET", "state")).body).toMatchObject({ jobs: [{ state: "queued" }], runners: [] });
  });
});
