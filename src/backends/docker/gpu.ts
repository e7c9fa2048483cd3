import type { GpuRequest } from "../../runner/ports.js";

/** The part of a container's HostConfig that grants GPU access. */
export interface GpuHostConfig {
  readonly DeviceRequests?: { Driver: string; Count: number; Capabilities: string[][] }[];
  readonly Devices?: { PathOnHost: string; PathInContainer: string; CgroupPermissions: string }[];
  readonly GroupAdd?: string[];
}

/**
 * NVIDIA: the container toolkit's device request (`docker run --gpus`). AMD (ROCm): the compute
 * interface /dev/kfd and the render nodes under /dev/dri. Intel: the render nodes under /dev/dri.
 * AMD and Intel add `gpu.groups`, best the host's numeric gids: Docker resolves a name in the image's
 * /etc/group, which may lack `render` or give it another gid than the host's device nodes have.
 */
export function gpuHostConfig(gpu: GpuRequest): GpuHostConfig {
  switch (gpu.vendor) {
    case "none":
      return {};
    case "nvidia":
      return { DeviceRequests: [{ Driver: "nvidia", Count: gpuCount(gpu), Capabilities: [["gpu"]] }] };
    case "amd":
      return { Devices: [device("/dev/kfd"), device("/dev/dri")], ...groupAdd(gpu) };
    case "intel":
      return { Devices: [device("/dev/dri")], ...groupAdd(gpu) };
  }
}

function groupAdd(gpu: GpuRequest): { GroupAdd?: string[] } {
  return gpu.groups === undefined || gpu.groups.length === 0 ? {} : { GroupAdd: [...gpu.groups] };
}

function gpuCount(gpu: GpuRequest): number {
  if (gpu.count === "all") return -1;
  if (!Number.isInteger(gpu.count) || gpu.count < 1) {
    throw new Error(`gpu.count must be "all" or a positive whole number (got ${JSON.stringify(gpu.count)}).`);
  }
  return gpu.count;
}

function device(path: string): { PathOnHost: string; PathInContainer: string; CgroupPermissions: string } {
  return { PathOnHost: path, PathInContainer: path, CgroupPermissions: "rwm" };
}
