import { createServer } from "node:net";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDockerRunnerBackend } from "../../../src/backends/docker/index.js";
import { TestRunnerImage, ensureTestRunnerImages } from "../../fixtures/runner-image/images.js";
import { TEST_LABEL, localDocker, removeTestContainers, runnerSpec, testRunId } from "./helpers.js";

async function closedLoopbackPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

const docker = localDocker();
const run = testRunId();
const local = createDockerRunnerBackend({ host: "unix:///var/run/docker.sock" });

beforeAll(ensureTestRunnerImages);
afterAll(async () => {
  expect(await removeTestContainers(docker, run), "containers left behind").toBe(0);
});

describe("an unreachable engine", () => {
  it("ping names a unix socket that does not exist and suggests fixes", async () => {
    const backend = createDockerRunnerBackend({ host: "unix:///tmp/autogit-no-such-dir/docker.sock" });
    await expect(backend.ping()).rejects.toThrow(
      /^Cannot reach the Docker engine at unix:\/\/\/tmp\/autogit-no-such-dir\/docker\.sock \(connect ENOENT [^)]*\)\. Is dockerd running on this machine\? Check the socket path in docker-host/,
    );
  });

  it("ping names a tcp host whose port is closed", async () => {
    const port = await closedLoopbackPort();
    const backend = createDockerRunnerBackend({ host: `tcp://127.0.0.1:${port}` });
    expect(backend.host).toBe(`tcp://127.0.0.1:${port}`);
    await expect(backend.ping()).rejects.toThrow(new RegExp(`Cannot reach the Docker engine at tcp://127\\.0\\.0\\.1:${port} \\(connect ECONNREFUSED.*\\)\\. Is dockerd listening on that address and port`));
  });

  it("any other call names the host too", async () => {
    const port = await closedLoopbackPort();
    const backend = createDockerRunnerBackend({ host: `tcp://127.0.0.1:${port}` });
    await expect(backend.list({ [TEST_LABEL]: run })).rejects.toThrow(`Cannot reach the Docker engine at tcp://127.0.0.1:${port}`);
    await expect(backend.ensureImage(TestRunnerImage.amd64, "amd64", "never")).rejects.toThrow(`tcp://127.0.0.1:${port}`);
  });

  it("an explicit docker-host wins over a DOCKER_HOST that docker-modem would read itself", async () => {
    const port = await closedLoopbackPort();
    const saved = { DOCKER_HOST: process.env.DOCKER_HOST, DOCKER_CLIENT_TIMEOUT: process.env.DOCKER_CLIENT_TIMEOUT };
    process.env.DOCKER_HOST = `tcp://127.0.0.1:${port}`;
    process.env.DOCKER_CLIENT_TIMEOUT = "1";
    try {
      const backend = createDockerRunnerBackend({ host: "unix:///var/run/docker.sock" });
      await expect(backend.ping()).resolves.toBeUndefined();
      expect(createDockerRunnerBackend({}).host).toBe(`tcp://127.0.0.1:${port}`);
    } finally {
      for (const [key, value] of Object.entries(saved)) {
        if (value === undefined) delete process.env[key];
        else process.env[key] = value;
      }
    }
  });

  it("ping succeeds against the real engine", async () => {
    await expect(local.ping()).resolves.toBeUndefined();
  });
});

describe("ensureImage", () => {
  it("accepts a present image of the right architecture without pulling", async () => {
    const lines: string[] = [];
    await local.ensureImage(TestRunnerImage.amd64, "amd64", "never", (line) => lines.push(line));
    await local.ensureImage(TestRunnerImage.arm64, "arm64", "missing", (line) => lines.push(line));
    expect(lines).toEqual([]);
  });

  it("with pull never, names the absent image, the host and the fixes", async () => {
    await expect(local.ensureImage("autogit-test/absent:never", "amd64", "never")).rejects.toThrow(
      'Image autogit-test/absent:never is not on the Docker host unix:///var/run/docker.sock and pull is "never": load or build it there (docker pull --platform linux/amd64 autogit-test/absent:never), or set pull to "missing".',
    );
  });

  it("with pull missing, names an image no registry can serve, and the host", async () => {
    const port = await closedLoopbackPort();
    const image = `127.0.0.1:${port}/autogit-test/absent:1`;
    const lines: string[] = [];
    await expect(local.ensureImage(image, "amd64", "missing", (line) => lines.push(line))).rejects.toThrow(
      new RegExp(`^Cannot pull image 127\\.0\\.0\\.1:${port}/autogit-test/absent:1 for linux/amd64 on the Docker host unix:///var/run/docker\\.sock: .*registry is reachable from that host`),
    );
    expect(lines[0]).toBe(`${image}: pulling for linux/amd64 on unix:///var/run/docker.sock`);
  });

  it("with pull always, fails on an unreachable registry rather than using the local copy", async () => {
    const port = await closedLoopbackPort();
    const image = `127.0.0.1:${port}/autogit-test/runner:amd64`;
    await docker.getImage(TestRunnerImage.amd64).tag({ repo: `127.0.0.1:${port}/autogit-test/runner`, tag: "amd64" });
    try {
      await local.ensureImage(image, "amd64", "missing");
      await expect(local.ensureImage(image, "amd64", "always")).rejects.toThrow(`Cannot pull image ${image}`);
    } finally {
      await docker.getImage(image).remove();
    }
  });

  it("names the image, its architecture and the requested one when they differ", async () => {
    await expect(local.ensureImage(TestRunnerImage.amd64, "arm64", "never")).rejects.toThrow(
      "Image autogit-test/runner:amd64 on unix:///var/run/docker.sock is linux/amd64, but the runner needs linux/arm64",
    );
  });
});

describe("startRunner failures", () => {
  it("names the image and host when the image is absent, and leaves no container", async () => {
    const spec = runnerSpec(run, { image: "autogit-test/absent:start" });
    await expect(local.startRunner(spec)).rejects.toThrow(
      /Docker engine at unix:\/\/\/var\/run\/docker\.sock failed to create container autogit-test-.* from autogit-test\/absent:start \(linux\/amd64\): No such image/,
    );
    expect(await local.list({ [TEST_LABEL]: run })).toEqual([]);
  });

  it("refuses an image whose platform differs from the requested arch", async () => {
    const spec = runnerSpec(run, { image: TestRunnerImage.amd64, arch: "arm64" });
    await expect(local.startRunner(spec)).rejects.toThrow(/autogit-test\/runner:amd64 \(linux\/arm64\)/);
    expect(await local.list({ [TEST_LABEL]: run })).toEqual([]);
  });
});
