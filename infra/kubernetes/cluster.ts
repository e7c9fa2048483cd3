import { existsSync, readFileSync } from "node:fs";
import { homedir } from "node:os";
import { delimiter, join } from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { clusterEndpoint } from "../../src/platform/kubernetes/kubeconfig.js";
import type { ClusterEndpoint } from "../../src/platform/kubernetes/kubeconfig.js";

/**
 * The API server of the cluster the default Kubernetes provider deploys to, found the way the provider finds it:
 * `kubernetes:kubeconfig` (contents or a path), else the first file of `$KUBECONFIG`, else `~/.kube/config`; the
 * context from `kubernetes:context`, else the kubeconfig's current one. Fails before any resource when none exists.
 */
export function providerClusterEndpoint(): ClusterEndpoint {
  const context = new pulumi.Config("kubernetes").get("context");
  // Read synchronously (the value is usually a secret) so a bad kubeconfig fails before any resource; only the
  // server and CA leave this function, and the kubeconfig built from them is a secret output.
  const configured = pulumi.runtime.getConfig("kubernetes:kubeconfig");
  if (configured !== undefined && configured !== "") {
    return parse(looksLikePath(configured) ? readKubeconfig(configured, "kubernetes:kubeconfig") : configured, context);
  }
  const fromEnv = (process.env["KUBECONFIG"] ?? "").split(delimiter).find((path) => path !== "" && existsSync(path));
  const path = fromEnv ?? join(homedir(), ".kube", "config");
  if (!existsSync(path)) {
    throw new pulumi.RunError(
      "target kubernetes needs the cluster's kubeconfig: `pulumi config set --secret kubernetes:kubeconfig \"$(cat kubeconfig)\"`, or export KUBECONFIG (none found, nor ~/.kube/config)",
    );
  }
  return parse(readKubeconfig(path, fromEnv === undefined ? "~/.kube/config" : "$KUBECONFIG"), context);
}

/**
 * The environment kubectl needs to reach the same cluster as the provider (for `kubectl exec` into GitLab's toolbox):
 * `kubernetes:kubeconfig` contents as `KUBECONFIG_DATA` (a secret; the script writes it to a temporary file) or its
 * path as `KUBECONFIG`; unset, the process's own `KUBECONFIG` / `~/.kube/config` apply. `KUBE_CONTEXT` from
 * `kubernetes:context`.
 */
export function providerKubectlEnvironment(): Record<string, pulumi.Input<string>> {
  const context = new pulumi.Config("kubernetes").get("context");
  const configured = pulumi.runtime.getConfig("kubernetes:kubeconfig");
  return {
    ...(configured === undefined || configured === "" ? {} : looksLikePath(configured) ? { KUBECONFIG: configured } : { KUBECONFIG_DATA: pulumi.secret(configured) }),
    ...(context === undefined ? {} : { KUBE_CONTEXT: context }),
  };
}

function looksLikePath(value: string): boolean {
  return !value.includes("\n") && !value.trimStart().startsWith("{") && !value.includes("apiVersion");
}

function readKubeconfig(path: string, source: string): string {
  try {
    return readFileSync(path, "utf8");
  } catch (error) {
    throw new pulumi.RunError(`${source}: cannot read kubeconfig ${path}: ${(error as Error).message}`);
  }
}

function parse(text: string, context: string | undefined): ClusterEndpoint {
  try {
    return clusterEndpoint(text, context);
  } catch (error) {
    throw new pulumi.RunError(`target kubernetes: ${(error as Error).message}`);
  }
}
