import { randomBytes } from "node:crypto";
import Docker from "dockerode";
import type { RunnerBackend, RunnerContainerSpec } from "../../../src/runner/ports.js";

/** Every container these tests create carries this label, valued per test, so cleanup finds exactly its own. */
export const TEST_LABEL = "autogit.test.run";

export const localDocker = (): Docker => new Docker({ socketPath: "/var/run/docker.sock" });

export function testRunId(): string {
  return `t${Date.now().toString(36)}${randomBytes(3).toString("hex")}`;
}

export function runnerSpec(run: string, overrides: Partial<RunnerContainerSpec> = {}): RunnerContainerSpec {
  return {
    name: `autogit-test-${run}-${randomBytes(2).toString("hex")}`,
    image: "autogit-test/runner:amd64",
    arch: "amd64",
    pull: "never",
    gpu: { vendor: "none", count: "all" },
    limits: {},
    network: "host",
    labels: { "autogit.managed": "true", [TEST_LABEL]: run },
    encodedJitConfig: Buffer.from('{"unused":true}').toString("base64"),
    idleTimeoutSeconds: 60,
    maxLifetimeSeconds: 120,
    ...overrides,
  };
}

/** Waits until the container no longer exists (an auto-removed runner that exited). */
export async function waitUntilGone(backend: RunnerBackend, id: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while ((await backend.inspect(id)) !== undefined) {
    if (Date.now() > deadline) throw new Error(`container ${id} still exists after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/** Removes every container of this test run and returns how many there were. */
export async function removeTestContainers(docker: Docker, run: string): Promise<number> {
  const leftovers = await docker.listContainers({ all: true, filters: { label: [`${TEST_LABEL}=${run}`] } });
  for (const info of leftovers) {
    await docker
      .getContainer(info.Id)
      .remove({ force: true })
      .catch((error: { statusCode?: number }) => {
        if (error.statusCode !== 404 && error.statusCode !== 409) throw error;
      });
  }
  return leftovers.length;
}
