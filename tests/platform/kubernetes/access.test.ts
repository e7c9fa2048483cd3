import { NetworkPolicy } from "kubernetes-models/networking.k8s.io/v1/NetworkPolicy";
import { Role } from "kubernetes-models/rbac.authorization.k8s.io/v1/Role";
import { parse } from "yaml";
import { describe, expect, it } from "vitest";
import { runnerEgressPolicy, runnerQuota, runnerRole } from "../../../src/platform/kubernetes/github-namespace.js";
import { clusterEndpoint, runnerKubeconfig } from "../../../src/platform/kubernetes/kubeconfig.js";

const KUBECONFIG = `apiVersion: v1
kind: Config
clusters:
  - { name: a, cluster: { server: "https://a.example:6443", certificate-authority-data: QUFB } }
  - { name: b, cluster: { server: "https://b.example:6443" } }
contexts:
  - { name: ctx-a, context: { cluster: a, user: u } }
  - { name: ctx-b, context: { cluster: b, user: u } }
  - { name: ctx-broken, context: { cluster: nowhere, user: u } }
current-context: ctx-a
users: [{ name: u, user: { token: t } }]
`;

describe("GitHub runner namespace access", () => {
  it("allows DNS to kube-system and HTTPS anywhere but the metadata endpoint, as a valid policy", () => {
    const policy = runnerEgressPolicy("ns");
    new NetworkPolicy(policy).validate();
    expect(policy.spec?.ingress).toBeUndefined();
    expect(policy.spec?.egress?.[1]?.to?.[0]?.ipBlock).toEqual({ cidr: "0.0.0.0/0", except: ["169.254.169.254/32"] });
  });

  it("grants no wildcard, no update/patch and no secret listing", () => {
    const role = runnerRole("ns");
    new Role(role).validate();
    const verbs = (resource: string) => role.rules?.find((r) => r.resources?.includes(resource))?.verbs;
    expect(verbs("pods")).toEqual(["create", "delete", "get", "list", "watch"]);
    expect(verbs("pods/log")).toEqual(["get"]);
    expect(verbs("secrets")).toEqual(["create", "delete", "get"]);
    expect(role.rules?.flatMap((r) => r.resources ?? [])).toEqual(["pods", "pods/log", "secrets"]);
    expect(runnerQuota("ns").spec?.hard).toMatchObject({ pods: "20", "limits.memory": "32Gi" });
  });

  it("finds the current or the named context's server and CA, and names what is missing", () => {
    expect(clusterEndpoint(KUBECONFIG)).toEqual({ server: "https://a.example:6443", certificateAuthorityData: "QUFB" });
    expect(clusterEndpoint(KUBECONFIG, "ctx-b")).toEqual({ server: "https://b.example:6443", certificateAuthorityData: undefined });
    expect(() => clusterEndpoint(KUBECONFIG, "ctx-c")).toThrow('kubeconfig has no context named "ctx-c"');
    expect(() => clusterEndpoint(KUBECONFIG, "ctx-broken")).toThrow('refers to cluster "nowhere", which has no server');
    expect(() => clusterEndpoint("apiVersion: v1\nkind: Config\n")).toThrow("no current-context");
    expect(() => clusterEndpoint("clusters: [")).toThrow("not valid YAML");
  });

  it("builds a kubeconfig whose only context is the runner identity in its namespace", () => {
    const text = runnerKubeconfig({ server: "https://a.example:6443", certificateAuthorityData: "QUFB", token: "tok", namespace: "runners-github", name: "runner" });
    expect(parse(text)).toEqual({
      apiVersion: "v1",
      kind: "Config",
      clusters: [{ name: "runner", cluster: { server: "https://a.example:6443", "certificate-authority-data": "QUFB" } }],
      users: [{ name: "runner", user: { token: "tok" } }],
      contexts: [{ name: "runner", context: { cluster: "runner", user: "runner", namespace: "runners-github" } }],
      "current-context": "runner",
    });
  });
});
