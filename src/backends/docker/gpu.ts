import type { GpuRequest } from "../../runner/ports.js";

/** The part of a container's HostConfig that grants GPU access. */
export interface GpuHostConfig {
  readonly DeviceRequests?: { Driver: string; Count: number; Capabilities: string[][] }[];
  readonly Devices?: { PathOnHost: string; PathInContainer: string; CgroupPermissions: string }[];
  readonly GroupAdd?: string[];
}

/**
 * Supplementary groups that own the GPU device nodes. Names are resolved in the image's /etc/group;
 * give the host's numeric GIDs (`stat -c %g /dev/dri/renderD128`) when the image lacks the group or its
 * GID differs from the host's.
 */
export interface GpuGroups {
  readonly amd?: readonly string[];
  readonly intel?: readonly string[];
}

export const DEFAULT_GPU_GROUPS = { amd: ["video", "render"], intel: ["render"] } as const;

/**
 * NVIDIA: the container toolkit's device request (`docker run --gpus`). AMD (ROCm): the compute
 * interface /dev/kfd and the render nodes under /dev/dri. Intel: the render nodes under /dev/dri.
 */
export function gpuHostConfig(gpu: GpuRequest, groups: GpuGroups = {}): GpuHostConfig {
  switch (gpu.vendor) {
    case "none":
      return {};
    case "nvidia":
      return { DeviceRequests: [{ Driver: "nvidia", Count: gpuCount(gpu), Capabilities: [["gpu"]] }] };
    case "amd":
      return {
        Devices: [device("/dev/kfd"), device("/dev/dri")],
        GroupAdd: [...(groups.amd ?? DEFAULT_GPU_GROUPS.amd)],
      };
    case "intel":
      return { Devices: [device("/dev/dri")], GroupAdd: [...(groups.intel ?? DEFAULT_GPU_GROUPS.intel)] };
  }
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
