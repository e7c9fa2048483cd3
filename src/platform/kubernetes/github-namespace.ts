import type { ILimitRange } from "kubernetes-models/v1/LimitRange";
import type { INamespace } from "kubernetes-models/v1/Namespace";
import type { IResourceQuota } from "kubernetes-models/v1/ResourceQuota";
import type { IServiceAccount } from "kubernetes-models/v1/ServiceAccount";
import type { ISecret } from "kubernetes-models/v1/Secret";
import type { INetworkPolicy } from "kubernetes-models/networking.k8s.io/v1/NetworkPolicy";
import type { IRole } from "kubernetes-models/rbac.authorization.k8s.io/v1/Role";
import type { IRoleBinding } from "kubernetes-models/rbac.authorization.k8s.io/v1/RoleBinding";
import { standardLabels } from "./charts.js";
import { podSecurityNamespace } from "./namespaces.js";

/**
 * The namespace the GitHub Action's Kubernetes backend creates ephemeral runner pods in: its own namespace beside
 * the GitLab runners' (`<runnerNamespace>-github`), so that Pod Security `restricted`, a default-deny network and
 * an identity that can only manage pods and their secrets there never constrain or widen anything else.
 */

/** Identity the action uses; also the name of its Role, RoleBinding and token Secret (`<name>-token`). */
export const GITHUB_RUNNER_IDENTITY = "autogit-github-runner";

/** Link-local cloud metadata endpoint: a runner pod must never reach it (instance credentials live there). */
export const METADATA_CIDR = "169.254.169.254/32";

/** Pod Security Standards: `restricted` enforced, audited and warned on, pinned to the cluster's version. */
export function githubNamespace(name: string): INamespace {
  return podSecurityNamespace(name, "github-runners", { enforce: "restricted", audit: "restricted", warn: "restricted" });
}

/** Nothing in, nothing out, unless another policy allows it. */
export function defaultDenyPolicy(namespace: string): INetworkPolicy {
  return {
    apiVersion: "networking.k8s.io/v1",
    kind: "NetworkPolicy",
    metadata: { name: "default-deny", namespace, labels: standardLabels("github-runners") },
    spec: { podSelector: {}, policyTypes: ["Ingress", "Egress"] },
  };
}

/**
 * Runner pods may resolve names (cluster DNS in kube-system, 53 udp+tcp) and talk HTTPS (443) to anything but the
 * cloud metadata endpoint: that is what a GitHub runner needs (api.github.com, the Actions service, registries).
 */
export function runnerEgressPolicy(namespace: string): INetworkPolicy {
  return {
    apiVersion: "networking.k8s.io/v1",
    kind: "NetworkPolicy",
    metadata: { name: "allow-dns-and-https", namespace, labels: standardLabels("github-runners") },
    spec: {
      podSelector: {},
      policyTypes: ["Egress"],
      egress: [
        {
          to: [{ namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "kube-system" } } }],
          ports: [
            { protocol: "UDP", port: 53 },
            { protocol: "TCP", port: 53 },
          ],
        },
        {
          to: [
            { ipBlock: { cidr: "0.0.0.0/0", except: [METADATA_CIDR] } },
            { ipBlock: { cidr: "::/0" } },
          ],
          ports: [{ protocol: "TCP", port: 443 }],
        },
      ],
    },
  };
}

/** Caps what runaway or forgotten runners can take from the cluster. */
export interface RunnerQuota {
  readonly pods: number;
  readonly cpu: string;
  readonly memory: string;
}

export const DEFAULT_RUNNER_QUOTA: RunnerQuota = { pods: 20, cpu: "16", memory: "32Gi" };

export function runnerQuota(namespace: string, quota: RunnerQuota = DEFAULT_RUNNER_QUOTA): IResourceQuota {
  return {
    apiVersion: "v1",
    kind: "ResourceQuota",
    metadata: { name: "github-runners", namespace, labels: standardLabels("github-runners") },
    spec: {
      hard: {
        pods: String(quota.pods),
        "requests.cpu": quota.cpu,
        "limits.cpu": quota.cpu,
        "requests.memory": quota.memory,
        "limits.memory": quota.memory,
        secrets: String(quota.pods * 2 + 10),
      },
    },
  };
}

/**
 * Defaults for containers that state no requests or limits: the quota counts limits, and without these a pod that
 * names none would be refused instead of sized.
 */
export function runnerLimitRange(namespace: string): ILimitRange {
  return {
    apiVersion: "v1",
    kind: "LimitRange",
    metadata: { name: "github-runners", namespace, labels: standardLabels("github-runners") },
    spec: {
      limits: [
        {
          type: "Container",
          defaultRequest: { cpu: "500m", memory: "1Gi" },
          default: { cpu: "2", memory: "4Gi" },
        },
      ],
    },
  };
}

export function runnerServiceAccount(namespace: string): IServiceAccount {
  return {
    apiVersion: "v1",
    kind: "ServiceAccount",
    metadata: { name: GITHUB_RUNNER_IDENTITY, namespace, labels: standardLabels("github-runners") },
    // Runner pods run as `default`; only the action's client uses this identity.
    automountServiceAccountToken: false,
  };
}

/**
 * What the action's backend does and nothing more: create, watch and delete runner pods, read their logs for
 * failure reports, and create/read/delete the Secret holding each runner's JIT config. No update, patch, exec,
 * or list of secrets (it knows the names it created).
 */
export function runnerRole(namespace: string): IRole {
  return {
    apiVersion: "rbac.authorization.k8s.io/v1",
    kind: "Role",
    metadata: { name: GITHUB_RUNNER_IDENTITY, namespace, labels: standardLabels("github-runners") },
    rules: [
      { apiGroups: [""], resources: ["pods"], verbs: ["create", "delete", "get", "list", "watch"] },
      { apiGroups: [""], resources: ["pods/log"], verbs: ["get"] },
      { apiGroups: [""], resources: ["secrets"], verbs: ["create", "delete", "get"] },
    ],
  };
}

export function runnerRoleBinding(namespace: string): IRoleBinding {
  return {
    apiVersion: "rbac.authorization.k8s.io/v1",
    kind: "RoleBinding",
    metadata: { name: GITHUB_RUNNER_IDENTITY, namespace, labels: standardLabels("github-runners") },
    roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "Role", name: GITHUB_RUNNER_IDENTITY },
    subjects: [{ kind: "ServiceAccount", name: GITHUB_RUNNER_IDENTITY, namespace }],
  };
}

/** A long-lived token the token controller fills in (`data.token`, `data["ca.crt"]`). */
export function runnerTokenSecret(namespace: string): ISecret {
  return {
    apiVersion: "v1",
    kind: "Secret",
    type: "kubernetes.io/service-account-token",
    metadata: {
      name: `${GITHUB_RUNNER_IDENTITY}-token`,
      namespace,
      labels: standardLabels("github-runners"),
      annotations: { "kubernetes.io/service-account.name": GITHUB_RUNNER_IDENTITY },
    },
  };
}
