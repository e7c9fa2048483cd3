import { ARCHES } from "../../runner/ports.js";
import type { Obj, Report } from "./raw-readers.js";
import { list, obj, str } from "./raw-readers.js";

const ARCH_LABEL = new RegExp(`^(arch[:=-])?(${ARCHES.join("|")})$`);

/** What Docker gives a job for a vendor's GPUs: whole device files, never a number of GPUs (unlike NVIDIA's `--gpus`). */
const PASSED_DEVICES: ReadonlyMap<string, string> = new Map([
  ["amd", "/dev/kfd and /dev/dri"],
  ["intel", "/dev/dri"],
]);

/** Unique names, sane emulation and labels, the fields of the right target, and GPU counts and groups the target can honour. */
export function runnerHostRules(config: Obj, issue: Report): void {
  const target = str(config["target"]);
  const seen = new Map<string, number>();
  list(config["runnerHosts"]).forEach((entry, index) => {
    const host = obj(entry);
    const at = `runnerHosts[${index}]`;
    const name = str(host["name"]);
    if (name !== undefined) {
      const first = seen.get(name);
      if (first !== undefined) issue(`${at}.name`, `duplicates runnerHosts[${first}].name ("${name}"); host names must be unique`);
      else seen.set(name, index);
    }
    const arch = str(host["arch"]);
    const emulate = list(host["emulate"]).filter((a): a is string => typeof a === "string");
    emulate.forEach((emulated, i) => {
      if (emulated === arch) issue(`${at}.emulate[${i}]`, `is the host's native arch (${arch}); list only the extra arches QEMU provides`);
      else if (emulate.indexOf(emulated) !== i) issue(`${at}.emulate[${i}]`, `lists ${emulated} twice`);
    });
    const served = new Set([arch, ...emulate]);
    list(host["labels"]).forEach((label, i) => {
      const match = typeof label === "string" ? ARCH_LABEL.exec(label) : null;
      const claimed = match?.[2];
      if (claimed !== undefined && arch !== undefined && arch !== "riscv64" && !served.has(claimed)) {
        issue(`${at}.labels[${i}]`, `claims ${claimed}, which ${name ?? "this host"} does not run: add emulate: [${claimed}] to run it under QEMU, or remove the label`);
      }
    });
    const labels = list(host["labels"]);
    labels.forEach((label, i) => {
      if (typeof label === "string" && labels.indexOf(label) !== i) issue(`${at}.labels[${i}]`, `lists "${label}" twice`);
    });

    if (target === "kubernetes") {
      if (host["connection"] !== undefined) {
        issue(`${at}.connection`, "applies to target docker only: on kubernetes a runner pool is scheduled onto nodes by nodeSelector kubernetes.io/arch, not reached over a connection; remove it");
      }
      if (obj(host["nodeSelector"])["kubernetes.io/arch"] !== undefined) {
        issue(`${at}.nodeSelector["kubernetes.io/arch"]`, "is set from arch; remove it here and set arch instead");
      }
      list(host["tolerations"]).forEach((entry, i) => {
        const toleration = obj(entry);
        const operator = toleration["operator"] ?? "Equal";
        if (operator === "Exists" && toleration["value"] !== undefined) {
          issue(`${at}.tolerations[${i}].value`, "must be absent with operator Exists (Kubernetes rejects it)");
        }
        if (operator === "Equal" && toleration["key"] === undefined) {
          issue(`${at}.tolerations[${i}].key`, "is required with operator Equal; use operator: Exists to tolerate every taint");
        }
      });
      if (obj(host["gpu"])["groups"] !== undefined) {
        issue(`${at}.gpu.groups`, "applies to target docker only: on kubernetes a job pod gets its GPU from the vendor's device plugin, not from host groups; remove it");
      }
      if (obj(host["gpu"])["count"] === "all") {
        issue(`${at}.gpu.count`, 'must be a number on kubernetes: GPUs are requested as a count of the vendor\'s device-plugin resource (e.g. nvidia.com/gpu: 1), not "all"');
      }
    } else if (target === "docker") {
      for (const field of ["replicas", "nodeSelector", "tolerations"] as const) {
        if (host[field] !== undefined) issue(`${at}.${field}`, `applies to target kubernetes only (runner pools); on docker a host runs one runner manager, sized by capacity`);
      }
      const gpu = obj(host["gpu"]);
      const vendor = str(gpu["vendor"]);
      const count = gpu["count"];
      const devices = vendor === undefined ? undefined : PASSED_DEVICES.get(vendor);
      if (vendor === "nvidia" && gpu["groups"] !== undefined) {
        issue(
          `${at}.gpu.groups`,
          "applies to vendor amd or intel only: NVIDIA GPUs reach jobs through --gpus and the NVIDIA Container Toolkit, which needs no groups; remove it",
        );
      }
      const groups = list(gpu["groups"]).map((group) => (typeof group === "number" || typeof group === "string" ? String(group) : group));
      groups.forEach((group, i) => {
        if (typeof group === "string" && groups.indexOf(group) !== i) issue(`${at}.gpu.groups[${i}]`, `lists ${group} twice`);
      });
      if (vendor !== undefined && devices !== undefined && typeof count === "number" && Number.isInteger(count) && count >= 1) {
        issue(
          `${at}.gpu.count`,
          `cannot be ${count} for vendor ${vendor} on docker: Docker passes the whole ${devices} device files to a job, so a count cannot be honoured; use count: all (or leave it out), or an NVIDIA GPU, which Docker can hand out by count`,
        );
      }
    }
  });
}
