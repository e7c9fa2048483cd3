import type { INamespace } from "kubernetes-models/v1/Namespace";
import { standardLabels } from "./charts.js";

/** Pod Security Standards levels AutoGit's namespaces use. */
export type PodSecurityLevel = "baseline" | "restricted";

/** What the Pod Security admission does at each level: refuse (`enforce`), log (`audit`), print on apply (`warn`). */
export type PodSecurityModes = Readonly<Partial<Record<"enforce" | "audit" | "warn", PodSecurityLevel>>>;

/** A Namespace with AutoGit's labels and a Pod Security label per mode, each pinned to the cluster's version (`latest`). */
export function podSecurityNamespace(name: string, component: string, modes: PodSecurityModes): INamespace {
  const podSecurity: Record<string, string> = {};
  for (const [mode, level] of Object.entries(modes)) {
    podSecurity[`pod-security.kubernetes.io/${mode}`] = level;
    podSecurity[`pod-security.kubernetes.io/${mode}-version`] = "latest";
  }
  return { apiVersion: "v1", kind: "Namespace", metadata: { name, labels: { ...standardLabels(component), ...podSecurity } } };
}

/**
 * Namespaces of the platform services and of the GitLab runners: Pod Security `baseline` enforced (no privileged
 * pods, host namespaces or host paths), `restricted` audited so tightening later is informed by the audit log rather
 * than by a warning printed on every apply. Node agents that must be privileged run in `kube-system` instead.
 */
export function platformNamespace(name: string, component: string): INamespace {
  return podSecurityNamespace(name, component, { enforce: "baseline", audit: "restricted" });
}
