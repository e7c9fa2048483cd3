import type { INamespace } from "kubernetes-models/v1/Namespace";
import { standardLabels } from "./charts.js";

/**
 * Namespaces of the platform services and of the GitLab runners: Pod Security `baseline` enforced (no privileged
 * pods, host namespaces or host paths), `restricted` audited so tightening later is informed by the audit log rather
 * than by a warning printed on every apply. Node agents that must be privileged run in `kube-system` instead.
 */
export function platformNamespace(name: string, component: string): INamespace {
  return {
    apiVersion: "v1",
    kind: "Namespace",
    metadata: {
      name,
      labels: {
        ...standardLabels(component),
        "pod-security.kubernetes.io/enforce": "baseline",
        "pod-security.kubernetes.io/enforce-version": "latest",
        "pod-security.kubernetes.io/audit": "restricted",
        "pod-security.kubernetes.io/audit-version": "latest",
      },
    },
  };
}
