import type { KubernetesPlatformSpec, NodePortsSpec } from "../spec/index.js";

/**
 * `nodePort` of a Traefik entry point or a Service port: the spec's fixed one with `serviceType: NodePort` (so the
 * router's port forwarding has a stable target), none with a LoadBalancer (Kubernetes picks).
 */
export function fixedNodePort(spec: KubernetesPlatformSpec, name: keyof NodePortsSpec): { readonly nodePort?: number } {
  return spec.kubernetes.serviceType === "NodePort" ? { nodePort: spec.kubernetes.nodePorts[name] } : {};
}
