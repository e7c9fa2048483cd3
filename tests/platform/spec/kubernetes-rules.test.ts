import { describe, expect, it } from "vitest";
import { githubRunnerNamespace, parsePlatformSpec } from "../../../src/platform/spec/index.js";
import { at, parseError, shippedStack } from "./helpers.js";

// Rules on names the Kubernetes target derives from the config: `npm run validate` sees them, not only `pulumi up`.
describe("kubernetes rules", () => {
  it("derives the GitHub runner namespace from the runner namespace", () => {
    expect(githubRunnerNamespace({ runnerNamespace: "autogit-runners" })).toBe("autogit-runners-github");
  });

  it("refuses a runner namespace whose GitHub runner namespace would exceed a DNS label", async () => {
    const raw = await shippedStack("prod");
    raw["kubernetes"] = { runnerNamespace: "a".repeat(60) };
    expect(parseError(raw).issues).toEqual([
      {
        path: "kubernetes.runnerNamespace",
        message: `must be at most 56 characters: the GitHub runner namespace "${"a".repeat(60)}-github" derived from it exceeds 63`,
      },
    ]);
  });

  it("reports a runner namespace that is not a DNS label once, by its own rule", async () => {
    const raw = await shippedStack("prod");
    raw["kubernetes"] = { runnerNamespace: "a".repeat(64) };
    expect(parseError(raw).issues.map((issue) => issue.message)).toEqual([expect.stringMatching(/^must be a DNS label/) as unknown]);
  });

  it("refuses a platform namespace that is the derived GitHub runner namespace", async () => {
    const raw = await shippedStack("prod");
    raw["kubernetes"] = { namespace: "autogit-runners-github" };
    expect(parseError(raw).issues).toEqual([
      { path: "kubernetes.namespace", message: 'must differ from "autogit-runners-github", the GitHub runner namespace derived from kubernetes.runnerNamespace' },
    ]);
  });

  it("refuses a pool name whose Helm release would exceed Helm's limit, on kubernetes only", async () => {
    const name = `pool-${"x".repeat(35)}`;
    const raw = await shippedStack("prod");
    at(raw, "runnerHosts", 0).name = name;
    expect(parseError(raw).issues).toEqual([
      { path: "runnerHosts[0].name", message: `must be at most 39 characters on kubernetes: its Helm release "gitlab-runner-${name}" exceeds Helm's 53` },
    ]);
    const dev = await shippedStack("dev");
    at(dev, "runnerHosts", 0).name = name;
    expect(() => parsePlatformSpec(dev)).not.toThrow();
  });

  it("refuses a service type the platform cannot expose Traefik and CoreDNS with", async () => {
    const raw = await shippedStack("prod");
    raw["kubernetes"] = { serviceType: "ClusterIP" };
    expect(parseError(raw).issues).toEqual([{ path: "kubernetes.serviceType", message: 'must be one of LoadBalancer, NodePort (got "ClusterIP")' }]);
  });

  it("requires dns.lanAddress with serviceType NodePort, and accepts it once set", async () => {
    const raw = await shippedStack("prod");
    raw["kubernetes"] = { serviceType: "NodePort" };
    expect(parseError(raw).issues).toEqual([
      {
        path: "dns.lanAddress",
        message:
          "is required with kubernetes.serviceType NodePort: a NodePort Service has no external address for the service records; set the address that forwards 80, 443 and gitlab.sshPort to the node ports (your router or a load balancer in front of the nodes)",
      },
    ]);
    at(raw, "dns").lanAddress = "10.1.2.3";
    expect(() => parsePlatformSpec(raw)).not.toThrow();
  });

  it("gives NodePort fixed node ports, defaulted and overridable one by one", async () => {
    const raw = await shippedStack("prod");
    raw["kubernetes"] = { serviceType: "NodePort", nodePorts: { ssh: 32222 } };
    at(raw, "dns").lanAddress = "10.1.2.3";
    const spec = parsePlatformSpec(raw);
    if (spec.target !== "kubernetes") throw new Error("expected kubernetes");
    expect(spec.kubernetes.nodePorts).toEqual({ web: 30080, websecure: 30443, ssh: 32222, dns: 30053 });
  });

  it("refuses node ports outside Kubernetes' node port range", async () => {
    const raw = await shippedStack("prod");
    raw["kubernetes"] = { serviceType: "NodePort", nodePorts: { web: 80, dns: 32768 } };
    at(raw, "dns").lanAddress = "10.1.2.3";
    expect(parseError(raw).issues).toEqual([
      { path: "kubernetes.nodePorts.dns", message: "must be a node port between 30000 and 32767 (got 32768)" },
      { path: "kubernetes.nodePorts.web", message: "must be a node port between 30000 and 32767 (got 80)" },
    ]);
  });

  it("refuses two services on one node port, naming a default it collides with", async () => {
    const raw = await shippedStack("prod");
    raw["kubernetes"] = { serviceType: "NodePort", nodePorts: { dns: 30022 } };
    at(raw, "dns").lanAddress = "10.1.2.3";
    expect(parseError(raw).issues).toEqual([
      { path: "kubernetes.nodePorts.dns", message: "is the same as kubernetes.nodePorts.ssh (30022, its default); each needs its own node port" },
    ]);
    raw["kubernetes"] = { serviceType: "NodePort", nodePorts: { web: 31000, websecure: 31000 } };
    expect(parseError(raw).issues).toEqual([
      { path: "kubernetes.nodePorts.websecure", message: "is the same as kubernetes.nodePorts.web (31000); each needs its own node port" },
    ]);
  });

  it("refuses node ports with a LoadBalancer, which would not use them", async () => {
    const raw = await shippedStack("prod");
    raw["kubernetes"] = { nodePorts: { web: 31080 } };
    expect(parseError(raw).issues).toEqual([
      { path: "kubernetes.nodePorts", message: "applies to kubernetes.serviceType NodePort only (service type is LoadBalancer); remove it or set serviceType: NodePort" },
    ]);
  });

  it("refuses kubernetes.charts.authelia: Authelia runs from AutoGit's own manifests, not a chart", async () => {
    const raw = await shippedStack("prod");
    raw["kubernetes"] = { charts: { authelia: "0.11.5" } };
    expect(parseError(raw).issues).toEqual([
      { path: "kubernetes.charts.authelia", message: "is not a known setting (known: traefik, certManager, gitlab, gitlabRunner)" },
    ]);
    raw["kubernetes"] = { charts: { traefk: "41.3.0" } };
    expect(parseError(raw).issues).toEqual([{ path: "kubernetes.charts.traefk", message: "is not a known setting; did you mean traefik?" }]);
  });
});
