import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDockerRunnerBackend } from "../../../src/backends/docker/index.js";
import { TestRunnerImage, ensureTestRunnerImages } from "../../fixtures/runner-image/images.js";
import { startAndClose } from "./close.js";
import { TEST_LABEL, localDocker, removeTestContainers, runnerSpec, testRunId, waitUntilGone } from "./helpers.js";
import { startRunnerService } from "./runner-service.js";
import type { RunnerService } from "./runner-service.js";
import { sshdAvailable, startLoopbackSshd } from "./sshd.js";
import type { LoopbackSshd } from "./sshd.js";

// Needs openssh-server (apt-get install openssh-server; scripts/setup.sh installs it) and root, to run a throwaway sshd
// on 127.0.0.1. Outside CI a machine without them skips this file; in CI (CI=true) it runs and fails instead.
describe.skipIf(!sshdAvailable() && process.env["CI"] !== "true")("DockerRunnerBackend over ssh://", () => {
  const docker = localDocker();
  const run = testRunId();
  let sshd: LoopbackSshd;
  let service: RunnerService;

  beforeAll(async () => {
    await ensureTestRunnerImages();
    sshd = await startLoopbackSshd();
    service = await startRunnerService();
  });
  afterAll(async () => {
    await service.close();
    await sshd.stop();
    expect(await removeTestContainers(docker, run), "containers left behind").toBe(0);
  });

  it("delivers the JIT config, runs a job and keeps the logs through docker-modem's ssh transport", async () => {
    const backend = createDockerRunnerBackend({ host: `ssh://root@127.0.0.1:${sshd.port}`, sshPrivateKey: sshd.privateKeyPath }, { env: {} });
    expect(backend.host).toBe(`ssh://root@127.0.0.1:${sshd.port}`);
    await backend.ping();
    await backend.ensureImage(TestRunnerImage.amd64, "amd64", "never");

    const spec = runnerSpec(run);
    const jit = service.issueJitConfig(spec.name);
    const job = service.queueJob(1);
    const started = await backend.startRunner({ ...spec, encodedJitConfig: jit.encoded });
    expect((await backend.list({ [TEST_LABEL]: run })).length).toBeLessThanOrEqual(1);
    await waitUntilGone(backend, started.id, 60_000);

    expect(service.events).toContain(`done ${jit.agentId} ${job}`);
    expect(await backend.tailLogs(started.id, 5)).toContain("autogit: the runner exited with code 0");
  });

  it("close ends the ssh sessions, so the process exits by itself while the runner keeps running", async () => {
    const spec = runnerSpec(run);
    const jit = service.issueJitConfig(spec.name);
    const result = await startAndClose(`ssh://root@127.0.0.1:${sshd.port}`, { ...spec, encodedJitConfig: jit.encoded }, 30_000, sshd.privateKeyPath);
    expect(result.code, result.stderr).toBe(0);
    await service.waitFor(`online ${jit.agentId}`, 30_000);
    expect((await docker.getContainer(result.containerId).inspect()).State.Running).toBe(true);
    await docker.getContainer(result.containerId).remove({ force: true });
  });

  it("names the ssh host and the key fixes when the key is not authorised", async () => {
    const dir = mkdtempSync(join(tmpdir(), "autogit-otherkey-"));
    execFileSync("ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-f", join(dir, "key")]);
    const backend = createDockerRunnerBackend(
      { host: `ssh://root@127.0.0.1:${sshd.port}`, sshPrivateKey: readFileSync(join(dir, "key"), "utf8") },
      { env: {} },
    );
    await expect(backend.ping()).rejects.toThrow(
      new RegExp(`^Cannot reach the Docker engine at ssh://root@127\\.0\\.0\\.1:${sshd.port} \\(.*authentication.*\\)\\. Check the user, host and port`, "i"),
    );
  });
});
