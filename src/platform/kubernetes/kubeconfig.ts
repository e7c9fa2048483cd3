import { parse, stringify } from "yaml";

/** The API server a kubeconfig's current (or named) context points at. */
export interface ClusterEndpoint {
  readonly server: string;
  /** Base64 PEM of the cluster CA, when the kubeconfig carries one inline. */
  readonly certificateAuthorityData?: string | undefined;
}

interface KubeconfigShape {
  readonly "current-context"?: unknown;
  readonly contexts?: readonly { readonly name?: unknown; readonly context?: { readonly cluster?: unknown } }[];
  readonly clusters?: readonly { readonly name?: unknown; readonly cluster?: { readonly server?: unknown; readonly "certificate-authority-data"?: unknown } }[];
}

/**
 * The cluster endpoint of the kubeconfig the Kubernetes provider uses, so the runner kubeconfig points at the same
 * API server. Throws naming what is missing: a kubeconfig without a usable context cannot deploy anything either.
 */
export function clusterEndpoint(kubeconfigText: string, context?: string): ClusterEndpoint {
  let document: KubeconfigShape;
  try {
    document = (parse(kubeconfigText) ?? {}) as KubeconfigShape;
  } catch (error) {
    throw new Error(`kubeconfig is not valid YAML: ${(error as Error).message}`, { cause: error });
  }
  const contextName = context ?? (typeof document["current-context"] === "string" ? document["current-context"] : undefined);
  if (contextName === undefined || contextName === "") {
    throw new Error("kubeconfig has no current-context; set kubernetes:context to one of its contexts");
  }
  const found = (document.contexts ?? []).find((entry) => entry.name === contextName);
  if (found === undefined) throw new Error(`kubeconfig has no context named "${contextName}"`);
  const clusterName = found.context?.cluster;
  const cluster = (document.clusters ?? []).find((entry) => entry.name === clusterName)?.cluster;
  if (cluster === undefined || typeof cluster.server !== "string" || cluster.server === "") {
    throw new Error(`kubeconfig context "${contextName}" refers to cluster "${String(clusterName)}", which has no server`);
  }
  const ca = cluster["certificate-authority-data"];
  return { server: cluster.server, certificateAuthorityData: typeof ca === "string" && ca !== "" ? ca : undefined };
}

export interface RunnerKubeconfigInput {
  readonly server: string;
  /** Base64 PEM of the cluster CA (the token Secret's `ca.crt`, as stored: base64). */
  readonly certificateAuthorityData: string;
  /** The service account token, plain text (decoded from the Secret). */
  readonly token: string;
  readonly namespace: string;
  /** Context, cluster and user name. */
  readonly name: string;
}

/** A kubeconfig limited to one namespace and one service-account identity. A secret: it carries the token. */
export function runnerKubeconfig(input: RunnerKubeconfigInput): string {
  return stringify({
    apiVersion: "v1",
    kind: "Config",
    clusters: [{ name: input.name, cluster: { server: input.server, "certificate-authority-data": input.certificateAuthorityData } }],
    users: [{ name: input.name, user: { token: input.token } }],
    contexts: [{ name: input.name, context: { cluster: input.name, user: input.name, namespace: input.namespace } }],
    "current-context": input.name,
  });
}
