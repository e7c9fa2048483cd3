import { spawn } from "node:child_process";
import type { ChildProcess } from "node:child_process";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import Docker from "dockerode";
import { parse } from "yaml";
import { ContainerLabel } from "../../src/runner/ports.js";

export const ROOT = fileURLToPath(new URL("../../", import.meta.url));
export const BUNDLE = join(ROOT, "dist/index.js");
export const docker = new Docker({ socketPath: "/var/run/docker.sock" });
const ACTION_TIMEOUT_MS = 110_000;

interface ActionYaml {
  readonly inputs: Record<string, { readonly default?: string; readonly required?: boolean }>;
  readonly outputs: Record<string, unknown>;
  readonly runs: { readonly using: string; readonly main: string; readonly post?: string };
}

export async function actionYaml(): Promise<ActionYaml> {
  return parse(await readFile(join(ROOT, "action.yml"), "utf8")) as ActionYaml;
}

export interface WorkflowEnv {
  readonly repository: string;
  readonly runId: string;
  readonly apiUrl: string;
}

export interface ActionResult {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly outputs: Readonly<Record<string, string>>;
  /** The raw GITHUB_OUTPUT file, to check no secret reaches it. */
  readonly outputFile: string;
}

export interface RunningAction {
  readonly child: ChildProcess;
  /** Standard output so far. */
  stdout(): string;
  /** Outputs written so far. */
  outputs(): Promise<Readonly<Record<string, string>>>;
  readonly done: Promise<ActionResult>;
}

/**
 * Runs the bundled action the way the Actions runner does: `node dist/index.js` with every input as
 * `INPUT_<NAME>` (upper case, hyphens kept), action.yml defaults for the rest, and a GITHUB_OUTPUT file.
 */
export async function startAction(inputs: Readonly<Record<string, string>>, workflow: WorkflowEnv): Promise<RunningAction> {
  const yaml = await actionYaml();
  const dir = await mkdtemp(join(tmpdir(), "autogit-action-"));
  const outputPath = join(dir, "output");
  await writeFile(outputPath, "");
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? "/usr/bin:/bin",
    HOME: process.env.HOME ?? dir,
    GITHUB_OUTPUT: outputPath,
    GITHUB_REPOSITORY: workflow.repository,
    GITHUB_RUN_ID: workflow.runId,
    GITHUB_API_URL: workflow.apiUrl,
    RUNNER_TEMP: dir,
  };
  for (const [name, spec] of Object.entries(yaml.inputs)) env[inputVariable(name)] = spec.default ?? "";
  for (const [name, value] of Object.entries(inputs)) env[inputVariable(name)] = value;
  const child = spawn(process.execPath, [BUNDLE], { cwd: dir, env, stdio: ["ignore", "pipe", "pipe"] });
  // A hung action must not outlive its test.
  const killer = setTimeout(() => child.kill("SIGKILL"), ACTION_TIMEOUT_MS);
  let stdout = "";
  let stderr = "";
  child.stdout?.on("data", (chunk: Buffer) => (stdout += chunk.toString("utf8")));
  child.stderr?.on("data", (chunk: Buffer) => (stderr += chunk.toString("utf8")));
  const outputs = async () => parseOutputFile(await readFile(outputPath, "utf8"));
  const done = new Promise<ActionResult>((resolve, reject) => {
    child.on("error", reject);
    child.on("close", (code, signal) => {
      clearTimeout(killer);
      void (async () => {
        const outputFile = await readFile(outputPath, "utf8");
        await rm(dir, { recursive: true, force: true });
        resolve({ code, signal, stdout, stderr, outputs: parseOutputFile(outputFile), outputFile });
      })().catch(reject);
    });
  });
  return { child, stdout: () => stdout, outputs, done };
}

export async function runAction(inputs: Readonly<Record<string, string>>, workflow: WorkflowEnv): Promise<ActionResult> {
  return (await startAction(inputs, workflow)).done;
}

/** The variable the runner sets for an input: `github-token` → `INPUT_GITHUB-TOKEN`. */
export function inputVariable(name: string): string {
  return `INPUT_${name.replace(/ /g, "_").toUpperCase()}`;
}

/** Reads `name<<DELIMITER\nvalue\nDELIMITER` records as @actions/core writes them. */
export function parseOutputFile(text: string): Record<string, string> {
  const outputs: Record<string, string> = {};
  const lines = text.split("\n");
  for (let i = 0; i < lines.length; i += 1) {
    const match = /^([^<=]+)<<(.+)$/.exec(lines[i] ?? "");
    if (match === null) continue;
    const [, name = "", delimiter] = match;
    const value: string[] = [];
    for (i += 1; i < lines.length && lines[i] !== delimiter; i += 1) value.push(lines[i] ?? "");
    outputs[name] = value.join("\n");
  }
  return outputs;
}

/** Containers (any state) carrying the runner's unique label. */
export async function containersLabelled(label: string): Promise<Docker.ContainerInfo[]> {
  return docker.listContainers({ all: true, filters: { label: [`${ContainerLabel.label}=${label}`] } });
}

/** Containers of a repository (`owner/repo`) or an organization (`organization:org`), any state. */
export async function containersOfScope(scope: string): Promise<Docker.ContainerInfo[]> {
  const key = scope.startsWith("organization:") ? scope : `repository:${scope}`;
  return docker.listContainers({ all: true, filters: { label: [`${ContainerLabel.scope}=${key}`] } });
}

/** Polls `check` until it returns a value, for up to `seconds`. */
export async function eventually<T>(what: string, seconds: number, check: () => Promise<T | undefined> | T | undefined): Promise<T> {
  const deadline = Date.now() + seconds * 1000;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${seconds} s waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/**
 * Secrets that must never show: the token itself, and any base64 blob that decodes to something holding
 * runner credentials (the JIT config, however it is wrapped).
 */
export function findSecrets(text: string, token: string): string[] {
  const found: string[] = [];
  if (text.includes(token)) found.push("the GitHub token");
  for (const blob of text.match(/[A-Za-z0-9+/=]{40,}/g) ?? []) {
    const decoded = Buffer.from(blob, "base64").toString("utf8");
    if (decoded.includes(".credentials") || decoded.includes('"token"')) found.push(`a JIT config (${blob.slice(0, 12)}…)`);
  }
  return found;
}

/** Removes whatever a test left behind on the engine (only containers of its own scope). */
export async function removeScopeContainers(scope: string): Promise<void> {
  for (const info of await containersOfScope(scope)) {
    await docker.getContainer(info.Id).remove({ force: true }).catch(() => undefined);
  }
}
