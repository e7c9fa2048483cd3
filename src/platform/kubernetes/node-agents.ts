import type { IDaemonSet } from "kubernetes-models/apps/v1/DaemonSet";
import type { IRuntimeClass } from "kubernetes-models/node.k8s.io/v1/RuntimeClass";
import type { IIoK8sApiCoreV1NodeSelectorTerm } from "kubernetes-models/v1/NodeSelectorTerm";
import type { IIoK8sApiCoreV1PodSpec } from "kubernetes-models/v1/PodSpec";
import type { IIoK8sApiCoreV1Toleration } from "kubernetes-models/v1/Toleration";
import type { IIoK8sApiCoreV1Volume } from "kubernetes-models/v1/Volume";
import type { Arch } from "../../runner/ports.js";
import type { HostGpuVendor, RunnerPool } from "../spec/index.js";
import { poolNodeSelector } from "../spec/index.js";
import { NODE_AGENT_IMAGES, NODE_AGENT_NAMESPACE, selectorLabels, standardLabels } from "./charts.js";
import { NVIDIA_RUNTIME_CLASS } from "./runner-pool.js";

/**
 * Per-node agents the runner pools depend on, declared only where a pool needs them: the GPU vendor's device
 * plugin (advertises `nvidia.com/gpu`, `amd.com/gpu`, `gpu.intel.com/i915` to the scheduler) on the nodes of that
 * vendor's pools, and QEMU binfmt registration on the nodes of pools that emulate other arches.
 */

/** Nodes matching any of the pools (one selector term per pool; terms are ORed). */
function nodesOf(pools: readonly RunnerPool[]): IIoK8sApiCoreV1NodeSelectorTerm[] {
  const terms = pools.map((pool) => ({
    matchExpressions: Object.entries(poolNodeSelector(pool))
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([key, value]) => ({ key, operator: "In" as const, values: [value] })),
  }));
  const seen = new Set<string>();
  return terms.filter((term) => {
    const key = JSON.stringify(term);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** The pools' tolerations (so an agent lands on tainted GPU nodes), deduplicated. */
function tolerationsOf(pools: readonly RunnerPool[]): IIoK8sApiCoreV1Toleration[] {
  const all = pools.flatMap((pool) => pool.tolerations).map((t) => Object.fromEntries(Object.entries(t).filter(([, v]) => v !== undefined)));
  return [...new Map(all.map((t) => [JSON.stringify(t), t as IIoK8sApiCoreV1Toleration])).values()];
}

function daemonSet(name: string, pools: readonly RunnerPool[], pod: IIoK8sApiCoreV1PodSpec): IDaemonSet {
  return {
    apiVersion: "apps/v1",
    kind: "DaemonSet",
    metadata: { name, namespace: NODE_AGENT_NAMESPACE, labels: standardLabels(name) },
    spec: {
      selector: { matchLabels: selectorLabels(name) },
      updateStrategy: { type: "RollingUpdate" },
      template: {
        metadata: { labels: standardLabels(name) },
        spec: {
          priorityClassName: "system-node-critical",
          affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: nodesOf(pools) } } },
          tolerations: [{ key: "CriticalAddonsOnly", operator: "Exists" }, ...tolerationsOf(pools)],
          ...pod,
        },
      },
    },
  };
}

const hostPath = (name: string, path: string, type?: "DirectoryOrCreate"): IIoK8sApiCoreV1Volume => ({
  name,
  hostPath: type === undefined ? { path } : { path, type },
});
const DEVICE_PLUGINS_DIR = "/var/lib/kubelet/device-plugins";

/** The device plugin of one vendor, on the nodes of that vendor's pools. */
export function devicePluginDaemonSet(vendor: HostGpuVendor, pools: readonly RunnerPool[]): IDaemonSet {
  switch (vendor) {
    case "nvidia":
      return daemonSet("nvidia-device-plugin", pools, {
        // NVML is only visible through the NVIDIA runtime.
        runtimeClassName: NVIDIA_RUNTIME_CLASS,
        containers: [
          {
            name: "nvidia-device-plugin",
            image: NODE_AGENT_IMAGES.nvidiaDevicePlugin,
            env: [{ name: "FAIL_ON_INIT_ERROR", value: "false" }],
            securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ["ALL"] } },
            resources: { requests: { cpu: "10m", memory: "32Mi" }, limits: { memory: "128Mi" } },
            volumeMounts: [{ name: "device-plugins", mountPath: DEVICE_PLUGINS_DIR }],
          },
        ],
        volumes: [hostPath("device-plugins", DEVICE_PLUGINS_DIR)],
      });
    case "amd":
      return daemonSet("amd-gpu-device-plugin", pools, {
        containers: [
          {
            name: "amd-gpu-device-plugin",
            image: NODE_AGENT_IMAGES.amdDevicePlugin,
            // Reads /dev/kfd and the amdgpu sysfs tree to enumerate and health-check devices.
            securityContext: { privileged: true },
            resources: { requests: { cpu: "10m", memory: "32Mi" }, limits: { memory: "128Mi" } },
            volumeMounts: [
              { name: "device-plugins", mountPath: DEVICE_PLUGINS_DIR },
              { name: "sys", mountPath: "/sys", readOnly: true },
            ],
          },
        ],
        volumes: [hostPath("device-plugins", DEVICE_PLUGINS_DIR), hostPath("sys", "/sys")],
      });
    case "intel":
      return daemonSet("intel-gpu-plugin", pools, {
        containers: [
          {
            name: "intel-gpu-plugin",
            image: NODE_AGENT_IMAGES.intelGpuPlugin,
            env: [{ name: "NODE_NAME", valueFrom: { fieldRef: { fieldPath: "spec.nodeName" } } }],
            securityContext: { allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ["ALL"] } },
            resources: { requests: { cpu: "10m", memory: "32Mi" }, limits: { memory: "96Mi" } },
            volumeMounts: [
              { name: "devfs", mountPath: "/dev/dri", readOnly: true },
              { name: "sysfs", mountPath: "/sys/class/drm", readOnly: true },
              { name: "device-plugins", mountPath: DEVICE_PLUGINS_DIR },
              { name: "cdi", mountPath: "/var/run/cdi" },
            ],
          },
        ],
        volumes: [
          hostPath("devfs", "/dev/dri"),
          hostPath("sysfs", "/sys/class/drm"),
          hostPath("device-plugins", DEVICE_PLUGINS_DIR),
          hostPath("cdi", "/var/run/cdi", "DirectoryOrCreate"),
        ],
      });
  }
}

/** GPU vendors the pools need, each with its pools, in a stable order. */
export function gpuVendorsInUse(pools: readonly RunnerPool[]): ReadonlyMap<HostGpuVendor, readonly RunnerPool[]> {
  const byVendor = new Map<HostGpuVendor, RunnerPool[]>();
  for (const vendor of ["nvidia", "amd", "intel"] as const) {
    const users = pools.filter((pool) => pool.gpu?.vendor === vendor);
    if (users.length > 0) byVendor.set(vendor, users);
  }
  return byVendor;
}

/** The `nvidia` RuntimeClass NVIDIA pods name; its handler is the NVIDIA Container Toolkit's containerd runtime. */
export function nvidiaRuntimeClass(): IRuntimeClass {
  return { apiVersion: "node.k8s.io/v1", kind: "RuntimeClass", metadata: { name: NVIDIA_RUNTIME_CLASS, labels: standardLabels("nvidia-runtime") }, handler: "nvidia" };
}

/** Arches to register on the nodes of the emulating pools, or none when no pool emulates. */
export function emulatedArches(pools: readonly RunnerPool[]): readonly Arch[] {
  return [...new Set(pools.flatMap((pool) => pool.emulate))].sort();
}

/**
 * Registers QEMU for the emulated arches with the kernel's binfmt_misc (an init container: `--install` is a
 * one-shot that persists until reboot; the DaemonSet re-runs it on every node start), then idles. Privileged by
 * necessity: binfmt_misc is host-global. Undefined when no pool emulates.
 */
export function binfmtDaemonSet(pools: readonly RunnerPool[]): IDaemonSet | undefined {
  const emulating = pools.filter((pool) => pool.emulate.length > 0);
  if (emulating.length === 0) return undefined;
  return daemonSet("binfmt", emulating, {
    initContainers: [
      {
        name: "install",
        image: NODE_AGENT_IMAGES.binfmt,
        args: ["--install", emulatedArches(emulating).join(",")],
        securityContext: { privileged: true },
        resources: { requests: { cpu: "10m", memory: "16Mi" }, limits: { memory: "64Mi" } },
      },
    ],
    containers: [
      {
        name: "pause",
        image: NODE_AGENT_IMAGES.pause,
        securityContext: { allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, runAsNonRoot: true, runAsUser: 65535, capabilities: { drop: ["ALL"] } },
        resources: { requests: { cpu: "1m", memory: "8Mi" }, limits: { memory: "16Mi" } },
      },
    ],
  });
}
