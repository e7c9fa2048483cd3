import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runnerCreateOptions } from "../../../src/backends/docker/create-options.js";
import { gpuHostConfig } from "../../../src/backends/docker/gpu.js";
import type { GpuRequest } from "../../../src/runner/ports.js";
import { ensureTestRunnerImages } from "../../fixtures/runner-image/images.js";
import { localDocker, removeTestContainers, runnerSpec, testRunId } from "./helpers.js";

describe("gpuHostConfig", () => {
  it("asks nothing of the engine without a GPU", () => {
    expect(gpuHostConfig({ vendor: "none", count: "all" })).toEqual({});
  });

  it("maps NVIDIA to the container toolkit's device request, -1 meaning all GPUs", () => {
    expect(gpuHostConfig({ vendor: "nvidia", count: "all" })).toEqual({
      DeviceRequests: [{ Driver: "nvidia", Count: -1, Capabilities: [["gpu"]] }],
    });
    expect(gpuHostConfig({ vendor: "nvidia", count: 2 }).DeviceRequests?.[0]?.Count).toBe(2);
  });

  it("maps AMD to /dev/kfd and /dev/dri with the video and render groups, as ROCm's docker guide does", () => {
    expect(gpuHostConfig({ vendor: "amd", count: "all" })).toEqual({
      Devices: [
        { PathOnHost: "/dev/kfd", PathInContainer: "/dev/kfd", CgroupPermissions: "rwm" },
        { PathOnHost: "/dev/dri", PathInContainer: "/dev/dri", CgroupPermissions: "rwm" },
      ],
      GroupAdd: ["video", "render"],
    });
  });

  it("maps Intel to /dev/dri with the render group", () => {
    expect(gpuHostConfig({ vendor: "intel", count: 1 })).toEqual({
      Devices: [{ PathOnHost: "/dev/dri", PathInContainer: "/dev/dri", CgroupPermissions: "rwm" }],
      GroupAdd: ["render"],
    });
  });

  it("uses the host's numeric group ids when given", () => {
    expect(gpuHostConfig({ vendor: "intel", count: 1 }, { intel: ["993"] }).GroupAdd).toEqual(["993"]);
  });

  it.each([0, -2, 1.5])("rejects an NVIDIA count of %s naming gpu.count", (count) => {
    expect(() => gpuHostConfig({ vendor: "nvidia", count })).toThrow(/gpu\.count must be "all" or a positive whole number/);
  });
});

describe("GPU access on a created container", () => {
  const docker = localDocker();
  const run = testRunId();
  beforeAll(ensureTestRunnerImages);
  afterAll(async () => {
    await removeTestContainers(docker, run);
    expect(await removeTestContainers(docker, run)).toBe(0);
  });

  it.each<[GpuRequest["vendor"], GpuRequest["count"]]>([
    ["nvidia", 1],
    ["nvidia", "all"],
    ["amd", "all"],
    ["intel", 1],
  ])("the engine records %s GPU access (count %s) in the container's HostConfig", async (vendor, count) => {
    const spec = runnerSpec(run, { gpu: { vendor, count } });
    // Created, never started: this host has no GPU, so start would fail for lack of devices.
    const container = await docker.createContainer(runnerCreateOptions(spec));
    const { HostConfig } = await container.inspect();
    const expected = gpuHostConfig(spec.gpu);
    if (vendor === "nvidia") {
      expect(HostConfig.DeviceRequests).toEqual([expect.objectContaining(expected.DeviceRequests?.[0])]);
      expect(HostConfig.Devices ?? []).toEqual([]);
    } else {
      expect(HostConfig.Devices).toEqual(expected.Devices);
      expect(HostConfig.GroupAdd).toEqual(expected.GroupAdd);
      expect(HostConfig.DeviceRequests ?? []).toEqual([]);
    }
    expect(HostConfig.Privileged).toBe(false);
    await container.remove({ force: true });
  });
});
