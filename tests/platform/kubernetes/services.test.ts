import { Certificate } from "@kubernetes-models/cert-manager/cert-manager.io/v1/Certificate";
import { ClusterIssuer } from "@kubernetes-models/cert-manager/cert-manager.io/v1/ClusterIssuer";
import { IngressRoute } from "@kubernetes-models/traefik/traefik.io/v1alpha1/IngressRoute";
import { Middleware } from "@kubernetes-models/traefik/traefik.io/v1alpha1/Middleware";
import { TLSOption } from "@kubernetes-models/traefik/traefik.io/v1alpha1/TLSOption";
import { Deployment } from "kubernetes-models/apps/v1/Deployment";
import { NetworkPolicy } from "kubernetes-models/networking.k8s.io/v1/NetworkPolicy";
import { describe, expect, it } from "vitest";
import { autheliaConfigMap, autheliaDeployment, autheliaSecretKeys } from "../../../src/platform/kubernetes/authelia.js";
import { certManagerValues, clusterIssuers, dns01SecretKeys, hostCertificates } from "../../../src/platform/kubernetes/cert-manager.js";
import { Service } from "kubernetes-models/v1/Service";
import { corednsConfigMap, corednsDeployment, corednsService, dnsServerAddress } from "../../../src/platform/kubernetes/coredns.js";
import { gitlabValues } from "../../../src/platform/kubernetes/gitlab.js";
import { ingressRoutes, middlewares, tlsOption, traefikValues } from "../../../src/platform/kubernetes/traefik.js";
import { renderCoreDns } from "../../../src/platform/render/corefile.js";
import { expectValid, schemaErrors } from "../../support/schemas.js";
import { prodSpec } from "./spec.js";

const CLOUDFLARE = { mode: "acme-dns01", email: "ops@example.com", staging: true, dns01: { provider: "cloudflare", credentials: { apiToken: { secret: "cfToken" } } } };
const ROUTE53 = {
  mode: "acme-dns01",
  email: "ops@example.com",
  dns01: { provider: "route53", region: "eu-west-1", hostedZoneId: "Z123", credentials: { accessKeyId: { env: "AWS_KEY" }, secretAccessKey: { secret: "awsSecret" } } },
};

describe("Traefik builders", () => {
  it("produce chart values the schema accepts for both service types, and valid CRs", async () => {
    for (const serviceType of ["LoadBalancer", "NodePort"]) {
      const spec = await prodSpec({ kubernetes: { serviceType }, dns: { lanAddress: "10.1.2.3" } });
      expectValid("helm-traefik", traefikValues(spec), { overrides: true });
    }
    const spec = await prodSpec();
    new TLSOption(tlsOption(spec)).validate();
    for (const m of middlewares(spec)) new Middleware(m).validate();
    for (const r of ingressRoutes(spec)) new IngressRoute(r).validate();
    expect(schemaErrors("helm-traefik", { ...traefikValues(spec), ports: { ssh: { exposedPort: "22" } } }, { overrides: true })).not.toEqual([]);
  });
});

describe("Git over SSH and the HTTPS redirect", () => {
  it("point the GitLab chart's only SSH route at Traefik's ssh entry point, which publishes the shell Service's port", async () => {
    const spec = await prodSpec({ gitlab: { version: "18.11.0-ce.0", sshPort: 2022 } });
    const gitlab = gitlabValues({ spec }) as { global: { shell: { port: number } }; gitlab: Record<string, Record<string, unknown>> };
    const traefik = traefikValues(spec) as { ports: Record<string, { exposedPort: number }> };
    const entrypoint = (gitlab.gitlab["gitlab-shell"]?.["traefik"] as { entrypoint: string }).entrypoint;
    expect(Object.keys(traefik.ports)).toContain(entrypoint);
    expect(traefik.ports[entrypoint]?.exposedPort).toBe(2022);
    expect(gitlab.global.shell.port).toBe(2022);
    // Sizing keeps its one shell replica beside the entry point.
    expect(gitlab.gitlab["gitlab-shell"]).toMatchObject({ minReplicas: 1, maxReplicas: 1 });
  });

  it("redirect web to websecure at priority 1, which the chart schema accepts", async () => {
    const values = traefikValues(await prodSpec()) as { ports: { web: { http: { redirections: { entryPoint: Record<string, unknown> } } } } };
    expect(values.ports.web.http.redirections.entryPoint).toEqual({ to: "websecure", scheme: "https", permanent: true, priority: 1 });
    expectValid("helm-traefik", values, { overrides: true });
  });
});

describe("NodePort", () => {
  const nodePortSpec = (nodePorts: Record<string, number> = {}) =>
    prodSpec({ kubernetes: { serviceType: "NodePort", nodePorts }, dns: { lanAddress: "10.1.2.3", allowedNetworks: ["10.0.0.0/8"] } });

  it("puts Traefik's entry points on the fixed node ports, and none with a LoadBalancer", async () => {
    const ports = (spec: Awaited<ReturnType<typeof prodSpec>>) => (traefikValues(spec) as { ports: Record<string, { nodePort?: number }> }).ports;
    const nodePort = await nodePortSpec({ ssh: 32022 });
    expect(Object.fromEntries(Object.entries(ports(nodePort)).map(([name, port]) => [name, port.nodePort]))).toEqual({ web: 30080, websecure: 30443, ssh: 32022 });
    expectValid("helm-traefik", traefikValues(nodePort), { overrides: true });
    for (const port of Object.values(ports(await prodSpec()))) expect(port).not.toHaveProperty("nodePort");
  });

  it("puts CoreDNS on the fixed dns node port for udp and tcp, and says so in its address", async () => {
    const spec = await nodePortSpec({ dns: 31053 });
    const service = corednsService(spec);
    new Service(service).validate();
    expect(service.spec?.ports?.map((p) => `${p.port}/${p.protocol ?? ""}→${p.nodePort ?? ""}`)).toEqual(["53/UDP→31053", "53/TCP→31053"]);
    expect(dnsServerAddress(spec, undefined)).toBe("10.1.2.3:31053");
    const loadBalancer = await prodSpec();
    expect(corednsService(loadBalancer).spec?.ports?.every((p) => p.nodePort === undefined)).toBe(true);
    expect(dnsServerAddress(loadBalancer, "203.0.113.5")).toBe("203.0.113.5");
    expect(() => dnsServerAddress(loadBalancer, undefined)).toThrow(/no external address.*dns\.lanAddress/);
  });
});

describe("cert-manager builders", () => {
  it("solve DNS-01 through Cloudflare with the credential Secret, staging chosen, public resolvers for self-checks", async () => {
    const spec = await prodSpec({ tls: CLOUDFLARE, cfToken: { secure: "x" } });
    const issuers = clusterIssuers(spec);
    for (const issuer of issuers) new ClusterIssuer(issuer).validate();
    expect(issuers[0]?.spec?.acme?.solvers?.[0]).toEqual({
      dns01: { cloudflare: { apiTokenSecretRef: { name: "acme-dns01-credentials", key: "api-token" } } },
      selector: { dnsZones: ["ci.example.com"] },
    });
    for (const certificate of hostCertificates(spec)) {
      new Certificate(certificate).validate();
      expect(certificate.spec?.issuerRef.name).toBe("letsencrypt-staging");
    }
    const values = certManagerValues(spec);
    expectValid("helm-cert-manager", values, { overrides: true });
    expect(values["extraArgs"]).toEqual(["--dns01-recursive-nameservers-only", "--dns01-recursive-nameservers=1.1.1.1:53,9.9.9.9:53"]);
  });

  it("maps Route 53 credentials to their Secret keys and config paths", async () => {
    const spec = await prodSpec({ tls: ROUTE53, awsSecret: { secure: "x" } });
    if (spec.tls.mode !== "acme-dns01") throw new Error("expected DNS-01");
    expect(dns01SecretKeys(spec.tls.dns01).map(({ key, field }) => [key, field])).toEqual([
      ["access-key-id", "tls.dns01.credentials.accessKeyId"],
      ["secret-access-key", "tls.dns01.credentials.secretAccessKey"],
    ]);
    const solver = clusterIssuers(spec)[1]?.spec?.acme?.solvers?.[0]?.dns01;
    expect(solver).toEqual({
      route53: {
        region: "eu-west-1",
        hostedZoneID: "Z123",
        accessKeyIDSecretRef: { name: "acme-dns01-credentials", key: "access-key-id" },
        secretAccessKeySecretRef: { name: "acme-dns01-credentials", key: "secret-access-key" },
      },
    });
  });
});

describe("Authelia, CoreDNS and GitLab builders", () => {
  it("run Authelia from the shared configuration with every secret as a file", async () => {
    const spec = await prodSpec();
    const config = autheliaConfigMap(spec).data?.["configuration.yml"] ?? "";
    expect(config).toContain("{{ secret");
    expect(config).toContain("client_id: gitlab");
    const deployment = autheliaDeployment(spec, "hash");
    new Deployment(deployment).validate();
    const env = deployment.spec?.template.spec?.containers[0]?.env?.map((e) => e.name);
    expect(env).toContain("X_AUTHELIA_CONFIG_FILTERS");
    expect(env).toContain("AUTHELIA_SESSION_SECRET_FILE");
    expect(autheliaSecretKeys()).toHaveLength(6);
  });

  it("mount the Corefile and every zone file from one ConfigMap", async () => {
    const spec = await prodSpec({ dns: { records: [{ name: "nas", type: "A", value: "10.0.0.5" }] } });
    const rendered = renderCoreDns(spec, { serviceAddress: "10.0.0.9" });
    const configMap = corednsConfigMap("autogit", rendered);
    const deployment = corednsDeployment(spec, rendered, "hash");
    new Deployment(deployment).validate();
    const items = deployment.spec?.template.spec?.volumes?.[0]?.configMap?.items ?? [];
    expect(items.map((i) => i.key).sort()).toEqual(Object.keys(configMap.data ?? {}).sort());
    for (const file of rendered.zoneFiles) expect(items.map((i) => `/etc/coredns/${i.path}`)).toContain(file.path);
  });

  it("keep secret values out of GitLab's chart values", async () => {
    const values = JSON.stringify(gitlabValues({ spec: await prodSpec() }));
    expect(values).not.toMatch(/password"\s*:\s*"[^"]/i);
    expect(values).toContain("gitlab-initial-root-password");
  });
});

describe("object models", () => {
  it("reject an invalid object (so the stack checks can fail)", () => {
    expect(() => new NetworkPolicy({ apiVersion: "networking.k8s.io/v1", kind: "NetworkPolicy", metadata: { name: "x" }, spec: { podSelector: {}, policyTypes: ["Sideways"] } } as never).validate()).toThrow();
  });
});
