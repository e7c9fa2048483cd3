import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { run } from "../../action/run.js";
import { INPUT_NAMES } from "../../src/runner/config/input-names.js";
import { newRunnerName } from "../../src/runner/naming.js";
import { TOKEN } from "../fakes/inputs.js";
import { FakeWorld } from "../fakes/world.js";
import { inputVariable, parseOutputFile } from "./harness.js";

// run() in-process, with the fake GitHub and Docker host behind it: how inputs become outputs.
let dir: string;
let saved: NodeJS.ProcessEnv;

beforeEach(async () => {
  saved = { ...process.env };
  dir = await mkdtemp(join(tmpdir(), "autogit-run-"));
  await writeFile(join(dir, "output"), "");
  for (const name of INPUT_NAMES) delete process.env[inputVariable(name)];
  Object.assign(process.env, { GITHUB_OUTPUT: join(dir, "output"), GITHUB_REPOSITORY: "owner/widgets", GITHUB_RUN_ID: "77" });
});

afterEach(async () => {
  process.env = saved;
  await rm(dir, { recursive: true, force: true });
});

function inputs(values: Record<string, string>): void {
  for (const [name, value] of Object.entries(values)) process.env[inputVariable(name)] = value;
}

const outputs = async () => parseOutputFile(await readFile(join(dir, "output"), "utf8"));

describe("run", () => {
  it("writes label and runner-name before anything else, then runner-id and container-id, never the JIT config, and closes the backend", async () => {
    const world = new FakeWorld();
    inputs({ mode: "start", "github-token": TOKEN });
    await run(() => world.deps);
    const written = await outputs();
    expect(Object.keys(written)).toEqual(["label", "runner-name", "runner-id", "container-id"]);
    const runner = world.registry.runners.get(Number(written["runner-id"]));
    expect(runner?.name).toBe(written.label);
    expect(world.backend.containers.has(written["container-id"] ?? "")).toBe(true);
    expect(JSON.stringify(written)).not.toContain(runner?.jitConfig);
    expect(world.backend.closed).toBe(true);
  });

  it("still leaves the label for stop when the start fails, and closes the backend after cleaning up", async () => {
    const world = new FakeWorld();
    world.backend.failNext("startRunner", new Error("no space left on device"));
    inputs({ mode: "start", "github-token": TOKEN });
    await expect(run(() => world.deps)).rejects.toThrow(/no space left on device/);
    expect(Object.keys(await outputs())).toEqual(["label", "runner-name"]);
    expect(world.leftovers()).toEqual({ registrations: [], containers: [] });
    expect(world.backend.closed, "closed after the failed start cleaned up").toBe(true);
  });

  it("validates before creating anything: an invalid input never reaches the factory", async () => {
    inputs({ mode: "start", "github-token": TOKEN, arch: "x86" });
    let created = false;
    await expect(
      run(() => {
        created = true;
        return new FakeWorld().deps;
      }),
    ).rejects.toThrow('arch must be one of amd64, arm64, riscv64 (got "x86")');
    expect(created).toBe(false);
  });

  it("reports what reap removed as JSON, then closes the backend", async () => {
    const world = new FakeWorld();
    const name = newRunnerName({ repository: "owner/widgets", runId: "1", now: new Date(world.clock.now() - 3_600_000) });
    world.registry.seed({ kind: "repository", owner: "owner", repo: "widgets" }, { name, status: "offline", busy: false, labels: ["autogit"] });
    inputs({ mode: "reap", "github-token": TOKEN });
    await run(() => world.deps);
    expect(JSON.parse((await outputs()).reaped ?? "")).toEqual({ containers: [], registrations: [name] });
    expect(world.backend.closed).toBe(true);
  });
});
