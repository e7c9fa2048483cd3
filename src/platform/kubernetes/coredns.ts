import type { IDeployment } from "kubernetes-models/apps/v1/Deployment";
import type { IConfigMap } from "kubernetes-models/v1/ConfigMap";
import type { IService } from "kubernetes-models/v1/Service";
import type { CoreDnsConfig } from "../render/corefile.js";
import { COREDNS_HEALTH_PORT, COREDNS_PATHS, COREDNS_READY_PORT } from "../render/defaults.js";
import type { KubernetesPlatformSpec } from "../spec/index.js";
import { selectorLabels, standardLabels } from "./charts.js";
import { fixedNodePort } from "./node-ports.js";

/**
 * CoreDNS as the LAN's DNS server (not the cluster's): the shared Corefile in a ConfigMap, a pinned Deployment and a
 * Service on 53 udp+tcp (with NodePort, on the fixed `kubernetes.nodePorts.dns` of every node). The Service keeps
 * client source addresses (`externalTrafficPolicy: Local`): with SNAT every query would come from a node address, and
 * the Corefile's ACL could no longer tell the LAN from the internet.
 * CoreDNS itself listens on an unprivileged port (render the Corefile with `port: COREDNS_CONTAINER_PORT`), so it
 * runs as non-root with every capability dropped.
 */

export const COREDNS_NAME = "coredns-lan";
/** CoreDNS listens unprivileged; the Service publishes 53. */
export const COREDNS_CONTAINER_PORT = 1053;

/** Metadata shared by the ConfigMap, Deployment and Service. */
export function corednsMetadata(namespace: string): { readonly name: string; readonly namespace: string; readonly labels: Readonly<Record<string, string>> } {
  return { name: COREDNS_NAME, namespace, labels: standardLabels(COREDNS_NAME) };
}

const CONFIG_DIR = COREDNS_PATHS.corefile.replace(/\/[^/]+$/, "");

/** ConfigMap key and mount path (relative to the config directory) of every file the Corefile reads. */
function configFiles(config: CoreDnsConfig): readonly { readonly key: string; readonly path: string; readonly content: string }[] {
  const relative = (path: string) => {
    if (!path.startsWith(`${CONFIG_DIR}/`)) throw new Error(`CoreDNS file ${path} must be under ${CONFIG_DIR} to be mounted from the ConfigMap`);
    return path.slice(CONFIG_DIR.length + 1);
  };
  return [
    { key: "Corefile", path: relative(COREDNS_PATHS.corefile), content: config.corefile },
    ...config.zoneFiles.map((file) => ({ key: relative(file.path).replace(/\//g, "_"), path: relative(file.path), content: file.content })),
  ];
}

/** The Corefile and zone files (the shared renderer's output), one ConfigMap. */
export function corednsConfigMap(namespace: string, config: CoreDnsConfig): IConfigMap {
  return {
    apiVersion: "v1",
    kind: "ConfigMap",
    metadata: corednsMetadata(namespace),
    data: Object.fromEntries(configFiles(config).map((file) => [file.key, file.content])),
  };
}

export function corednsDeployment(spec: KubernetesPlatformSpec, config: CoreDnsConfig, configHash: string): IDeployment {
  const namespace = spec.kubernetes.namespace;
  return {
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: corednsMetadata(namespace),
    spec: {
      replicas: 2,
      selector: { matchLabels: selectorLabels(COREDNS_NAME) },
      template: {
        // A changed Corefile rolls the pods (CoreDNS's reload plugin is not relied on).
        metadata: { labels: standardLabels(COREDNS_NAME), annotations: { "autogit.dev/corefile-sha256": configHash } },
        spec: {
          securityContext: { runAsNonRoot: true, runAsUser: 65532, runAsGroup: 65532, seccompProfile: { type: "RuntimeDefault" } },
          containers: [
            {
              name: "coredns",
              image: `docker.io/coredns/coredns:${spec.versions.coredns}`,
              args: ["-conf", COREDNS_PATHS.corefile],
              ports: [
                { name: "dns", containerPort: COREDNS_CONTAINER_PORT, protocol: "UDP" },
                { name: "dns-tcp", containerPort: COREDNS_CONTAINER_PORT, protocol: "TCP" },
              ],
              securityContext: { allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ["ALL"] } },
              resources: { requests: { cpu: "50m", memory: "64Mi" }, limits: { memory: "170Mi" } },
              livenessProbe: { httpGet: { path: "/health", port: COREDNS_HEALTH_PORT }, initialDelaySeconds: 10, periodSeconds: 10 },
              readinessProbe: { httpGet: { path: "/ready", port: COREDNS_READY_PORT }, periodSeconds: 5 },
              volumeMounts: [{ name: "config", mountPath: CONFIG_DIR, readOnly: true }],
            },
          ],
          volumes: [{ name: "config", configMap: { name: COREDNS_NAME, items: configFiles(config).map(({ key, path }) => ({ key, path })) } }],
        },
      },
    },
  };
}

export function corednsService(spec: KubernetesPlatformSpec): IService {
  return {
    apiVersion: "v1",
    kind: "Service",
    metadata: corednsMetadata(spec.kubernetes.namespace),
    spec: {
      type: spec.kubernetes.serviceType,
      externalTrafficPolicy: "Local",
      selector: selectorLabels(COREDNS_NAME),
      // With NodePort, udp and tcp share the one fixed node port (allowed: the protocols differ).
      ports: [
        { name: "dns", port: 53, targetPort: "dns", protocol: "UDP", ...fixedNodePort(spec, "dns") },
        { name: "dns-tcp", port: 53, targetPort: "dns-tcp", protocol: "TCP", ...fixedNodePort(spec, "dns") },
      ],
    },
  };
}

/**
 * The `dnsAddress` stack output: where LAN clients (or the router's forwarder) reach CoreDNS. LoadBalancer: the
 * Service's external address (else `dns.lanAddress`), port 53. NodePort: `<dns.lanAddress>:<nodePorts.dns>`, since
 * nothing listens on 53 there — the port is part of the answer.
 */
export function dnsServerAddress(spec: KubernetesPlatformSpec, serviceAddress: string | undefined): string {
  const { kubernetes, dns } = spec;
  if (kubernetes.serviceType === "NodePort") {
    if (dns.lanAddress === undefined) throw new Error("dns.lanAddress is required with kubernetes.serviceType NodePort: set the address that forwards to the node ports");
    return `${dns.lanAddress}:${kubernetes.nodePorts.dns}`;
  }
  const address = serviceAddress ?? dns.lanAddress;
  if (address === undefined) {
    throw new Error("CoreDNS's LoadBalancer Service has no external address; check the cluster's load balancer (MetalLB, cloud LB) or set autogit:dns.lanAddress");
  }
  return address;
}
