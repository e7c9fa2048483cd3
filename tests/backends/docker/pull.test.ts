import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDockerRunnerBackend } from "../../../src/backends/docker/index.js";
import { TestRunnerImage, ensureTestRunnerImages } from "../../fixtures/runner-image/images.js";
import { localDocker } from "./helpers.js";
import { startLoopbackRegistry } from "./registry.js";
import type { LoopbackRegistry } from "./registry.js";

const docker = localDocker();
const backend = createDockerRunnerBackend({ host: "unix:///var/run/docker.sock" });
const REPOSITORY = "autogit-test/pulled";
let registry: LoopbackRegistry;
let image: string;

async function architectureOf(name: string): Promise<string | undefined> {
  return docker
    .getImage(name)
    .inspect()
    .then(
      (info) => info.Architecture,
      (error: { statusCode?: number }) => {
        if (error.statusCode === 404) return undefined;
        throw error;
      },
    );
}

/** Every local reference into the loopback registry: tags and the digests pulls record. */
async function registryReferences(): Promise<string[]> {
  const images = await docker.listImages({ all: true });
  return images
    .flatMap((info) => [...(info.RepoTags ?? []), ...(info.RepoDigests ?? [])])
    .filter((reference) => reference.startsWith(`${registry.address}/`));
}

async function untag(name: string): Promise<void> {
  await docker
    .getImage(name)
    .remove()
    .catch((error: { statusCode?: number }) => {
      if (error.statusCode !== 404) throw error;
    });
}

beforeAll(async () => {
  await ensureTestRunnerImages();
  registry = await startLoopbackRegistry(docker, REPOSITORY, "multi", [TestRunnerImage.amd64, TestRunnerImage.arm64]);
  image = `${registry.address}/${REPOSITORY}:multi`;
});
afterAll(async () => {
  for (const reference of await registryReferences()) await untag(reference);
  expect(await registryReferences(), "image references left behind").toEqual([]);
  await registry.close();
});

describe("ensureImage pulls from a registry", () => {
  it("pulls the requested platform of a multi-platform tag when missing, with progress lines", async () => {
    await untag(image);
    const lines: string[] = [];
    await backend.ensureImage(image, "arm64", "missing", (line) => lines.push(line));
    expect(await architectureOf(image)).toBe("arm64");
    expect(lines[0]).toBe(`${image}: pulling for linux/arm64 on unix:///var/run/docker.sock`);
    expect(lines).toContain(`${image}: Status: Downloaded newer image for ${image}`);
    // The registry's own layer is new to this host, so at least that one is downloaded. (Whether the base layer
    // shows "Already exists" depends on whether dockerd has seen its compressed digest before.)
    expect(lines).toEqual(expect.arrayContaining([expect.stringMatching(/^.*: [0-9a-f]{12}: Pull complete$/)]));
  });

  it("does not pull again when the image is present for the arch and pull is missing", async () => {
    const before = registry.requests.length;
    const lines: string[] = [];
    await backend.ensureImage(image, "arm64", "missing", (line) => lines.push(line));
    expect(lines).toEqual([]);
    expect(registry.requests.length).toBe(before);
  });

  it("pulls the other platform when the local copy is of the wrong arch and pull is missing", async () => {
    await backend.ensureImage(image, "amd64", "missing");
    expect(await architectureOf(image)).toBe("amd64");
  });

  it("asks the registry again with pull always", async () => {
    const before = registry.requests.length;
    await backend.ensureImage(image, "amd64", "always");
    expect(registry.requests.slice(before).some((request) => request.includes("/manifests/"))).toBe(true);
  });

  it("names the image and the host when the tag is not in the registry", async () => {
    const absent = `${registry.address}/${REPOSITORY}:no-such-tag`;
    await expect(backend.ensureImage(absent, "amd64", "missing")).rejects.toThrow(
      new RegExp(`^Cannot pull image ${absent.replace(/[.]/g, "\\.")} for linux/amd64 on the Docker host unix:///var/run/docker\\.sock: .*manifest`),
    );
  });
});
