import * as pulumi from "@pulumi/pulumi";
import { binfmtDaemonSet, devicePluginDaemonSet, gpuVendorsInUse, nvidiaRuntimeClass } from "../../src/platform/kubernetes/node-agents.js";
import type { RunnerPool } from "../../src/platform/spec/index.js";
import { manifest } from "./manifest.js";

export interface NodeAgentsArgs {
  /** The runner pools; agents are declared only for what they need. */
  readonly pools: readonly RunnerPool[];
}

/**
 * What the pools need on their nodes: each GPU vendor's device plugin (and NVIDIA's RuntimeClass) on that vendor's
 * pools' nodes, and the binfmt DaemonSet on the nodes of pools that emulate. Nothing when no pool needs it.
 */
export class NodeAgents extends pulumi.ComponentResource {
  constructor(name: string, args: NodeAgentsArgs, opts?: pulumi.ComponentResourceOptions) {
    super("autogit:kubernetes:NodeAgents", name, args, opts);
    for (const [vendor, pools] of gpuVendorsInUse(args.pools)) {
      const deps = vendor === "nvidia" ? [manifest(`${name}-nvidia-runtime`, nvidiaRuntimeClass(), { parent: this })] : [];
      manifest(`${name}-${vendor}-device-plugin`, devicePluginDaemonSet(vendor, pools), { parent: this, dependsOn: deps });
    }
    const binfmt = binfmtDaemonSet(args.pools);
    if (binfmt !== undefined) manifest(`${name}-binfmt`, binfmt, { parent: this });
    this.registerOutputs({});
  }
}
