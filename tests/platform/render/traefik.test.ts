import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import {
  DNS01_PROVIDER_ENV,
  LETS_ENCRYPT_CA,
  acmeDns01Environment,
  renderTraefikDynamicConfig,
  renderTraefikStaticConfig,
  traefikYaml,
} from "../../../src/platform/render/index.js";
import type { DockerPlatformSpec, PlatformSpec } from "../../../src/platform/spec/index.js";
import { expectValid, schemaErrors } from "../../support/schemas.js";
import { TLS_CASES, dockerSpec, fleetSpec, kubernetesSpec, shippedStacks } from "./specs.js";

async function dockerCases(): Promise<{ name: string; spec: DockerPlatformSpec }[]> {
  const stacks = (await shippedStacks()).flatMap(({ name, spec }) => (spec.target === "docker" ? [{ name: `stack ${name}`, spec }] : []));
  return [...stacks, ...TLS_CASES.map(({ name, spec }) => ({ name, spec: spec() })), { name: "fleet of 24 hosts", spec: fleetSpec() }];
}

async function allCases(): Promise<{ name: string; spec: PlatformSpec }[]> {
  const stacks = (await shippedStacks()).map(({ name, spec }) => ({ name: `stack ${name}`, spec }));
  return [...stacks, ...(await dockerCases()), { name: "kubernetes", spec: kubernetesSpec() }];
}

describe("Traefik static config", () => {
  it("is accepted by Traefik's schema for every stack, TLS mode and fleet, also after a YAML round trip", async () => {
    for (const { name, spec } of await dockerCases()) {
      const config = renderTraefikStaticConfig(spec);
      expect(schemaErrors("traefik-static", config), name).toEqual([]);
      expect(parse(traefikYaml(config)), name).toEqual(config);
    }
  });

  it("redirects web to websecure permanently and opens a TCP entry point on the GitLab SSH port", () => {
    const config = renderTraefikStaticConfig(dockerSpec({ gitlab: { sshPort: 2022 } }));
    expect(config.entryPoints["web"]).toEqual({
      address: ":80",
      http: { redirections: { entryPoint: { to: "websecure", scheme: "https", permanent: true } } },
    });
    expect(config.entryPoints["websecure"]?.address).toBe(":443");
    expect(config.entryPoints["ssh"]).toEqual({ address: ":2022/tcp" });
  });

  it("uses only the watched file provider, keeps the dashboard off the insecure port and sends no usage stats", () => {
    const config = renderTraefikStaticConfig(dockerSpec(), { dynamicDir: "/dyn" });
    expect(config.providers).toEqual({ file: { directory: "/dyn", watch: true } });
    expect(config.api).toEqual({ dashboard: true, insecure: false });
    expect(config.global).toEqual({ checkNewVersion: false, sendAnonymousUsage: false });
    expect(config.accessLog.fields.headers.defaultMode).toBe("drop");
  });

  it("declares no ACME resolver for local-ca", () => {
    const config = renderTraefikStaticConfig(dockerSpec({ tls: { mode: "local-ca" } }));
    expect(config.certificatesResolvers).toBeUndefined();
    expect(config.entryPoints["websecure"]?.http?.tls).toEqual({});
  });

  it("solves HTTP-01 on the web entry point, against the staging CA when asked", () => {
    const prod = TLS_CASES.find((c) => c.name === "acme-http01")!.spec();
    const staging = TLS_CASES.find((c) => c.name === "acme-http01 staging")!.spec();
    const acme = renderTraefikStaticConfig(prod).certificatesResolvers?.["acme-http01"]?.acme;
    expect(acme?.httpChallenge).toEqual({ entryPoint: "web" });
    expect(acme?.caServer).toBe(LETS_ENCRYPT_CA.production);
    expect(acme?.email).toBe("ops@example.com");
    expect(renderTraefikStaticConfig(staging).certificatesResolvers?.["acme-http01"]?.acme.caServer).toBe(LETS_ENCRYPT_CA.staging);
    expect(renderTraefikStaticConfig(prod).entryPoints["websecure"]?.http?.tls).toEqual({ certResolver: "acme-http01" });
  });

  it("solves DNS-01 with the provider and checks propagation against the public upstreams", () => {
    const spec = TLS_CASES.find((c) => c.name === "acme-dns01 cloudflare")!.spec();
    const acme = renderTraefikStaticConfig(spec).certificatesResolvers?.["acme-dns01"]?.acme;
    expect(acme?.dnsChallenge).toEqual({ provider: "cloudflare", resolvers: ["1.1.1.1:53", "9.9.9.9:53"] });
    expect(acme?.httpChallenge).toBeUndefined();
  });
});

describe("ACME DNS-01 environment", () => {
  it("hands every secret credential over as a _FILE variable, never as a value", () => {
    const spec = TLS_CASES.find((c) => c.name === "acme-dns01 route53")!.spec();
    if (spec.tls.mode !== "acme-dns01") throw new Error("fixture");
    const env = acmeDns01Environment(spec.tls.dns01, "/s");
    expect(env.plain).toEqual({ AWS_REGION: "eu-west-1", AWS_HOSTED_ZONE_ID: "Z0123456789ABC" });
    expect(env.files).toEqual([
      { env: "AWS_ACCESS_KEY_ID_FILE", path: "/s/aws-access-key-id", secret: { env: "AWS_KEY" } },
      { env: "AWS_SECRET_ACCESS_KEY_FILE", path: "/s/aws-secret-access-key", secret: { env: "AWS_SECRET" } },
    ]);
    expect(env.fileEnv).toEqual({ AWS_ACCESS_KEY_ID_FILE: "/s/aws-access-key-id", AWS_SECRET_ACCESS_KEY_FILE: "/s/aws-secret-access-key" });
  });

  it("covers every provider's credentials with lego's variable names", () => {
    for (const { name, spec } of TLS_CASES.map((c) => ({ name: c.name, spec: c.spec() }))) {
      if (spec.tls.mode !== "acme-dns01") continue;
      const env = acmeDns01Environment(spec.tls.dns01);
      const expected = Object.values(DNS01_PROVIDER_ENV[spec.tls.dns01.provider].secrets).map((variable) => `${variable}_FILE`);
      expect(env.files.map((file) => file.env), name).toEqual(expected);
      for (const plain of Object.keys(env.plain)) expect(DNS01_PROVIDER_ENV[spec.tls.dns01.provider].plain, name).toContain(plain);
    }
    const rfc = TLS_CASES.find((c) => c.name === "acme-dns01 rfc2136")!.spec();
    if (rfc.tls.mode !== "acme-dns01") throw new Error("fixture");
    expect(acmeDns01Environment(rfc.tls.dns01).plain).toEqual({
      RFC2136_NAMESERVER: "192.168.1.2:53",
      RFC2136_TSIG_KEY: "acme-key",
      RFC2136_TSIG_ALGORITHM: "hmac-sha512.",
    });
  });
});

describe("Traefik dynamic config", () => {
  it("is accepted by Traefik's file provider schema for every stack, TLS mode and fleet, also after a YAML round trip", async () => {
    for (const { name, spec } of await allCases()) {
      const config = renderTraefikDynamicConfig(spec);
      expect(schemaErrors("traefik-dynamic", config), name).toEqual([]);
      expect(parse(traefikYaml(config)), name).toEqual(config);
    }
  });

  it("keeps GitLab out of forwardAuth so Git over HTTPS and API tokens work, but gives it secure headers", () => {
    const config = renderTraefikDynamicConfig(dockerSpec());
    expect(config.http.routers["gitlab"]).toMatchObject({ rule: "Host(`gitlab.lab.home.arpa`)", service: "gitlab", entryPoints: ["websecure"] });
    expect(config.http.routers["gitlab"]?.middlewares).not.toContain("authelia");
    expect(config.http.routers["gitlab"]?.middlewares).toEqual(["gitlab-headers"]);
    expect(config.http.services["gitlab"]).toEqual({ loadBalancer: { servers: [{ url: "http://gitlab:80" }] } });
  });

  it("puts the dashboard behind Authelia and serves the portal without it", () => {
    const config = renderTraefikDynamicConfig(dockerSpec(), { services: { authelia: "http://sso:9091/" } });
    expect(config.http.routers["traefik-dashboard"]).toMatchObject({ service: "api@internal", middlewares: ["secure-headers", "authelia"] });
    expect(config.http.routers["authelia"]).toMatchObject({ rule: "Host(`auth.lab.home.arpa`)", middlewares: ["secure-headers"] });
    expect(config.http.middlewares["authelia"]).toEqual({
      forwardAuth: {
        address: "http://sso:9091/api/authz/forward-auth",
        trustForwardHeader: true,
        authResponseHeaders: ["Remote-User", "Remote-Groups", "Remote-Email", "Remote-Name"],
      },
    });
  });

  it("sends HSTS with subdomains, preload only on request", () => {
    const headers = (preload: boolean): unknown => {
      const middleware = renderTraefikDynamicConfig(dockerSpec(), { hstsPreload: preload }).http.middlewares["secure-headers"];
      return middleware !== undefined && "headers" in middleware ? middleware.headers : undefined;
    };
    expect(headers(false)).toMatchObject({ stsSeconds: 31_536_000, stsIncludeSubdomains: true, stsPreload: false, frameDeny: true, contentTypeNosniff: true });
    expect(headers(true)).toMatchObject({ stsPreload: true });
  });

  it("requires TLS 1.2+ with strict SNI", () => {
    const options = renderTraefikDynamicConfig(dockerSpec()).tls.options["default"];
    expect(options?.minVersion).toBe("VersionTLS12");
    expect(options?.sniStrict).toBe(true);
    expect(options?.cipherSuites.every((suite) => suite.includes("ECDHE") && /GCM|CHACHA20/.test(suite))).toBe(true);
  });

  it("passes the ssh entry point to GitLab's sshd over TCP", () => {
    const config = renderTraefikDynamicConfig(dockerSpec(), { services: { gitlabSsh: "gitlab:22" } });
    expect(config.tcp.routers["gitlab-ssh"]).toEqual({ entryPoints: ["ssh"], rule: "HostSNI(`*`)", service: "gitlab-ssh" });
    expect(config.tcp.services["gitlab-ssh"]).toEqual({ loadBalancer: { servers: [{ address: "gitlab:22" }] } });
  });

  it("serves the mounted certificate as the default with local-ca, and names the resolver on every router with ACME", () => {
    const local = renderTraefikDynamicConfig(dockerSpec({ tls: { mode: "local-ca" } }), { certificate: { certFile: "/c.crt", keyFile: "/c.key" } });
    expect(local.tls.certificates).toEqual([{ certFile: "/c.crt", keyFile: "/c.key", stores: ["default"] }]);
    expect(local.tls.stores).toEqual({ default: { defaultCertificate: { certFile: "/c.crt", keyFile: "/c.key" } } });
    expect(Object.values(local.http.routers).every((router) => router.tls.certResolver === undefined)).toBe(true);

    const acme = renderTraefikDynamicConfig(TLS_CASES.find((c) => c.name === "acme-dns01 cloudflare")!.spec());
    expect(acme.tls.certificates).toBeUndefined();
    expect(Object.values(acme.http.routers).map((router) => router.tls.certResolver)).toEqual(["acme-dns01", "acme-dns01", "acme-dns01"]);
  });

  it("routes overridden hostnames", () => {
    const config = renderTraefikDynamicConfig(dockerSpec({ hostnames: { gitlab: "git.lab.home.arpa" } }));
    expect(config.http.routers["gitlab"]?.rule).toBe("Host(`git.lab.home.arpa`)");
  });

  it("a router with a typo is caught by the schema check", () => {
    const config = renderTraefikDynamicConfig(dockerSpec());
    expectValid("traefik-dynamic", config);
    const broken = { ...config, http: { ...config.http, routers: { gitlab: { ...config.http.routers["gitlab"], middleware: ["x"] } } } };
    expect(schemaErrors("traefik-dynamic", broken)).not.toEqual([]);
  });
});
