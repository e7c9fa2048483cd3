import { DEFAULT_KUBERNETES_NAMESPACES } from "./defaults.js";
import { isDnsLabel } from "./fields.js";
import { githubRunnerNamespace, runnerPoolNames } from "./kubernetes-names.js";
import type { Obj, Report } from "./raw-readers.js";
import { list, obj, str } from "./raw-readers.js";
import { runnerHostSchema } from "./runner-host-schema.js";

/** Helm's limit on release names (they become label values and name prefixes). */
const HELM_RELEASE_NAME_MAX = 53;
const DNS_LABEL_MAX = 63;

/**
 * Kubernetes-only rules: names the cluster would refuse once derived (namespace and release lengths), and what the
 * target cannot work out by itself. Each derived name is checked only when its source is itself valid, so a bad
 * field is reported once, by its own schema.
 */
export function kubernetesRules(config: Obj, issue: Report): void {
  if (str(config["target"]) !== "kubernetes") return;
  const kubernetes = obj(config["kubernetes"]);
  const namespace = kubernetes["namespace"] ?? DEFAULT_KUBERNETES_NAMESPACES.platform;
  const runnerNamespace = kubernetes["runnerNamespace"] ?? DEFAULT_KUBERNETES_NAMESPACES.runners;
  if (typeof runnerNamespace === "string" && isDnsLabel(runnerNamespace)) {
    const github = githubRunnerNamespace({ runnerNamespace });
    if (github.length > DNS_LABEL_MAX) {
      issue(
        "kubernetes.runnerNamespace",
        `must be at most ${DNS_LABEL_MAX - "-github".length} characters: the GitHub runner namespace "${github}" derived from it exceeds ${DNS_LABEL_MAX}`,
      );
    }
    if (github === namespace) {
      issue("kubernetes.namespace", `must differ from "${github}", the GitHub runner namespace derived from kubernetes.runnerNamespace`);
    }
  }
  list(config["runnerHosts"]).forEach((entry, index) => {
    const name = str(obj(entry)["name"]);
    if (name === undefined || !runnerHostSchema.shape.name.safeParse(name).success) return;
    const release = runnerPoolNames({ name }).release;
    if (release.length > HELM_RELEASE_NAME_MAX) {
      issue(
        `runnerHosts[${index}].name`,
        `must be at most ${HELM_RELEASE_NAME_MAX - (release.length - name.length)} characters on kubernetes: its Helm release "${release}" exceeds Helm's ${HELM_RELEASE_NAME_MAX}`,
      );
    }
  });
  if (kubernetes["serviceType"] === "NodePort" && obj(config["dns"])["lanAddress"] === undefined) {
    issue(
      "dns.lanAddress",
      "is required with kubernetes.serviceType NodePort: a NodePort Service has no external address for the service records; set the node (or front load balancer) address",
    );
  }
}
