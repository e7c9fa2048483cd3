/**
 * The demo behind `npm run demo`. Everything is real except GitHub: the bundled action (`node dist/index.js`) with
 * `INPUT_*` variables as the runner sets them, the Docker engine, the stand-in runner image (official layout), and the
 * project's OpenAPI-checked GitHub emulator standing in for api.github.com.
 */
import { execFile, spawn } from "node:child_process";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { runValidate } from "../src/cli/validate-command.js";
import { startGitHubEmulator } from "../tests/emulator/github/index.js";
import { TestRunnerImage, ensureTestRunnerImages } from "../tests/fixtures/runner-image/images.js";

const REPOSITORY = "octo-org/hello-autogit";
const JOB_SECONDS = 3;
const WAIT_LIMIT_MS = 120_000;

function step(text: string): void {
  console.log(`\n\u001b[1m==> ${text}\u001b[0m`);
}

async function runAction(inputs: Record<string, string>, env: Record<string, string>): Promise<Record<string, string>> {
  const dir = await mkdtemp(join(tmpdir(), "autogit-demo-"));
  const outputFile = join(dir, "output");
  await writeFile(outputFile, ""); // the runner creates it before each step
  const inputEnv = Object.fromEntries(Object.entries(inputs).map(([name, value]) => [`INPUT_${name.toUpperCase()}`, value]));
  const child = spawn(process.execPath, ["dist/index.js"], {
    env: { ...process.env, ...env, ...inputEnv, GITHUB_OUTPUT: outputFile },
    stdio: ["ignore", "inherit", "inherit"],
  });
  const code = await new Promise<number | null>((done) => child.on("close", done));
  if (code !== 0) throw new Error(`the action (mode ${inputs["mode"]}) exited with ${code}`);
  const text = await readFile(outputFile, "utf8").catch(() => "");
  await rm(dir, { recursive: true, force: true });
  return parseOutputs(text);
}

/** GITHUB_OUTPUT's `name<<DELIMITER\nvalue\nDELIMITER` blocks. */
function parseOutputs(text: string): Record<string, string> {
  const outputs: Record<string, string> = {};
  const lines = text.split("\n");
  for (let i = 0; i < lines.length; i++) {
    const match = /^([^<=]+)<<(.+)$/.exec(lines[i] ?? "");
    if (match?.[1] === undefined || match[2] === undefined) continue;
    const value: string[] = [];
    for (i++; i < lines.length && lines[i] !== match[2]; i++) value.push(lines[i] ?? "");
    outputs[match[1]] = value.join("\n");
  }
  return outputs;
}

async function main(): Promise<void> {
  step("Validate the dev stack (stacks/Pulumi.dev.yaml) without the Pulumi CLI");
  const io = { out: (line: string) => console.log(line), err: (line: string) => console.error(line), env: process.env, stacksDir: "stacks" };
  const code = await runValidate(["dev"], io);
  if (code !== 0) throw new Error("stacks/Pulumi.dev.yaml is not valid");

  step("Build the stand-in runner image (official layout: /home/runner/run.sh)");
  await ensureTestRunnerImages();

  step("Start the GitHub emulator on 127.0.0.1");
  const github = await startGitHubEmulator();
  console.log(`GitHub API (emulated): ${github.url}`);
  const env = { GITHUB_REPOSITORY: REPOSITORY, GITHUB_RUN_ID: String(Date.now() % 100000), GITHUB_API_URL: github.url };
  try {
    step("uses: org/autogit-runner@v1 with mode: start");
    const started = await runAction(
      { mode: "start", "github-token": github.token, image: TestRunnerImage.amd64, pull: "never", network: "host", cpus: "1", memory: "256m", "idle-timeout": "2m" },
      env,
    );
    console.log(`outputs: ${JSON.stringify(started)}`);
    const label = started["label"];
    if (label === undefined || label === "") throw new Error("the start step gave no label output");

    step(`A workflow job with runs-on: ${label}`);
    const job = github.queueJob([label], JOB_SECONDS);
    const deadline = Date.now() + WAIT_LIMIT_MS;
    let state = github.jobState(job)?.state;
    while (state !== "completed") {
      if (Date.now() > deadline) throw new Error(`job ${job} did not complete within ${WAIT_LIMIT_MS / 1000} s (state ${state})`);
      await new Promise((done) => setTimeout(done, 1000));
      const next = github.jobState(job)?.state;
      if (next !== state) console.log(`job ${job}: ${next}${next === "in_progress" ? ` on ${github.jobState(job)?.runnerName}` : ""}`);
      state = next;
    }

    step("uses: org/autogit-runner@v1 with mode: stop");
    await runAction({ mode: "stop", "github-token": github.token, label }, env);

    step("What is left");
    const { stdout } = await promisify(execFile)("docker", ["ps", "-a", "--filter", `label=autogit.label=${label}`, "--format", "{{.Names}}"]);
    const registrations = github.runners().filter((runner) => runner.labels.includes(label));
    console.log(`containers: ${stdout.trim() === "" ? "none" : stdout.trim()}`);
    console.log(`registrations: ${registrations.length === 0 ? "none" : registrations.map((r) => r.name).join(", ")}`);
    console.log(`GitHub API calls: ${github.requests.filter((r) => r.api === "rest").length}, OpenAPI violations: ${github.violations.length}`);
    if (stdout.trim() !== "" || registrations.length > 0 || github.violations.length > 0) throw new Error("something was left behind");
    console.log("\nDone: one ephemeral runner started, ran its job, and left nothing behind.");
  } finally {
    await github.close();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
