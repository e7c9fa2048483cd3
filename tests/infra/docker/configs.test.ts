import { beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import type { ProgramRun } from "../../support/pulumi.js";
import { runStack } from "../../support/pulumi.js";
import { expectValid } from "../../support/schemas.js";
import { expandAutheliaTemplates } from "../../platform/render/authelia-template-expander.js";
import { HOMELAB_ENV, container, envOf, uploadOf, uploadsOf } from "./resources.js";

/**
 * Every config file that reaches a container, taken from the recorded `uploads` (what `pulumi up` would copy in),
 * parsed back and validated against the upstream project's published schema; and every file a config refers to
 * is itself uploaded.
 */

const CLOUDFLARE_TOKEN = "cf-token-value-for-tests";
const runs: Record<string, ProgramRun> = {};

beforeAll(async () => {
  runs["dev"] = await runStack("dev");
  runs["homelab"] = await runStack("homelab", { env: HOMELAB_ENV });
  runs["dev, acme-dns01"] = await runStack("dev", {
    overrides: {
      domain: "ci.example.com",
      tls: { mode: "acme-dns01", email: "ops@example.com", dns01: { provider: "cloudflare", credentials: { apiToken: { secret: "cloudflareToken" } } } },
    },
    secrets: { cloudflareToken: CLOUDFLARE_TOKEN },
  });
  runs["dev, acme-http01"] = await runStack("dev", { overrides: { domain: "ci.example.com", tls: { mode: "acme-http01", email: "ops@example.com" } } });
});

const STACKS = ["dev", "homelab", "dev, acme-dns01", "dev, acme-http01"] as const;

function yamlUpload(run: ProgramRun, name: string, path: string): unknown {
  return parse(uploadOf(container(run, name), path).content) as unknown;
}

describe.each(STACKS)("%s: generated configs", (stack) => {
  it("Traefik's static and dynamic config match Traefik v3's schemas", () => {
    const run = runs[stack];
    expectValid("traefik-static", yamlUpload(run, "autogit-traefik", "/etc/traefik/traefik.yml"));
    expectValid("traefik-dynamic", yamlUpload(run, "autogit-traefik", "/etc/traefik/dynamic/autogit.yml"));
  });

  it("Authelia's configuration (templates expanded from the uploaded secret files) and users database match Authelia 4.39's schemas", () => {
    const authelia = container(runs[stack], "autogit-authelia");
    const files = uploadsOf(authelia);
    const read = (path: string): string => {
      const file = files.get(path);
      if (file === undefined) throw new Error(`Authelia's config reads ${path}, which is not uploaded`);
      return file.content;
    };
    const config = parse(expandAutheliaTemplates(uploadOf(authelia, "/config/configuration.yml").content, read)) as unknown;
    expectValid("authelia-config", config);
    expectValid("authelia-users", yamlUpload(runs[stack], "autogit-authelia", "/config/users_database.yml"));
  });

  it("every file a service's config or environment names is uploaded into that container", () => {
    const run = runs[stack];
    const authelia = container(run, "autogit-authelia");
    for (const [variable, path] of Object.entries(envOf(authelia)).filter(([key]) => key.endsWith("_FILE"))) {
      expect(uploadsOf(authelia).has(path), `${variable}=${path}`).toBe(true);
    }
    const gitlab = container(run, "autogit-gitlab");
    const readFiles = [...(envOf(gitlab)["GITLAB_OMNIBUS_CONFIG"] ?? "").matchAll(/File\.read\('([^']+)'\)/g)].map((match) => match[1]);
    expect(readFiles.length).toBeGreaterThan(0);
    for (const path of readFiles) expect(uploadsOf(gitlab).get(path)?.secret, path).toBe(true);
    const traefik = container(run, "autogit-traefik");
    const dynamic = uploadOf(traefik, "/etc/traefik/dynamic/autogit.yml").content;
    for (const [, path] of dynamic.matchAll(/(?:certFile|keyFile): (\S+)/g)) expect(uploadsOf(traefik).has(path), path).toBe(true);
    const coredns = container(run, "autogit-coredns");
    const corefile = uploadOf(coredns, "/etc/coredns/Corefile").content;
    for (const [, path] of corefile.matchAll(/^\s*file (\S+)/gm)) expect(uploadsOf(coredns).has(path), path).toBe(true);
  });

  it("CoreDNS is never an open resolver: every server block allows the configured networks and blocks the rest", () => {
    const corefile = uploadOf(container(runs[stack], "autogit-coredns"), "/etc/coredns/Corefile").content;
    const acls = [...corefile.matchAll(/acl \{\n\s*allow net ([^\n]+)\n\s*block\n\s*\}/g)];
    const blocks = [...corefile.matchAll(/^\S+:53 \{$/gm)];
    expect(blocks.length).toBeGreaterThan(0);
    expect(acls).toHaveLength(blocks.length);
    // The LAN networks from the stack plus the platform network the services query from; nothing wider.
    for (const [, allowed] of acls) expect(allowed?.split(" ")).toContain("10.254.253.0/24");
    for (const [, allowed] of acls) expect(allowed?.split(" ")).not.toContain("0.0.0.0/0");
  });

  it("CoreDNS listens on dns.lanAddress only: a bind in every server block, on the host's network", () => {
    const run = runs[stack];
    const coredns = container(run, "autogit-coredns");
    const corefile = uploadOf(coredns, "/etc/coredns/Corefile").content;
    const lanAddress = String(run.outputs["dnsAddress"]);
    const blocks = [...corefile.matchAll(/^\S+:53 \{$/gm)];
    const binds = [...corefile.matchAll(/^ {4}bind (.+)$/gm)].map((match) => match[1]);
    expect(binds).toEqual(blocks.map(() => lanAddress));
    expect(coredns.inputs).toMatchObject({ networkMode: "host" });
    expect(coredns.inputs["ports"]).toBeUndefined();
  });
});

describe("TLS modes reach Traefik", () => {
  it("local-ca: the mounted certificate is the default one and no ACME resolver exists", () => {
    const dynamic = yamlUpload(runs["dev"], "autogit-traefik", "/etc/traefik/dynamic/autogit.yml") as { tls: { stores: unknown } };
    expect(dynamic.tls.stores).toEqual({ default: { defaultCertificate: { certFile: "/etc/traefik/certs/platform.crt", keyFile: "/etc/traefik/certs/platform.key" } } });
    expect(yamlUpload(runs["dev"], "autogit-traefik", "/etc/traefik/traefik.yml")).not.toHaveProperty("certificatesResolvers");
  });

  it("acme-dns01: the resolver names the provider, whose token is a secret file named by lego's _FILE variable", () => {
    const run = runs["dev, acme-dns01"];
    const traefik = container(run, "autogit-traefik");
    const staticConfig = yamlUpload(run, "autogit-traefik", "/etc/traefik/traefik.yml") as { certificatesResolvers: Record<string, { acme: { dnsChallenge: { provider: string } } }> };
    expect(staticConfig.certificatesResolvers["acme-dns01"]?.acme.dnsChallenge.provider).toBe("cloudflare");
    const path = envOf(traefik)["CF_DNS_API_TOKEN_FILE"];
    expect(path).toMatch(/^\/run\/secrets\/traefik\//);
    expect(uploadOf(traefik, path)).toMatchObject({ content: CLOUDFLARE_TOKEN, secret: true });
    expect(JSON.stringify(traefik.inputs["envs"])).not.toContain(CLOUDFLARE_TOKEN);
    expect(run.ofType("tls:index/selfSignedCert:SelfSignedCert")).toEqual([]);
  });

  it("acme-http01: Traefik answers the challenge on :80 and no local CA is made", () => {
    const run = runs["dev, acme-http01"];
    const staticConfig = yamlUpload(run, "autogit-traefik", "/etc/traefik/traefik.yml") as { certificatesResolvers: Record<string, { acme: { httpChallenge: unknown } }> };
    expect(staticConfig.certificatesResolvers["acme-http01"]?.acme.httpChallenge).toEqual({ entryPoint: "web" });
    expect(run.ofType("tls:index/privateKey:PrivateKey").map((key) => key.name)).toEqual(["autogit-authelia-oidc-jwks"]);
    expect(uploadsOf(container(run, "autogit-traefik")).has("/etc/traefik/certs/platform.key")).toBe(false);
  });
});
