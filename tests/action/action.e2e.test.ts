import { randomBytes, randomInt } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { primaryRateLimitHeaders, startGitHubEmulator } from "../emulator/github/index.js";
import type { GitHubEmulator } from "../emulator/github/index.js";
import { ensureTestRunnerImages, TestRunnerImage } from "../fixtures/runner-image/images.js";
import { ContainerLabel } from "../../src/runner/ports.js";
import {
  containersLabelled,
  containersOfScope,
  docker,
  eventually,
  findSecrets,
  removeScopeContainers,
  runAction,
  startAction,
} from "./harness.js";
import type { ActionResult, WorkflowEnv } from "./harness.js";

let emulator: GitHubEmulator;
const scopes: string[] = [];

beforeAll(async () => {
  await ensureTestRunnerImages();
  emulator = await startGitHubEmulator();
});

afterAll(async () => {
  for (const repository of scopes) await removeScopeContainers(repository);
  await emulator.close();
});

/** A workflow of its own per test: its own repository (so its own runners and containers) and run id. */
function workflow(): WorkflowEnv {
  const repository = `e2e/w${randomBytes(4).toString("hex")}`;
  scopes.push(repository);
  return { repository, runId: String(randomInt(1_000_000, 9_999_999)), apiUrl: emulator.url };
}

const scopeOf = (env: WorkflowEnv) => {
  const [owner = "", repo = ""] = env.repository.split("/");
  return { kind: "repository", owner, repo } as const;
};

function startInputs(extra: Record<string, string> = {}): Record<string, string> {
  return {
    mode: "start",
    "github-token": emulator.token,
    image: TestRunnerImage.amd64,
    pull: "never",
    network: "host",
    "start-timeout": "60s",
    ...extra,
  };
}

/** What the runner would show: stdout without the `::add-mask::` commands it consumes. */
function visible(result: ActionResult): string {
  return [result.stdout, result.stderr, result.outputFile]
    .join("\n")
    .split("\n")
    .filter((line) => !line.startsWith("::add-mask::"))
    .join("\n");
}

async function expectNothingLeft(env: WorkflowEnv, github: GitHubEmulator = emulator): Promise<void> {
  expect((await containersOfScope(env.repository)).map((c) => c.Names)).toEqual([]);
  expect(github.runners(scopeOf(env)).map((r) => r.name)).toEqual([]);
}

describe("the bundled action against the GitHub emulator and a real Docker engine", () => {
  it("starts an online runner with labels and limits, leaks no secret, runs one job and is gone afterwards", async () => {
    const env = workflow();
    const start = await runAction(startInputs({ cpus: "1.5", memory: "256m", "pids-limit": "300", labels: "e2e, small" }), env);
    expect(start.code, start.stdout).toBe(0);
    const { label = "", "runner-name": runnerName, "runner-id": runnerId = "", "container-id": containerId = "" } = start.outputs;
    expect(label).toMatch(/^autogit-w[0-9a-f]{8}-\d+-[a-z0-9]{13}$/);
    expect(runnerName).toBe(label);
    expect(start.stdout).toContain("::group::Register runner");

    const [runner] = emulator.runners(scopeOf(env));
    expect(runner).toMatchObject({ id: Number(runnerId), name: label, status: "online", busy: false });
    expect([...(runner?.labels ?? [])].sort()).toEqual([label, "self-hosted", "autogit", "Linux", "X64", "e2e", "small"].sort());

    const inspect = await docker.getContainer(containerId).inspect();
    expect(inspect.State.Running).toBe(true);
    expect(inspect.Config.Labels).toMatchObject({
      [ContainerLabel.managed]: "true",
      [ContainerLabel.label]: label,
      [ContainerLabel.runnerName]: label,
      [ContainerLabel.scope]: `repository:${env.repository}`,
      [ContainerLabel.arch]: "amd64",
      [ContainerLabel.gpu]: "none",
    });
    const expiresAt = Date.parse(inspect.Config.Labels[ContainerLabel.expiresAt] ?? "");
    const createdAt = Date.parse(inspect.Config.Labels[ContainerLabel.createdAt] ?? "");
    expect(expiresAt - createdAt).toBe(6 * 3600 * 1000);
    expect(inspect.HostConfig).toMatchObject({ NanoCpus: 1.5e9, Memory: 256 * 1024 ** 2, PidsLimit: 300, NetworkMode: "host" });
    expect(findSecrets(visible(start), emulator.token)).toEqual([]);
    expect(findSecrets(JSON.stringify(inspect), emulator.token)).toEqual([]);

    const job = emulator.queueJob([label], 1);
    await eventually("the job to complete", 60, () => (emulator.jobState(job)?.state === "completed" ? true : undefined));
    expect(emulator.jobState(job)?.runnerName).toBe(label);
    await eventually("the runner container to be removed", 60, async () => ((await containersLabelled(label)).length === 0 ? true : undefined));
    expect(emulator.runners(scopeOf(env))).toEqual([]);

    const stop = await runAction({ mode: "stop", "github-token": emulator.token, label }, env);
    expect(stop.code, stop.stdout).toBe(0);
    expect(stop.stdout).toContain("nothing left to remove");
    await expectNothingLeft(env);
  });

  it("removes what it created when the workflow is cancelled (SIGINT) while waiting for the runner, and fails", async () => {
    const env = workflow();
    emulator.refuseOnline(`autogit-${env.repository.split("/")[1] ?? ""}-`);
    const start = await startAction(startInputs({ "start-timeout": "5m" }), env);
    const label = await eventually("the label output", 30, async () => (await start.outputs()).label);
    await eventually("the runner container", 30, async () => ((await containersLabelled(label)).length > 0 ? true : undefined));
    await eventually("the wait for the runner", 30, () => (/waiting for runner autogit-\S+ to come online/.test(start.stdout()) ? true : undefined));
    const sentAt = Date.now();
    start.child.kill("SIGINT");
    const cancelled = await start.done;
    expect(cancelled.signal).toBeNull();
    expect(cancelled.code, cancelled.stdout).toBe(1);
    // Well inside the 7.5 s the Actions runner allows between SIGINT and SIGTERM.
    expect(Date.now() - sentAt).toBeLessThan(7_500);
    expect(cancelled.stdout).toContain("::warning::received SIGINT: the workflow was cancelled; removing what this start created before exiting");
    expect(cancelled.stdout).toMatch(/removed registration autogit-\S+ \(id \d+\)/);
    expect(cancelled.stdout).toMatch(/::error::start of runner autogit-\S+ was cancelled \(SIGINT\)/);
    expect(cancelled.outputs["runner-id"]).toBeUndefined();
    await expectNothingLeft(env);

    const stop = await runAction({ mode: "stop", "github-token": emulator.token, label }, env);
    expect(stop.code, stop.stdout).toBe(0);
    expect(stop.stdout).toContain("nothing left to remove");
  });

  it("fails on an unknown organization runner group before pulling the image, registering nothing", async () => {
    const env = workflow();
    const org = `e2e-o${randomBytes(4).toString("hex")}`;
    scopes.push(`organization:${org}`);
    const before = emulator.requests.length;
    // pull: always of an image no registry has: the old order failed on the pull instead.
    const start = await runAction(
      startInputs({ organization: org, "runner-group": "gpu-runers", image: "autogit-test/no-such-runner:1", pull: "always" }),
      env,
    );
    expect(start.code).toBe(1);
    expect(start.stdout).toMatch(/::error::runner-group "gpu-runers" does not exist in organization e2e-o\w+: use one of "Default"/);
    expect(start.stdout).not.toMatch(/::group::Image /);
    expect(emulator.requests.slice(before).filter((r) => r.method === "POST")).toEqual([]);
    expect(await containersOfScope(`organization:${org}`)).toEqual([]);
  });

  it("refuses a stop without organization for an organization runner, removing nothing, and stops it with organization", async () => {
    const env = workflow();
    const org = `e2e-o${randomBytes(4).toString("hex")}`;
    scopes.push(`organization:${org}`);
    const orgScope = { kind: "organization", org } as const;
    const start = await runAction(startInputs({ organization: org }), env);
    expect(start.code, start.stdout).toBe(0);
    const label = start.outputs.label ?? "";

    const wrong = await runAction({ mode: "stop", "github-token": emulator.token, label }, env);
    expect(wrong.code).toBe(1);
    expect(wrong.stdout).toContain(
      `::error::runner ${label} was started for organization ${org}, but this step is for repository ${env.repository}: set organization: ${org} on this step. Nothing was removed.`,
    );
    expect((await containersLabelled(label)).map((c) => c.State)).toEqual(["running"]);
    expect(emulator.runners(orgScope).map((r) => r.name)).toEqual([label]);

    const right = await runAction({ mode: "stop", "github-token": emulator.token, label, organization: org }, env);
    expect(right.code, right.stdout).toBe(0);
    expect(await containersOfScope(`organization:${org}`)).toEqual([]);
    expect(emulator.runners(orgScope)).toEqual([]);
  });

  it("stop succeeds when the container is already gone, removing the registration that is left", async () => {
    const env = workflow();
    const start = await runAction(startInputs(), env);
    expect(start.code, start.stdout).toBe(0);
    const label = start.outputs.label ?? "";
    await docker.getContainer(start.outputs["container-id"] ?? "").remove({ force: true });
    const stop = await runAction({ mode: "stop", "github-token": emulator.token, label }, env);
    expect(stop.code, stop.stdout).toBe(0);
    expect(stop.stdout).toMatch(/removed registration autogit-\S+ \(id \d+\)/);
    expect(stop.stdout).not.toMatch(/removed container/);
    await expectNothingLeft(env);
  });

  it("fails at start-timeout when the runner never comes online, showing its log and removing container and registration", async () => {
    const env = workflow();
    emulator.refuseOnline(`autogit-${env.repository.split("/")[1] ?? ""}-`);
    const start = await runAction(startInputs({ "start-timeout": "8s" }), env);
    expect(start.code).toBe(1);
    expect(start.stdout).toMatch(/::error::start of runner autogit-\S+ failed: runner autogit-\S+ did not come online within 8s \(start-timeout\)/);
    expect(start.stdout).toMatch(/waiting for runner autogit-\S+ to come online \(\d+ s \/ 8 s\)/);
    expect(start.stdout).toMatch(/last \d+ log lines of container autogit-\S+:/);
    expect(findSecrets(visible(start), emulator.token)).toEqual([]);
    await expectNothingLeft(env);
  });

  it("registers nothing when the Docker host is unreachable, naming the host", async () => {
    const env = workflow();
    const before = emulator.requests.length;
    const start = await runAction(startInputs({ "docker-host": "unix:///tmp/autogit-no-such-engine.sock" }), env);
    expect(start.code).toBe(1);
    expect(start.stdout).toMatch(/::error::.*unix:\/\/\/tmp\/autogit-no-such-engine\.sock/);
    expect(emulator.requests.slice(before).filter((r) => r.method === "POST")).toEqual([]);
    await expectNothingLeft(env);
  });

  it("fails naming image and host when the image is missing and pull is never, with nothing registered", async () => {
    const env = workflow();
    const start = await runAction(startInputs({ image: "autogit-test/no-such-runner:1" }), env);
    expect(start.code).toBe(1);
    expect(start.stdout).toMatch(/::error::Image autogit-test\/no-such-runner:1 is not on the Docker host unix:\/\/\/var\/run\/docker.sock and pull is "never"/);
    await expectNothingLeft(env);
  });

  it("rejects invalid inputs all at once before touching GitHub or Docker", async () => {
    const env = workflow();
    const before = emulator.requests.length;
    const result = await runAction(
      { mode: "launch", "github-token": emulator.token, arch: "x86", gpu: "nvida", "idle-timeout": "-1m", labels: "has space" },
      env,
    );
    expect(result.code).toBe(1);
    const error = result.stdout.split("\n").find((line) => line.startsWith("::error::")) ?? "";
    // Workflow commands escape new lines as %0A.
    expect(error.split("%0A")).toEqual([
      "::error::5 inputs are invalid:",
      '  - mode must be one of start, stop, reap (got "launch")',
      expect.stringMatching(/^ {2}- labels must be labels separated by commas or new lines.*\(got "has space"\)$/),
      '  - arch must be one of amd64, arm64, riscv64 (got "x86")',
      '  - gpu must be one of none, nvidia, amd, intel (got "nvida"; did you mean "nvidia"?)',
      '  - idle-timeout must be positive, like 90s, 10m, 6h or 1h30m (got "-1m")',
    ]);
    expect(emulator.requests.length).toBe(before);
    await expectNothingLeft(env);
  });

  it("keeps one registration when generate-jitconfig succeeded but its answer was lost", async () => {
    const env = workflow();
    emulator.injectFault({ kind: "reset-after-processing", method: "POST", route: "/repos/{owner}/{repo}/actions/runners/generate-jitconfig" });
    const start = await runAction(startInputs(), env);
    expect(start.code, start.stdout).toBe(0);
    expect(emulator.runners(scopeOf(env)).map((r) => r.name)).toEqual([start.outputs.label]);
    const stop = await runAction({ mode: "stop", "github-token": emulator.token, label: start.outputs.label ?? "" }, env);
    expect(stop.code, stop.stdout).toBe(0);
    await expectNothingLeft(env);
  });

  it("waits out GitHub's rate limits (retry-after and x-ratelimit-reset) and still starts one runner", async () => {
    const env = workflow();
    const route = "/repos/{owner}/{repo}/actions/runners/generate-jitconfig";
    emulator.injectFault({ method: "POST", route, status: 429, headers: { "retry-after": "2" } });
    emulator.injectFault({ method: "POST", route, status: 403, headers: primaryRateLimitHeaders(2) });
    const start = await runAction(startInputs(), env);
    expect(start.code, start.stdout).toBe(0);
    expect(start.stdout).toMatch(/secondary rate limit hit; retrying in 2 s/);
    expect(start.stdout).toMatch(/rate limit hit; retrying in \d s/);
    expect(emulator.runners(scopeOf(env)).map((r) => r.name)).toEqual([start.outputs.label]);
    const stop = await runAction({ mode: "stop", "github-token": emulator.token, label: start.outputs.label ?? "" }, env);
    expect(stop.code, stop.stdout).toBe(0);
    await expectNothingLeft(env);
  });

  it("waits for a busy runner's job to end when stopping, then leaves nothing", async () => {
    const env = workflow();
    const start = await runAction(startInputs(), env);
    expect(start.code, start.stdout).toBe(0);
    const label = start.outputs.label ?? "";
    const job = emulator.queueJob([label], 4);
    await eventually("the job to start", 30, () => (emulator.jobState(job)?.state === "in_progress" ? true : undefined));
    const stop = await runAction({ mode: "stop", "github-token": emulator.token, label }, env);
    expect(stop.code, stop.stdout).toBe(0);
    expect(emulator.jobState(job)?.state).toBe("completed");
    await expectNothingLeft(env);
  });

  it("fails loudly when GitHub keeps answering 5xx to the delete, and a later stop finishes the job", async () => {
    const env = workflow();
    const start = await runAction(startInputs(), env);
    expect(start.code, start.stdout).toBe(0);
    const label = start.outputs.label ?? "";
    emulator.injectFault({ method: "DELETE", route: "/repos/{owner}/{repo}/actions/runners/{runner_id}", status: 503, times: 4 });
    const stop = await runAction({ mode: "stop", "github-token": emulator.token, label }, env);
    expect(stop.code).toBe(1);
    expect(stop.stdout).toMatch(/::error::stop of runner autogit-\S+ left something behind/);
    expect(stop.stdout).not.toContain("nothing left to remove");
    expect(emulator.runners(scopeOf(env))).toHaveLength(1);
    // The client tries a DELETE four times (1 + 3 retries); the faults are used up, so the next stop gets through.
    const again = await runAction({ mode: "stop", "github-token": emulator.token, label }, env);
    expect(again.code, again.stdout).toBe(0);
    await expectNothingLeft(env);
  });

  it("gives concurrent starts of one run distinct runners", async () => {
    const env = workflow();
    const starts = await Promise.all([runAction(startInputs(), env), runAction(startInputs(), env), runAction(startInputs(), env)]);
    for (const start of starts) expect(start.code, start.stdout).toBe(0);
    const labels = starts.map((start) => start.outputs.label ?? "");
    expect(new Set(labels).size).toBe(3);
    expect(emulator.runners(scopeOf(env)).map((r) => r.name).sort()).toEqual([...labels].sort());
    await Promise.all(labels.map((label) => runAction({ mode: "stop", "github-token": emulator.token, label }, env)));
    await expectNothingLeft(env);
  });

  it("runs an arm64 runner through QEMU", async () => {
    const env = workflow();
    const start = await runAction(startInputs({ arch: "arm64", image: TestRunnerImage.arm64, "start-timeout": "90s" }), env);
    expect(start.code, start.stdout).toBe(0);
    const label = start.outputs.label ?? "";
    expect(emulator.runners(scopeOf(env))[0]?.labels).toContain("ARM64");
    const inspect = await docker.getContainer(start.outputs["container-id"] ?? "").inspect();
    expect(inspect.Config.Labels[ContainerLabel.arch]).toBe("arm64");
    const image = await docker.getImage(inspect.Image).inspect();
    expect(image.Architecture).toBe("arm64");
    const stop = await runAction({ mode: "stop", "github-token": emulator.token, label }, env);
    expect(stop.code, stop.stdout).toBe(0);
    await expectNothingLeft(env);
  });

  it("kills a runner whose job outlives max-lifetime; GitHub fails the job and reap deletes the registration (RELIABILITY 12)", async () => {
    // GitHub gives up on a silent runner after minutes; this emulator after 3 s.
    const github = await startGitHubEmulator({ runnerTimeoutSeconds: 3 });
    try {
      const env = { ...workflow(), apiUrl: github.url };
      const start = await runAction(
        { ...startInputs({ "max-lifetime": "12s", "idle-timeout": "12s", "start-timeout": "10s" }), "github-token": github.token },
        env,
      );
      expect(start.code, start.stdout).toBe(0);
      const label = start.outputs.label ?? "";
      const job = github.queueJob([label], 600);
      await eventually("the job to start", 30, () => (github.jobState(job)?.state === "in_progress" ? true : undefined));

      // The wrapper kills the runner at its max lifetime; the runner goes offline on its way out.
      await eventually("the container to be killed", 60, async () => ((await containersLabelled(label)).length === 0 ? true : undefined));
      expect(github.runners(scopeOf(env)).map((r) => [r.name, r.status])).toEqual([[label, "offline"]]);
      const offline = github.requests.filter((r) => r.api === "runner" && r.method === "POST" && r.path.endsWith("/offline"));
      expect(offline.map((r) => r.status)).toEqual([200]);
      await eventually("GitHub to fail the job", 30, () => (github.jobState(job)?.state === "completed" ? true : undefined));
      expect(github.jobState(job)).toMatchObject({ conclusion: "failure", runnerName: label });
      expect(github.runners(scopeOf(env))).toMatchObject([{ name: label, status: "offline", busy: false }]);

      await new Promise((resolve) => setTimeout(resolve, 1100));
      const reaped = await runAction({ mode: "reap", "github-token": github.token, "grace-period": "1s" }, env);
      expect(reaped.code, reaped.stdout).toBe(0);
      expect(JSON.parse(reaped.outputs.reaped ?? "{}")).toEqual({ containers: [], registrations: [label] });
      await expectNothingLeft(env, github);
      expect(github.violations).toEqual([]);
    } finally {
      await github.close();
    }
  });

  it("cleans up a start killed between container start and coming online: idle timeout ends the container, reap the registration", async () => {
    const env = workflow();
    emulator.refuseOnline(`autogit-${env.repository.split("/")[1] ?? ""}-`);
    const start = await startAction(startInputs({ "idle-timeout": "3s", "start-timeout": "5m" }), env);
    const label = await eventually("the label output", 30, async () => (await start.outputs()).label);
    // Killed once the container runs (killed while it is only created, reap removes it: see the reap unit tests).
    await eventually("the runner container to run", 30, async () =>
      (await containersLabelled(label)).some((info) => info.State === "running") ? true : undefined,
    );
    start.child.kill("SIGKILL");
    await start.done;
    await eventually("the idle runner's container to go", 60, async () => ((await containersLabelled(label)).length === 0 ? true : undefined)).catch(
      async (error: unknown) => {
        const [info] = await containersLabelled(label);
        const logs = info === undefined ? "" : String(await docker.getContainer(info.Id).logs({ stdout: true, stderr: true, tail: 40 }));
        throw new Error(`${String(error)}; container ${info?.State ?? "gone"}:\n${logs}`);
      },
    );
    expect(emulator.runners(scopeOf(env)).map((r) => [r.name, r.status])).toEqual([[label, "offline"]]);

    const young = await runAction({ mode: "reap", "github-token": emulator.token, "grace-period": "10m" }, env);
    expect(young.code, young.stdout).toBe(0);
    expect(JSON.parse(young.outputs.reaped ?? "{}")).toEqual({ containers: [], registrations: [] });

    await new Promise((resolve) => setTimeout(resolve, 1100));
    const reaped = await runAction({ mode: "reap", "github-token": emulator.token, "grace-period": "1s" }, env);
    expect(reaped.code, reaped.stdout).toBe(0);
    expect(JSON.parse(reaped.outputs.reaped ?? "{}")).toEqual({ containers: [], registrations: [label] });
    expect(reaped.stdout).toMatch(/removed registration autogit-\S+ \(id \d+, offline, created \d+s ago\)/);
    await expectNothingLeft(env);
  });
});
