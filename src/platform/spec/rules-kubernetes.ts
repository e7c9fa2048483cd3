import { DEFAULT_KUBERNETES_NAMESPACES, DEFAULT_NODE_PORTS, NODE_PORT_RANGE } from "./defaults.js";
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
  if (kubernetes["serviceType"] === "NodePort") {
    if (obj(config["dns"])["lanAddress"] === undefined) {
      issue(
        "dns.lanAddress",
        "is required with kubernetes.serviceType NodePort: a NodePort Service has no external address for the service records; set the address that forwards 80, 443 and gitlab.sshPort to the node ports (your router or a load balancer in front of the nodes)",
      );
    }
    nodePortRules(obj(kubernetes["nodePorts"]), issue);
  } else if (kubernetes["nodePorts"] !== undefined) {
    issue("kubernetes.nodePorts", `applies to kubernetes.serviceType NodePort only (service type is ${str(kubernetes["serviceType"]) ?? "LoadBalancer"}); remove it or set serviceType: NodePort`);
  }
}

/** Node ports must be distinct: Traefik's entry points and CoreDNS each need their own (one port serves CoreDNS's udp and tcp). */
function nodePortRules(nodePorts: Obj, issue: Report): void {
  const seen = new Map<number, string>();
  for (const name of Object.keys(DEFAULT_NODE_PORTS) as (keyof typeof DEFAULT_NODE_PORTS)[]) {
    const value = nodePorts[name] ?? DEFAULT_NODE_PORTS[name];
    // An invalid port is reported by the schema, once.
    if (typeof value !== "number" || !Number.isInteger(value) || value < NODE_PORT_RANGE.min || value > NODE_PORT_RANGE.max) continue;
    const other = seen.get(value);
    if (other !== undefined) {
      issue(`kubernetes.nodePorts.${name}`, `is the same as kubernetes.nodePorts.${other} (${value}${nodePorts[other] === undefined ? ", its default" : ""}); each needs its own node port`);
    } else {
      seen.set(value, name);
    }
  }
}
