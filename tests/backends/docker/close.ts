import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import type { RunnerContainerSpec } from "../../../src/runner/ports.js";

const tsx = fileURLToPath(new URL("../../../node_modules/tsx/dist/cli.mjs", import.meta.url));
const script = fileURLToPath(new URL("./start-and-close.ts", import.meta.url));

export interface StartedAndClosed {
  /** Exit code, or null when the process had to be killed because it did not end by itself. */
  readonly code: number | null;
  readonly containerId: string;
  readonly stderr: string;
}

/** Runs start-and-close.ts in a process of its own and waits up to `timeoutMs` for it to exit by itself. */
export function startAndClose(dockerHost: string, spec: RunnerContainerSpec, timeoutMs: number, sshKey?: string): Promise<StartedAndClosed> {
  const env: Record<string, string> = {
    PATH: process.env["PATH"] ?? "/usr/bin:/bin",
    AUTOGIT_TEST_DOCKER_HOST: dockerHost,
    AUTOGIT_TEST_SPEC: JSON.stringify(spec),
    ...(sshKey === undefined ? {} : { AUTOGIT_TEST_SSH_KEY: sshKey }),
  };
  const child = spawn(process.execPath, [tsx, script], { env, stdio: ["ignore", "pipe", "pipe"] });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString("utf8")));
  child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString("utf8")));
  const killer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
  return new Promise((resolve, reject) => {
    child.on("error", reject);
    child.on("close", (code) => {
      clearTimeout(killer);
      resolve({ code, containerId: stdout.trim(), stderr });
    });
  });
}
