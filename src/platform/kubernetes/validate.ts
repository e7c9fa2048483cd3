import type { KubernetesPlatformSpec, PlatformConfigIssue } from "../spec/index.js";
import { githubRunnerNamespace } from "./github-namespace.js";
import { runnerPoolNames } from "./runner-pool.js";

/** Helm's limit on release names (they become label values and name prefixes). */
const HELM_RELEASE_NAME_MAX = 53;
const DNS_LABEL_MAX = 63;

/**
 * Rules only the Kubernetes target has, on top of `parsePlatformSpec`: names the cluster would refuse once derived
 * (release and namespace lengths), and what the target cannot work out by itself. Every problem, each with its path.
 */
export function kubernetesIssues(spec: KubernetesPlatformSpec): readonly PlatformConfigIssue[] {
  const issues: PlatformConfigIssue[] = [];
  const { kubernetes } = spec;
  const github = githubRunnerNamespace(kubernetes);
  if (github.length > DNS_LABEL_MAX) {
    issues.push({
      path: "kubernetes.runnerNamespace",
      message: `must be at most ${DNS_LABEL_MAX - "-github".length} characters: the GitHub runner namespace "${github}" derived from it exceeds ${DNS_LABEL_MAX}`,
    });
  }
  if (github === kubernetes.namespace) {
    issues.push({ path: "kubernetes.namespace", message: `must differ from "${github}", the GitHub runner namespace derived from kubernetes.runnerNamespace` });
  }
  spec.runnerHosts.forEach((pool, i) => {
    const release = runnerPoolNames(pool).release;
    if (release.length > HELM_RELEASE_NAME_MAX) {
      issues.push({
        path: `runnerHosts[${i}].name`,
        message: `must be at most ${HELM_RELEASE_NAME_MAX - (release.length - pool.name.length)} characters on kubernetes: its Helm release "${release}" exceeds Helm's ${HELM_RELEASE_NAME_MAX}`,
      });
    }
  });
  if (kubernetes.serviceType === "NodePort" && spec.dns.lanAddress === undefined) {
    issues.push({
      path: "dns.lanAddress",
      message: "is required with kubernetes.serviceType NodePort: a NodePort Service has no external address for the service records; set the node (or front load balancer) address",
    });
  }
  return issues;
}
