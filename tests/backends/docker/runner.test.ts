import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { DockerRunnerBackend } from "../../../src/backends/docker/backend.js";
import { createDockerRunnerBackend } from "../../../src/backends/docker/index.js";
import { TestRunnerImage, ensureTestRunnerImages } from "../../fixtures/runner-image/images.js";
import { startAndClose } from "./close.js";
import { TEST_LABEL, localDocker, removeTestContainers, runnerSpec, testRunId, waitUntilGone } from "./helpers.js";
import { startRunnerService } from "./runner-service.js";
import type { RunnerService } from "./runner-service.js";

const docker = localDocker();
const backend = createDockerRunnerBackend({ host: "unix:///var/run/docker.sock" });
let service: RunnerService;
let run: string;

beforeAll(async () => {
  await ensureTestRunnerImages();
  service = await startRunnerService();
});
afterAll(() => service.close());
afterEach(async () => {
  const leftovers = await removeTestContainers(docker, run);
  expect(leftovers, "containers left behind by the test").toBe(0);
});

function newRun(): string {
  run = testRunId();
  return run;
}

describe("DockerRunnerBackend with the real engine", () => {
  it("starts a runner with its labels and limits, which runs one job and removes itself", async () => {
    const spec = runnerSpec(newRun(), { limits: { cpus: 0.5, memoryBytes: 64 * 1024 * 1024, pidsLimit: 64 } });
    const jit = service.issueJitConfig(spec.name);
    const job = service.queueJob(1);
    const started = await backend.startRunner({ ...spec, encodedJitConfig: jit.encoded });

    expect(started).toMatchObject({ name: spec.name, labels: { [TEST_LABEL]: run, "autogit.managed": "true" } });
    const listed = await backend.list({ [TEST_LABEL]: run });
    expect(listed.map((c) => c.id)).toEqual(expect.arrayContaining([started.id]));

    const { HostConfig, Config } = await docker.getContainer(started.id).inspect();
    expect(HostConfig).toMatchObject({
      NanoCpus: 500_000_000,
      Memory: 64 * 1024 * 1024,
      PidsLimit: 64,
      AutoRemove: true,
      Init: true,
      Privileged: false,
      NetworkMode: "host",
    });
    expect(Config.User).toBe("runner");

    await waitUntilGone(backend, started.id, 60_000);
    expect(service.events).toEqual(expect.arrayContaining([`online ${jit.agentId}`, `job ${jit.agentId} ${job}`, `done ${jit.agentId} ${job}`]));
    const logs = await backend.tailLogs(started.id, 20);
    expect(logs).toEqual(expect.arrayContaining(["√ Connected to GitHub", `autogit: the runner exited with code 0`]));
    expect(logs.some((line) => line.endsWith(`Job ${job} completed with result: Succeeded`))).toBe(true);
    expect(await backend.list({ [TEST_LABEL]: run })).toEqual([]);
  });

  it("keeps the JIT config out of docker inspect and the command line, and hands it to run.sh through its environment", async () => {
    const spec = runnerSpec(newRun());
    const jit = service.issueJitConfig(spec.name);
    const started = await backend.startRunner({ ...spec, encodedJitConfig: jit.encoded });
    // online with the runner's token proves run.sh decoded ACTIONS_RUNNER_INPUT_JITCONFIG.
    await service.waitFor(`online ${jit.agentId}`, 30_000);

    const container = docker.getContainer(started.id);
    const inspected = await container.inspect();
    const everything = JSON.stringify(inspected);
    expect(everything).not.toContain(jit.encoded);
    expect(everything).not.toContain(jit.token);
    expect(JSON.stringify([inspected.Config.Env, inspected.Config.Cmd, inspected.Config.Entrypoint, inspected.Config.Labels])).not.toContain(
      jit.encoded.slice(0, 24),
    );
    const processes = (await container.top({ ps_args: "-eo pid,args" })) as { Processes: string[][] };
    expect(processes.Processes.length).toBeGreaterThan(1);
    expect(JSON.stringify(processes)).not.toContain(jit.encoded);
    // The wrapper deleted the file it was delivered in.
    await expect(container.getArchive({ path: "/autogit/jitconfig" })).rejects.toMatchObject({ statusCode: 404 });

    const job = service.queueJob(1);
    await waitUntilGone(backend, started.id, 60_000);
    expect(service.events).toContain(`done ${jit.agentId} ${job}`);
    expect(service.events).not.toContain(`unauthorized ${jit.agentId}`);
  });

  it("runs the wrapper and run.sh when the image's user is root", async () => {
    const spec = runnerSpec(newRun(), { image: TestRunnerImage.amd64Root });
    const jit = service.issueJitConfig(spec.name);
    const job = service.queueJob(1);
    const started = await backend.startRunner({ ...spec, encodedJitConfig: jit.encoded });
    await waitUntilGone(backend, started.id, 60_000);
    expect(service.events).toContain(`done ${jit.agentId} ${job}`);
  });

  it("stops a runner that picks up no job within the idle timeout and keeps its last lines after it is gone", async () => {
    const spec = runnerSpec(newRun(), { idleTimeoutSeconds: 3, maxLifetimeSeconds: 120 });
    const jit = service.issueJitConfig(spec.name);
    const started = await backend.startRunner({ ...spec, encodedJitConfig: jit.encoded });
    await waitUntilGone(backend, started.id, 60_000);

    const logs = await backend.tailLogs(started.id, 10);
    expect(logs).toContain("autogit: idle timeout: no job picked up within 3s; stopping the runner");
    // Like the official runner, the stand-in ends its session on SIGTERM.
    expect(service.events).toContain(`offline ${jit.agentId}`);
    expect(await backend.tailLogs(spec.name, 1)).toEqual(logs.slice(-1));
    expect(service.events.filter((event) => event.startsWith(`job ${jit.agentId} `))).toEqual([]);
    // Another process (the action's post step) has no buffer: a gone container has no logs, not an error.
    const other = createDockerRunnerBackend({});
    expect(await other.tailLogs(started.id, 10)).toEqual([]);
  });

  it("kills a busy runner when its max lifetime is reached", async () => {
    const spec = runnerSpec(newRun(), { idleTimeoutSeconds: 60, maxLifetimeSeconds: 4 });
    const jit = service.issueJitConfig(spec.name);
    const job = service.queueJob(600);
    const started = await backend.startRunner({ ...spec, encodedJitConfig: jit.encoded });
    await waitUntilGone(backend, started.id, 60_000);

    expect(service.events).toContain(`job ${jit.agentId} ${job}`);
    expect(service.events).not.toContain(`done ${jit.agentId} ${job}`);
    const logs = await backend.tailLogs(started.id, 10);
    expect(logs).toContain("autogit: max lifetime of 4s reached: killing the runner whatever it is doing");
    expect(service.events).toContain(`offline ${jit.agentId}`);
  });

  it("stands down when its registration is deleted while it waits for a job", async () => {
    const spec = runnerSpec(newRun());
    const jit = service.issueJitConfig(spec.name);
    const started = await backend.startRunner({ ...spec, encodedJitConfig: jit.encoded });
    await service.waitFor(`online ${jit.agentId}`, 30_000);
    service.deleteRegistration(jit.agentId);
    await waitUntilGone(backend, started.id, 60_000);
    const logs = await backend.tailLogs(started.id, 5);
    expect(logs.some((line) => line.includes("The runner registration has been deleted from the server"))).toBe(true);
    expect(logs).toContain("autogit: the runner exited with code 1");
  });

  it("runs an arm64 runner through QEMU", async () => {
    await backend.ensureImage(TestRunnerImage.arm64, "arm64", "never");
    const spec = runnerSpec(newRun(), { image: TestRunnerImage.arm64, arch: "arm64" });
    const jit = service.issueJitConfig(spec.name);
    const job = service.queueJob(1);
    const started = await backend.startRunner({ ...spec, encodedJitConfig: jit.encoded });
    const { Image } = await docker.getContainer(started.id).inspect();
    expect((await docker.getImage(Image).inspect()).Architecture).toBe("arm64");
    await waitUntilGone(backend, started.id, 90_000);
    expect(await backend.tailLogs(started.id, 20)).toContain("Runner architecture: aarch64");
    expect(service.events).toContain(`done ${jit.agentId} ${job}`);
  });

  it("close lets the process exit by itself while the started runner keeps running", async () => {
    const spec = runnerSpec(newRun());
    const jit = service.issueJitConfig(spec.name);
    const result = await startAndClose("unix:///var/run/docker.sock", { ...spec, encodedJitConfig: jit.encoded }, 20_000);
    expect(result.code, result.stderr).toBe(0);
    await service.waitFor(`online ${jit.agentId}`, 30_000);
    expect((await backend.inspect(result.containerId))?.state).toBe("running");
    expect(await backend.remove(result.containerId)).toBe("removed");
  });

  it("close ends the attached log stream but keeps the lines read so far", async () => {
    const own = createDockerRunnerBackend({ host: "unix:///var/run/docker.sock" });
    const spec = runnerSpec(newRun());
    const jit = service.issueJitConfig(spec.name);
    const started = await own.startRunner({ ...spec, encodedJitConfig: jit.encoded });
    await service.waitFor(`online ${jit.agentId}`, 30_000);
    await new Promise((resolve) => setTimeout(resolve, 500));
    await own.close();
    expect(await own.tailLogs(started.id, 50)).toContain("√ Connected to GitHub");
    expect((await backend.inspect(started.id))?.state).toBe("running");
    expect(await backend.remove(started.id)).toBe("removed");
  });

  it("remove kills a running runner, then reports it gone", async () => {
    const spec = runnerSpec(newRun());
    const jit = service.issueJitConfig(spec.name);
    const started = await backend.startRunner({ ...spec, encodedJitConfig: jit.encoded });
    await service.waitFor(`online ${jit.agentId}`, 30_000);
    expect(await backend.remove(started.id)).toBe("removed");
    expect(await backend.inspect(started.id)).toBeUndefined();
    expect(await backend.remove(started.id)).toBe("gone");
    expect(await backend.list({ [TEST_LABEL]: run })).toEqual([]);
  });

  it("removes the container when the runner cannot be started", async () => {
    const spec = runnerSpec(newRun(), { network: "autogit-no-such-network" });
    await expect(backend.startRunner(spec)).rejects.toThrow(
      `Docker engine at unix:///var/run/docker.sock failed to start runner container ${spec.name}: network autogit-no-such-network not found`,
    );
    expect(await backend.list({ [TEST_LABEL]: run })).toEqual([]);
  });
});

describe("DockerRunnerBackend.list", () => {
  it("returns only containers carrying every given label", async () => {
    const spec = runnerSpec(newRun(), { labels: { "autogit.managed": "true", [TEST_LABEL]: run, "autogit.label": "gpu" } });
    const jit = service.issueJitConfig(spec.name);
    const started = await backend.startRunner({ ...spec, encodedJitConfig: jit.encoded });
    expect((await backend.list({ [TEST_LABEL]: run, "autogit.label": "gpu" })).map((c) => c.name)).toEqual([spec.name]);
    expect(await backend.list({ [TEST_LABEL]: run, "autogit.label": "cpu" })).toEqual([]);
    expect(await backend.remove(started.id)).toBe("removed");
  });

  it("comes from the factory, which describes the host it talks to", () => {
    expect(backend).toBeInstanceOf(DockerRunnerBackend);
    expect(backend.host).toBe("unix:///var/run/docker.sock");
  });
});
