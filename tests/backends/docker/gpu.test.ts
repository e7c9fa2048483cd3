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

  it("maps AMD to /dev/kfd and /dev/dri with the host's video and render gids, as ROCm's docker guide does", () => {
    expect(gpuHostConfig({ vendor: "amd", count: "all", groups: ["44", "993"] })).toEqual({
      Devices: [
        { PathOnHost: "/dev/kfd", PathInContainer: "/dev/kfd", CgroupPermissions: "rwm" },
        { PathOnHost: "/dev/dri", PathInContainer: "/dev/dri", CgroupPermissions: "rwm" },
      ],
      GroupAdd: ["44", "993"],
    });
  });

  it("maps Intel to /dev/dri with the given groups", () => {
    expect(gpuHostConfig({ vendor: "intel", count: 1, groups: ["993"] })).toEqual({
      Devices: [{ PathOnHost: "/dev/dri", PathInContainer: "/dev/dri", CgroupPermissions: "rwm" }],
      GroupAdd: ["993"],
    });
  });

  it.each(["amd", "intel"] as const)("adds no group names for %s when none are given: the image may lack render, or give it another gid", (vendor) => {
    const config = gpuHostConfig({ vendor, count: "all" });
    expect(config.GroupAdd).toBeUndefined();
    expect(config.Devices?.length).toBeGreaterThan(0);
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

  it.each<[GpuRequest["vendor"], GpuRequest["count"], readonly string[] | undefined]>([
    ["nvidia", 1, undefined],
    ["nvidia", "all", undefined],
    ["amd", "all", ["44", "993"]],
    ["amd", "all", undefined],
    ["intel", 1, ["993"]],
  ])("the engine records %s GPU access (count %s, groups %s) in the container's HostConfig", async (vendor, count, groups) => {
    const spec = runnerSpec(run, { gpu: { vendor, count, ...(groups === undefined ? {} : { groups }) } });
    // Created, never started: this host has no GPU, so start would fail for lack of devices.
    const container = await docker.createContainer(runnerCreateOptions(spec));
    const { HostConfig } = await container.inspect();
    const expected = gpuHostConfig(spec.gpu);
    if (vendor === "nvidia") {
      expect(HostConfig.DeviceRequests).toEqual([expect.objectContaining(expected.DeviceRequests?.[0])]);
      expect(HostConfig.Devices ?? []).toEqual([]);
    } else {
      expect(HostConfig.Devices).toEqual(expected.Devices);
      // Numeric gids go to the engine as given, never resolved against the image's /etc/group.
      expect(HostConfig.GroupAdd ?? null).toEqual(groups === undefined ? null : [...groups]);
      expect(HostConfig.DeviceRequests ?? []).toEqual([]);
    }
    expect(HostConfig.Privileged).toBe(false);
    await container.remove({ force: true });
  });
});
