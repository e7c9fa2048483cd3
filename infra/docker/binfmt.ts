import * as docker from "@pulumi/docker";
import * as pulumi from "@pulumi/pulumi";
import { AUTOGIT_LABEL, autogitLabels } from "./containers.js";

/**
 * `tonistiigi/binfmt`, pinned: the image Docker's own setup-qemu-action uses. Its tag names the QEMU release it
 * ships, so an upgrade is a reviewed change here.
 */
export const BINFMT_IMAGE = "tonistiigi/binfmt:qemu-v9.2.2";

export interface BinfmtArgs {
  /** Arches to register QEMU handlers for, e.g. `["riscv64"]`; never the host's native arch. */
  readonly arches: readonly string[];
  /** Name of the runner host, for container names and labels. */
  readonly hostName: string;
}

/** Arguments of the binfmt image: `--install riscv64,arm64`. Throws naming the field when there is nothing to install. */
export function binfmtCommand(arches: readonly string[]): string[] {
  if (arches.length === 0) throw new Error("binfmt: arches must list at least one emulated arch (runnerHosts[].emulate)");
  for (const arch of arches) {
    if (!/^[a-z0-9]+$/.test(arch)) throw new Error(`binfmt: "${arch}" is not an arch name (runnerHosts[].emulate)`);
  }
  return ["--install", [...new Set(arches)].join(",")];
}

/** Fails `pulumi up` with what to check when the install container exited non-zero (undefined: not run yet, e.g. preview). */
export function checkBinfmtExit(hostName: string, arches: readonly string[], code: number | undefined): boolean {
  if (code === undefined || code === 0) return true;
  throw new Error(
    `runnerHosts "${hostName}": ${BINFMT_IMAGE} --install ${arches.join(",")} exited with ${code}; ` +
      `read its output with \`docker logs autogit-binfmt-${hostName}\` on that host (the kernel needs binfmt_misc, the engine must allow privileged containers)`,
  );
}

/**
 * Registers QEMU user-mode emulators with the runner host's kernel (binfmt_misc) so its Docker engine runs images
 * of other arches. A privileged one-shot container on the host's own provider: it works the same for local, ssh
 * and tcp hosts and needs nothing installed on the machine running `pulumi up`. The registration uses the `F`
 * flag (the interpreter is loaded once), so it outlives the container but not a reboot; see docs/platform.md.
 */
export class Binfmt extends pulumi.ComponentResource {
  /** The one-shot container; runner containers depend on it so jobs never start before QEMU is registered. */
  readonly container: docker.Container;

  constructor(name: string, args: BinfmtArgs, opts?: pulumi.ComponentResourceOptions) {
    super("autogit:docker:Binfmt", name, args, opts);
    const image = new docker.RemoteImage(`${name}-image`, { name: BINFMT_IMAGE, keepLocally: true }, { parent: this });
    this.container = new docker.Container(
      `${name}-install`,
      {
        name: `autogit-binfmt-${args.hostName}`,
        image: image.name,
        command: binfmtCommand(args.arches),
        // Writing to /proc/sys/fs/binfmt_misc needs a privileged container; it exits as soon as it is done.
        privileged: true,
        restart: "no",
        mustRun: false,
        // Wait for the install to finish and keep its output (the provider records the exit code, it does not fail).
        attach: true,
        logs: true,
        labels: autogitLabels("binfmt", { [AUTOGIT_LABEL.runnerHost]: args.hostName }),
      },
      { parent: this },
    );
    const installed = this.container.exitCode.apply((code) => checkBinfmtExit(args.hostName, args.arches, code));
    this.registerOutputs({ container: this.container.id, installed });
  }
}
