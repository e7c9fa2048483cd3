import * as pulumi from "@pulumi/pulumi";
import { parse as parseToml } from "smol-toml";
import { parse as parseYaml } from "yaml";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { ProgramRun } from "../../support/pulumi.js";
import { MOCK_LOAD_BALANCER_IP, MOCK_SERVICE_ACCOUNT_TOKEN, mockRunnerToken, runStack } from "../../support/pulumi.js";
import { expectValid } from "../../support/schemas.js";
import { gitlabChartShell } from "./gitlab-chart.js";
import { kubernetesObjects, validateObject } from "./models.js";
import { OPERATOR_KUBECONFIG } from "./kubeconfig.js";

const RELEASE = "kubernetes:helm.sh/v3:Release";
const CHART = "kubernetes:helm.sh/v4:Chart";
const COMMAND = "command:local:Command";
const TOKENS = { "autogit-runner-tokens:amd64": "glrt-amd64-token-value", "autogit-runner-tokens:gpu-nvidia": "glrt-nvidia-token-value", "autogit-runner-tokens:riscv64": "glrt-riscv-token-value" };

let run: ProgramRun;
let warnings: string[] = [];
beforeAll(async () => {
  const warn = vi.spyOn(pulumi.log, "warn");
  // amd64, gpu-nvidia and riscv64 have their tokens set by hand (overrides); arm64 registers through GitLab's API.
  run = await runStack("prod", { extraConfig: { "kubernetes:kubeconfig": OPERATOR_KUBECONFIG, ...TOKENS } });
  warnings = warn.mock.calls.map((call) => String(call[0]));
});
afterAll(() => vi.restoreAllMocks());

const values = (type: string, name: string) => run.get(type, name).inputs["values"] as Record<string, unknown>;
const release = (name: string) => run.get(RELEASE, name).inputs;

describe("prod stack on the mock engine", () => {
  it("declares every raw Kubernetes object and custom resource valid against its schema", () => {
    const objects = kubernetesObjects(run.resources);
    expect(objects.length).toBeGreaterThan(30);
    for (const object of objects) validateObject(object);
    const kinds = new Set(objects.map((o) => o.inputs["kind"]));
    for (const kind of ["TLSOption", "Middleware", "IngressRoute", "ClusterIssuer", "Certificate", "NetworkPolicy", "Role", "DaemonSet"]) {
      expect(kinds).toContain(kind);
    }
  });

  it("pins every chart to the spec's version from its upstream repository", () => {
    const traefik = run.get(CHART, "autogit-traefik-chart").inputs;
    expect(traefik).toMatchObject({ chart: "traefik", version: "41.3.0", repositoryOpts: { repo: "https://traefik.github.io/charts" }, namespace: "autogit" });
    expect(release("autogit-cert-manager-release")).toMatchObject({ chart: "cert-manager", version: "v1.21.1", repositoryOpts: { repo: "https://charts.jetstack.io" } });
    expect(release("autogit-gitlab-release")).toMatchObject({ chart: "gitlab", version: "9.11.0", repositoryOpts: { repo: "https://charts.gitlab.io" } });
    expect(release("autogit-pool-amd64-release")).toMatchObject({ chart: "gitlab-runner", version: "0.88.0", namespace: "autogit-runners" });
  });

  it("gives Traefik and cert-manager values their chart schemas accept", () => {
    expectValid("helm-traefik", values(CHART, "autogit-traefik-chart"), { overrides: true });
    expectValid("helm-cert-manager", values(RELEASE, "autogit-cert-manager-release"), { overrides: true });
    expect(values(RELEASE, "autogit-cert-manager-release")).toMatchObject({ crds: { enabled: true } });
  });

  it("runs Traefik v3 with web→websecure, websecure and an ssh TCP entry point on the LoadBalancer", () => {
    const v = values(CHART, "autogit-traefik-chart") as { ports: Record<string, Record<string, unknown>>; service: { spec: { type: string } }; image: { tag: string } };
    expect(v.image.tag).toBe("v3.7.11");
    expect(v.ports["web"]).toMatchObject({ exposedPort: 80, http: { redirections: { entryPoint: { to: "websecure", scheme: "https", permanent: true, priority: 1 } } } });
    expect(v.ports["websecure"]).toMatchObject({ exposedPort: 443 });
    expect(v.ports["ssh"]).toMatchObject({ exposedPort: 2222, protocol: "TCP", expose: { default: true } });
    expect(v.service.spec.type).toBe("LoadBalancer");
    const tls = run.get("kubernetes:traefik.io/v1alpha1:TLSOption", "autogit-traefik-tls-default").inputs;
    expect(tls).toMatchObject({ metadata: { name: "default" }, spec: { minVersion: "VersionTLS12", sniStrict: true } });
    const headers = run.get("kubernetes:traefik.io/v1alpha1:Middleware", "autogit-traefik-middleware-secure-headers").inputs;
    expect(headers).toMatchObject({ spec: { headers: { stsSeconds: 31_536_000, stsIncludeSubdomains: true, contentTypeNosniff: true } } });
    const auth = run.get("kubernetes:traefik.io/v1alpha1:Middleware", "autogit-traefik-middleware-authelia").inputs;
    expect(auth).toMatchObject({ spec: { forwardAuth: { address: "http://authelia.autogit.svc.cluster.local/api/authz/forward-auth" } } });
    const dashboard = run.get("kubernetes:traefik.io/v1alpha1:IngressRoute", "autogit-traefik-route-traefik-dashboard").inputs as { spec: { routes: { middlewares: { name: string }[] }[] } };
    expect(dashboard.spec.routes[0]?.middlewares.map((m) => m.name)).toContain("authelia");
  });

  it("routes Git over SSH once: Traefik's ssh entry point on gitlab.sshPort, the chart's route on it, to the port the shell Service listens on", () => {
    const traefik = values(CHART, "autogit-traefik-chart") as {
      ports: Record<string, { port: number; exposedPort: number; protocol: string; expose: { default: boolean } }>;
      providers: { kubernetesCRD: Record<string, unknown> };
    };
    // The chart's route has no ingressClassName: a class-filtered CRD provider would silently ignore it.
    expect(traefik.providers.kubernetesCRD).not.toHaveProperty("ingressClass");
    const gitlab = values(RELEASE, "autogit-gitlab-release");
    const shell = gitlabChartShell(String(release("autogit-gitlab-release")["name"]), gitlab);
    // The chart's IngressRouteTCP is the only route: AutoGit declares none beside it.
    expect(run.ofType("kubernetes:traefik.io/v1alpha1:IngressRouteTCP")).toEqual([]);
    const route = shell.route;
    if (route === undefined) throw new Error("the GitLab chart renders no IngressRouteTCP with these values (global.ingress.provider is not traefik)");
    // The route listens on an entry point Traefik has, published as a TCP port on the Service at gitlab.sshPort…
    expect(route.entryPoints).toHaveLength(1);
    const entryPoint = traefik.ports[route.entryPoints[0] ?? ""];
    expect(entryPoint, `Traefik has no entry point "${route.entryPoints[0] ?? ""}" (it has ${Object.keys(traefik.ports).join(", ")})`).toBeDefined();
    expect(entryPoint).toMatchObject({ exposedPort: 2222, protocol: "TCP", expose: { default: true } });
    // …the port GitLab puts in clone URLs (global.shell.port)…
    expect(shell.service.port).toBe(entryPoint?.exposedPort);
    // …and forwards to the port the gitlab-shell Service really listens on.
    expect(route.backend).toEqual({ name: "gitlab-gitlab-shell", port: shell.service.port });
  });

  it("lets cert-manager's HTTP-01 solver routes on web outrank the web→websecure redirect", () => {
    const web = (values(CHART, "autogit-traefik-chart") as { ports: { web: { http: { redirections: { entryPoint: { priority?: number } } } } } }).ports.web;
    // Traefik's default router priority is the length of its rule; the redirect's, without one, is near MaxInt.
    const shortestSolverRule = "Host(`gitlab.ci.example.com`) && PathPrefix(`/.well-known/acme-challenge/`)";
    const priority = web.http.redirections.entryPoint.priority ?? Number.MAX_SAFE_INTEGER;
    expect(priority).toBeGreaterThanOrEqual(1);
    expect(priority).toBeLessThan(shortestSolverRule.length);
  });

  it("issues Let's Encrypt staging and production through Traefik's ingress class and a Certificate per hostname", () => {
    const issuers = run.ofType("kubernetes:cert-manager.io/v1:ClusterIssuer").map((r) => r.inputs as { metadata: { name: string }; spec: { acme: { server: string; solvers: unknown[] } } });
    expect(issuers.map((i) => i.metadata.name).sort()).toEqual(["letsencrypt-production", "letsencrypt-staging"]);
    for (const issuer of issuers) expect(issuer.spec.acme.solvers).toEqual([{ http01: { ingress: { ingressClassName: "traefik" } } }]);
    const certificates = run.ofType("kubernetes:cert-manager.io/v1:Certificate").map((r) => r.inputs as { spec: { dnsNames: string[]; issuerRef: { name: string } } });
    expect(certificates.flatMap((c) => c.spec.dnsNames).sort()).toEqual(["auth.ci.example.com", "gitlab.ci.example.com", "traefik.ci.example.com"]);
    for (const certificate of certificates) expect(certificate.spec.issuerRef.name).toBe("letsencrypt-production");
  });

  it("installs GitLab CE with its bundled cert-manager, NGINX and runner off, behind Traefik with our certificate and Authelia OIDC", () => {
    const v = values(RELEASE, "autogit-gitlab-release") as Record<string, Record<string, unknown>>;
    expect(v["global"]).toMatchObject({
      edition: "ce",
      hosts: { domain: "ci.example.com", gitlab: { name: "gitlab.ci.example.com" } },
      ingress: { class: "traefik", configureCertmanager: false, tls: { secretName: "gitlab-tls" } },
      shell: { port: 2222 },
      appConfig: { omniauth: { enabled: true, providers: [{ secret: "gitlab-oidc-provider", key: "provider" }] } },
    });
    expect(v).toMatchObject({ installCertmanager: false, "nginx-ingress": { enabled: false }, "gitlab-runner": { install: false } });
    const provider = run.get("kubernetes:core/v1:Secret", "autogit-gitlab-oidc-provider");
    expect(provider.secretPaths).toContain("stringData");
    const yaml = parseYaml((provider.inputs["stringData"] as { provider: string }).provider) as { args: { issuer: string; client_options: { identifier: string; secret: string } } };
    expect(yaml.args.issuer).toBe("https://auth.ci.example.com");
    expect(yaml.args.client_options).toMatchObject({ identifier: "gitlab", secret: "mock-random-autogit-authelia-oidc-client-secret" });
  });

  it("puts one runner pool per runnerHosts entry on its arch's nodes, with GPU limits and runtime class for the NVIDIA pool", () => {
    const pools = run.ofType(RELEASE).filter((r) => r.inputs["chart"] === "gitlab-runner").map((r) => r.inputs["name"]);
    expect(pools.sort()).toEqual(["gitlab-runner-amd64", "gitlab-runner-arm64", "gitlab-runner-gpu-nvidia", "gitlab-runner-riscv64"]);
    const config = (pool: string) => {
      const v = values(RELEASE, `autogit-pool-${pool}-release`) as { runners: { config: string; secret: string }; nodeSelector: Record<string, string> };
      return { values: v, toml: parseToml(v.runners.config) as { runners: { kubernetes: Record<string, unknown>; feature_flags?: Record<string, boolean> }[] } };
    };
    const nvidia = config("gpu-nvidia");
    expect(nvidia.values.nodeSelector).toEqual({ "kubernetes.io/arch": "amd64", "nvidia.com/gpu.present": "true" });
    const executor = nvidia.toml.runners[0]?.kubernetes ?? {};
    expect(executor["runtime_class_name"]).toBe("nvidia");
    expect(executor["node_selector"]).toEqual({ "kubernetes.io/arch": "amd64", "nvidia.com/gpu.present": "true" });
    expect(executor["node_tolerations"]).toEqual({ "nvidia.com/gpu": "NoSchedule" });
    const patch = JSON.parse(((executor["pod_spec"] as { patch: string }[])[0]?.patch) ?? "{}") as { containers: { resources: { limits: Record<string, string> } }[] };
    expect(patch.containers[0]?.resources.limits).toEqual({ "nvidia.com/gpu": "1" });
    expect(nvidia.toml.runners[0]?.feature_flags).toEqual({ FF_USE_ADVANCED_POD_SPEC_CONFIGURATION: true });
    const amd64 = config("amd64");
    expect(amd64.toml.runners[0]?.kubernetes["runtime_class_name"]).toBeUndefined();
    expect(amd64.toml.runners[0]?.kubernetes["pod_spec"]).toBeUndefined();
    expect(amd64.values.runners.secret).toBe("gitlab-runner-amd64-token");
    // Let's Encrypt is publicly trusted: no CA bundle to mount.
    expect(amd64.values).not.toHaveProperty("certsSecretName");
  });

  it("registers only the pool without a token override through GitLab's API, and warns about none", () => {
    const registrations = run.ofType(COMMAND).filter((r) => r.name.endsWith("-registration-api"));
    expect(registrations.map((r) => r.name)).toEqual(["autogit-pool-arm64-registration-api"]);
    const env = registrations[0]?.inputs["environment"] as Record<string, string>;
    expect(env["GITLAB_URL"]).toBe("https://gitlab.ci.example.com");
    expect(env["RUNNER_TAGS"]?.split(",")).toContain("arch:arm64");
    // Let's Encrypt: the system's trust store, no CA to pass; no pinned address, GitLab's name resolves through DNS.
    expect(env["GITLAB_CA_CERT"]).toBe("");
    expect(env["GITLAB_ADDRESS"]).toBe("");
    const arm64 = run.get("kubernetes:core/v1:Secret", "autogit-pool-arm64-token");
    expect(arm64.secretPaths).toContain("stringData");
    expect(arm64.inputs["stringData"]).toEqual({ "runner-registration-token": "", "runner-token": mockRunnerToken("autogit-pool-arm64-registration-api") });
    expect(warnings.filter((w) => w.includes("runner"))).toEqual([]);
  });

  it("keeps each runner token in a Kubernetes Secret as a Pulumi secret, never in the chart values", () => {
    const token = run.get("kubernetes:core/v1:Secret", "autogit-pool-amd64-token");
    expect(token.secretPaths).toContain("stringData");
    expect(token.inputs["stringData"]).toEqual({ "runner-registration-token": "", "runner-token": "glrt-amd64-token-value" });
    const everyValues = JSON.stringify(run.ofType(RELEASE).map((r) => r.inputs["values"]));
    for (const value of Object.values(TOKENS)) expect(everyValues).not.toContain(value);
  });

  it("installs the NVIDIA device plugin and the binfmt DaemonSet, and nothing for vendors no pool uses", () => {
    const daemonSets = run.ofType("kubernetes:apps/v1:DaemonSet").map((r) => (r.inputs as { metadata: { name: string } }).metadata.name);
    expect(daemonSets.sort()).toEqual(["binfmt", "nvidia-device-plugin"]);
    const binfmt = run.get("kubernetes:apps/v1:DaemonSet", "autogit-node-agents-binfmt").inputs as {
      spec: { template: { spec: { initContainers: { image: string; args: string[]; securityContext: { privileged: boolean } }[]; affinity: unknown } } };
    };
    const install = binfmt.spec.template.spec.initContainers[0];
    expect(install).toMatchObject({ args: ["--install", "riscv64"], securityContext: { privileged: true } });
    expect(install?.image).toMatch(/^docker\.io\/tonistiigi\/binfmt:qemu-v\d+\.\d+\.\d+$/);
    // Only the riscv64 pool emulates: only amd64 nodes (its selector) get QEMU.
    expect(binfmt.spec.template.spec.affinity).toEqual({
      nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key: "kubernetes.io/arch", operator: "In", values: ["amd64"] }] }] } },
    });
    expect(run.get("kubernetes:node.k8s.io/v1:RuntimeClass", "autogit-node-agents-nvidia-runtime").inputs).toMatchObject({ handler: "nvidia" });
  });

  it("serves LAN DNS from the shared Corefile on 53 udp+tcp, answering only the allowed networks", () => {
    const config = run.get("kubernetes:core/v1:ConfigMap", "autogit-coredns-config").inputs as { data: Record<string, string> };
    const corefile = config.data["Corefile"] ?? "";
    expect(corefile).toContain("allow net 10.0.0.0/8 127.0.0.0/8");
    for (const block of corefile.split(/\n(?=\S)/).filter((b) => b.includes("{"))) expect(block).toMatch(/acl \{[^}]*\n\s+block\n/);
    const zone = Object.entries(config.data).find(([key]) => key !== "Corefile")?.[1] ?? "";
    expect(zone).toContain(MOCK_LOAD_BALANCER_IP);
    const service = run.get("kubernetes:core/v1:Service", "autogit-coredns-service").inputs as { spec: { type: string; externalTrafficPolicy: string; ports: { port: number; protocol: string }[] } };
    expect(service.spec).toMatchObject({ type: "LoadBalancer", externalTrafficPolicy: "Local" });
    expect(service.spec.ports.map((p) => `${p.port}/${p.protocol}`).sort()).toEqual(["53/TCP", "53/UDP"]);
    // CoreDNS listens unprivileged (no capability needed), the Service publishes 53.
    expect(corefile).toMatch(/^\.:1053 \{/m);
    const deployment = run.get("kubernetes:apps/v1:Deployment", "autogit-coredns-deployment").inputs as {
      spec: { template: { spec: { containers: { image: string; ports: { containerPort: number }[]; securityContext: unknown }[] } } };
    };
    const container = deployment.spec.template.spec.containers[0];
    expect(container?.image).toBe("docker.io/coredns/coredns:1.14.6");
    expect(container?.ports.map((p) => p.containerPort)).toEqual([1053, 1053]);
    expect(container?.securityContext).toEqual({ allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ["ALL"] } });
  });

  it("prepares the GitHub runner namespace: restricted PSS, default deny, DNS and HTTPS egress without the metadata endpoint", () => {
    const ns = run.get("kubernetes:core/v1:Namespace", "autogit-github-runners-namespace").inputs as { metadata: { name: string; labels: Record<string, string> } };
    expect(ns.metadata.name).toBe("autogit-runners-github");
    for (const mode of ["enforce", "audit", "warn"]) expect(ns.metadata.labels[`pod-security.kubernetes.io/${mode}`]).toBe("restricted");
    for (const name of ["autogit-namespace", "autogit-runner-namespace"]) {
      const platform = run.get("kubernetes:core/v1:Namespace", name).inputs as { metadata: { labels: Record<string, string> } };
      expect(platform.metadata.labels["pod-security.kubernetes.io/enforce"]).toBe("baseline");
    }
    // Privileged node agents live in kube-system, never in a namespace AutoGit labels.
    for (const ds of run.ofType("kubernetes:apps/v1:DaemonSet")) expect((ds.inputs as { metadata: { namespace: string } }).metadata.namespace).toBe("kube-system");
    const policies = run.ofType("kubernetes:networking.k8s.io/v1:NetworkPolicy").map((r) => r.inputs as { spec: { podSelector: object; policyTypes: string[]; egress?: { to: { ipBlock?: { cidr: string; except?: string[] }; namespaceSelector?: unknown }[]; ports: { port: number; protocol: string }[] }[] } });
    const deny = policies.find((p) => p.spec.egress === undefined);
    expect(deny?.spec).toEqual({ podSelector: {}, policyTypes: ["Ingress", "Egress"] });
    const allow = policies.find((p) => p.spec.egress !== undefined);
    const ports = allow?.spec.egress?.flatMap((rule) => rule.ports.map((p) => `${p.port}/${p.protocol}`)).sort();
    expect(ports).toEqual(["443/TCP", "53/TCP", "53/UDP"]);
    const https = allow?.spec.egress?.find((rule) => rule.ports.some((p) => p.port === 443));
    expect(https?.to).toContainEqual({ ipBlock: { cidr: "0.0.0.0/0", except: ["169.254.169.254/32"] } });
    const dns = allow?.spec.egress?.find((rule) => rule.ports.some((p) => p.port === 53));
    expect(dns?.to).toEqual([{ namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "kube-system" } } }]);
    expect(run.get("kubernetes:core/v1:ResourceQuota", "autogit-github-runners-quota").inputs).toMatchObject({ metadata: { namespace: "autogit-runners-github" } });
    // The quota counts limits: containers that state none get defaults instead of being refused.
    expect(run.get("kubernetes:core/v1:LimitRange", "autogit-github-runners-limits").inputs).toMatchObject({ spec: { limits: [{ type: "Container" }] } });
  });

  it("grants the runner identity only pods, pods/log and secrets in its namespace, with no verb wider than needed", () => {
    const role = run.get("kubernetes:rbac.authorization.k8s.io/v1:Role", "autogit-github-runners-role").inputs as { metadata: { namespace: string }; rules: { apiGroups: string[]; resources: string[]; verbs: string[] }[] };
    expect(role.metadata.namespace).toBe("autogit-runners-github");
    const allowed: Record<string, readonly string[]> = { pods: ["create", "delete", "get", "list", "watch"], "pods/log": ["get"], secrets: ["create", "delete", "get"] };
    for (const rule of role.rules) {
      expect(rule.apiGroups).toEqual([""]);
      for (const resource of rule.resources) {
        expect(Object.keys(allowed)).toContain(resource);
        for (const verb of rule.verbs) expect(allowed[resource]).toContain(verb);
      }
      expect(rule.verbs).not.toContain("*");
    }
    expect(run.ofType("kubernetes:rbac.authorization.k8s.io/v1:ClusterRole")).toEqual([]);
    const binding = run.get("kubernetes:rbac.authorization.k8s.io/v1:RoleBinding", "autogit-github-runners-role-binding").inputs;
    expect(binding).toMatchObject({ roleRef: { kind: "Role", name: "autogit-github-runner" }, subjects: [{ kind: "ServiceAccount", name: "autogit-github-runner", namespace: "autogit-runners-github" }] });
    expect(run.get("kubernetes:core/v1:Secret", "autogit-github-runners-token").inputs).toMatchObject({
      type: "kubernetes.io/service-account-token",
      metadata: { annotations: { "kubernetes.io/service-account.name": "autogit-github-runner" } },
    });
  });

  it("outputs the runner kubeconfig as a secret, scoped to the namespace, pointing at the provider's API server", () => {
    expect(run.secretOutputs).toContain("runnerKubeconfig");
    const kubeconfig = parseYaml(String(run.outputs["runnerKubeconfig"])) as {
      clusters: { cluster: { server: string } }[];
      users: { user: { token: string } }[];
      contexts: { context: { namespace: string } }[];
    };
    expect(kubeconfig.clusters[0]?.cluster.server).toBe("https://k8s.example.com:6443");
    expect(kubeconfig.users[0]?.user.token).toBe(MOCK_SERVICE_ACCOUNT_TOKEN);
    expect(kubeconfig.contexts[0]?.context.namespace).toBe("autogit-runners-github");
    expect(String(run.outputs["runnerKubeconfig"])).not.toContain("operator-token-never-copied");
  });

  it("outputs GitLab's initial root password, the one its Secret holds, as a secret", () => {
    expect(run.secretOutputs).toContain("gitlabRootPassword");
    const secret = run.get("kubernetes:core/v1:Secret", "autogit-gitlab-root-password").inputs as { metadata: { name: string }; stringData: { password: string } };
    expect(secret.metadata.name).toBe("gitlab-initial-root-password");
    expect(run.outputs["gitlabRootPassword"]).toBe(secret.stringData.password);
    expect(run.outputs["gitlabRootPassword"]).toMatch(/^mock-random-/);
  });

  it("leaves every secret out of the plain outputs and marks every generated secret as a Pulumi secret", () => {
    const plain = JSON.stringify(Object.fromEntries(Object.entries(run.outputs).filter(([name]) => !run.secretOutputs.includes(name))));
    for (const secret of [...Object.values(TOKENS), mockRunnerToken("autogit-pool-arm64-registration-api"), "mock-random-", "PRIVATE KEY", MOCK_SERVICE_ACCOUNT_TOKEN]) expect(plain).not.toContain(secret);
    expect(run.outputs).toMatchObject({ urls: { gitlab: "https://gitlab.ci.example.com" }, dnsAddress: MOCK_LOAD_BALANCER_IP });
    for (const secret of run.ofType("kubernetes:core/v1:Secret").filter((r) => r.inputs["stringData"] !== undefined)) {
      expect(secret.secretPaths, secret.name).toContain("stringData");
    }
    const authelia = run.get("kubernetes:core/v1:Secret", "autogit-authelia-secrets").inputs["stringData"] as Record<string, string>;
    expect(Object.keys(authelia).sort()).toEqual(
      ["oidc-gitlab-client-secret.digest", "oidc-hmac-secret", "oidc-jwks-rsa.pem", "reset-password-jwt-secret", "session-secret", "storage-encryption-key"].sort(),
    );
    expect(authelia["oidc-gitlab-client-secret.digest"]).toMatch(/^\$pbkdf2-sha512\$310000\$/);
  });
});
