/**
 * The action's cost next to plain Docker, on this host: `npx tsx bench/action.bench.ts`.
 * 1. start-to-online latency of the bundled action as a ratio to a raw `docker run -d` of the same image,
 *    interleaved over several rounds (median of each);
 * 2. GitHub API calls per start + stop, from the emulator's request log;
 * 3. 20 concurrent starts on one host: all succeed with distinct runners; p95 latency as a ratio to the
 *    single-start median.
 * Prints ratios and counts only: absolute times depend on the machine.
 */
import { execFile } from "node:child_process";
import { randomBytes } from "node:crypto";
import { promisify } from "node:util";
import { startGitHubEmulator } from "../tests/emulator/github/index.js";
import type { GitHubEmulator } from "../tests/emulator/github/index.js";
import { ensureTestRunnerImages, TestRunnerImage } from "../tests/fixtures/runner-image/images.js";
import { removeScopeContainers, runAction } from "../tests/action/harness.js";
import type { ActionResult, WorkflowEnv } from "../tests/action/harness.js";

const ROUNDS = 5;
const CONCURRENT = 20;
const run = promisify(execFile);

const median = (values: readonly number[]): number => quantile(values, 0.5);
function quantile(values: readonly number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  const position = (sorted.length - 1) * q;
  const low = Math.floor(position);
  const high = Math.ceil(position);
  return (sorted[low] ?? 0) + ((sorted[high] ?? 0) - (sorted[low] ?? 0)) * (position - low);
}

async function timed<T>(work: () => Promise<T>): Promise<{ readonly value: T; readonly ms: number }> {
  const started = performance.now();
  const value = await work();
  return { value, ms: performance.now() - started };
}

function expectSuccess(result: ActionResult, what: string): void {
  if (result.code !== 0) throw new Error(`${what} failed (exit ${result.code}):\n${result.stdout}\n${result.stderr}`);
}

async function rawDockerRun(name: string): Promise<void> {
  await run("docker", ["run", "-d", "--rm", "--name", name, "--network", "host", "--label", "autogit.bench=true", TestRunnerImage.amd64, "sh", "-c", "sleep 30"]);
}

async function main(): Promise<void> {
  await ensureTestRunnerImages();
  const emulator: GitHubEmulator = await startGitHubEmulator();
  const repository = `bench/b${randomBytes(4).toString("hex")}`;
  const env: WorkflowEnv = { repository, runId: "1", apiUrl: emulator.url };
  const start = { mode: "start", "github-token": emulator.token, image: TestRunnerImage.amd64, pull: "never", network: "host", "start-timeout": "2m" };
  const stop = (label: string) => ({ mode: "stop", "github-token": emulator.token, label });
  const rawNames: string[] = [];
  try {
    // Warm-up: page cache, image layers, node's compile cache.
    const warm = await runAction(start, env);
    expectSuccess(warm, "warm-up start");
    expectSuccess(await runAction(stop(warm.outputs.label ?? ""), env), "warm-up stop");

    const ours: number[] = [];
    const raw: number[] = [];
    const calls: number[] = [];
    for (let round = 0; round < ROUNDS; round += 1) {
      const rawName = `autogit-bench-raw-${randomBytes(4).toString("hex")}`;
      rawNames.push(rawName);
      raw.push((await timed(() => rawDockerRun(rawName))).ms);
      const before = emulator.requests.length;
      const started = await timed(() => runAction(start, env));
      expectSuccess(started.value, `start ${round + 1}`);
      ours.push(started.ms);
      expectSuccess(await runAction(stop(started.value.outputs.label ?? ""), env), `stop ${round + 1}`);
      calls.push(emulator.requests.slice(before).filter((request) => request.api === "rest").length);
    }

    const burst = await timed(() => Promise.all(Array.from({ length: CONCURRENT }, () => timed(() => runAction(start, env)))));
    const failures = burst.value.filter((result) => result.value.code !== 0);
    const labels = new Set(burst.value.map((result) => result.value.outputs.label));
    const registered = new Set(emulator.runners().filter((runner) => runner.name.startsWith(`autogit-${repository.split("/")[1]}`)).map((r) => r.name));
    await Promise.all([...labels].map((label) => runAction(stop(label ?? ""), env)));
    const single = median(ours);
    const p95 = quantile(burst.value.map((result) => result.ms), 0.95);

    const lines = [
      `action start-to-online vs raw docker run (median of ${ROUNDS} interleaved rounds): ${(single / median(raw)).toFixed(1)}x`,
      `GitHub API calls per start+stop: ${median(calls)} (min ${Math.min(...calls)}, max ${Math.max(...calls)})`,
      `${CONCURRENT} concurrent starts: ${CONCURRENT - failures.length}/${CONCURRENT} succeeded, ${labels.size} distinct labels, ${registered.size} registrations`,
      `${CONCURRENT} concurrent starts: p95 latency vs single-start median: ${(p95 / single).toFixed(1)}x`,
      `emulator OpenAPI violations: ${emulator.violations.length}`,
    ];
    console.log(lines.join("\n"));
    const leftOver = emulator.runners().filter((runner) => labels.has(runner.name)).length;
    if (leftOver > 0) console.log(`left behind after stop: ${leftOver} registration(s)`);
    if (failures.length > 0 || labels.size !== CONCURRENT || registered.size !== CONCURRENT || leftOver > 0 || emulator.violations.length > 0) {
      process.exitCode = 1;
    }
  } finally {
    await Promise.all(rawNames.map((name) => run("docker", ["rm", "-f", name]).catch(() => undefined)));
    await removeScopeContainers(repository);
    await emulator.close();
  }
}

await main();
