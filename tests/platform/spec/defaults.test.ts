import { describe, expect, it } from "vitest";
import {
  DEFAULT_IMAGE_VERSIONS,
  gitlabChartVersionFor,
  gitlabRunnerChartVersionFor,
  isLanDomain,
  parsePlatformSpec,
  platformConfigFromEntries,
} from "../../../src/platform/spec/index.js";
import { at, shippedStack } from "./helpers.js";

describe("defaults", () => {
  it("defaults TLS to a local CA for private domains", async () => {
    const raw = await shippedStack("dev");
    for (const domain of ["lab.home.arpa", "ci.lan", "build.internal", "ci.example.test"]) {
      raw["domain"] = domain;
      at(raw, "sso", "users", 0).email = `admin@${domain}`;
      expect(parsePlatformSpec(raw).tls).toEqual({ mode: "local-ca" });
    }
  });

  it("defaults TLS to ACME HTTP-01 for a public domain once an email is given", async () => {
    const raw = await shippedStack("prod");
    raw["tls"] = { email: "ops@example.com" };
    expect(parsePlatformSpec(raw).tls).toEqual({ mode: "acme-http01", email: "ops@example.com", staging: false });
  });

  it("keeps an ACME DNS-01 provider and its secret references, and lists the secret keys", async () => {
    const raw = await shippedStack("prod");
    raw["tls"] = {
      mode: "acme-dns01",
      email: "ops@example.com",
      staging: true,
      dns01: { provider: "route53", region: "eu-central-1", credentials: { accessKeyId: { env: "AWS_ACCESS_KEY_ID" }, secretAccessKey: { secret: "awsSecretKey" } } },
    };
    raw["awsSecretKey"] = { secure: "v1:ZXhhbXBsZQ==" };
    const spec = parsePlatformSpec(raw);
    expect(spec.tls).toEqual({
      mode: "acme-dns01",
      email: "ops@example.com",
      staging: true,
      dns01: { provider: "route53", region: "eu-central-1", credentials: { accessKeyId: { env: "AWS_ACCESS_KEY_ID" }, secretAccessKey: { secret: "awsSecretKey" } } },
    });
    expect(spec.secretKeys).toEqual(["awsSecretKey"]);
  });

  it("derives hostnames from the domain unless overridden", async () => {
    const raw = await shippedStack("dev");
    raw["hostnames"] = { auth: "sso.lab.home.arpa" };
    expect(parsePlatformSpec(raw).hostnames).toEqual({ gitlab: "gitlab.lab.home.arpa", auth: "sso.lab.home.arpa", traefik: "traefik.lab.home.arpa" });
  });

  it("pins every image version, never latest", async () => {
    const spec = parsePlatformSpec(await shippedStack("dev"));
    expect(spec.versions).toEqual({
      traefik: DEFAULT_IMAGE_VERSIONS.traefik,
      authelia: DEFAULT_IMAGE_VERSIONS.authelia,
      coredns: DEFAULT_IMAGE_VERSIONS.coredns,
      gitlabRunner: DEFAULT_IMAGE_VERSIONS.gitlabRunner,
    });
    for (const version of Object.values(DEFAULT_IMAGE_VERSIONS)) expect(version).toMatch(/^v?\d+\.\d+\.\d+/);
  });

  it("asks all GPUs on docker and one on kubernetes when no count is given", async () => {
    const dev = await shippedStack("dev");
    at(dev, "runnerHosts", 0).gpu = { vendor: "intel" };
    expect(parsePlatformSpec(dev).runnerHosts[0]?.gpu).toEqual({ vendor: "intel", count: "all" });

    const prod = await shippedStack("prod");
    at(prod, "runnerHosts", 2).gpu = { vendor: "amd" };
    expect(parsePlatformSpec(prod).runnerHosts[2]?.gpu).toEqual({ vendor: "amd", count: 1 });
  });

  it("keeps GPU groups as gitlab-runner's strings, gids from YAML numbers included, and adds none by default", async () => {
    const dev = await shippedStack("dev");
    at(dev, "runnerHosts", 0).gpu = { vendor: "amd", groups: [44, "993", "render"] };
    expect(parsePlatformSpec(dev).runnerHosts[0]?.gpu).toEqual({ vendor: "amd", count: "all", groups: ["44", "993", "render"] });
    at(dev, "runnerHosts", 0).gpu = { vendor: "intel" };
    expect(parsePlatformSpec(dev).runnerHosts[0]?.gpu).not.toHaveProperty("groups");
  });

  it("fills kubernetes defaults when the section is absent", async () => {
    const raw = await shippedStack("prod");
    delete raw["kubernetes"];
    const spec = parsePlatformSpec(raw);
    if (spec.target !== "kubernetes") throw new Error("expected kubernetes");
    expect(spec.kubernetes).toEqual({
      namespace: "autogit",
      runnerNamespace: "autogit-runners",
      serviceType: "LoadBalancer",
      ingressClass: "traefik",
      nodePorts: { web: 30080, websecure: 30443, ssh: 30022, dns: 30053 },
      charts: { traefik: "41.3.0", certManager: "v1.21.1", gitlab: "9.11.0", gitlabRunner: "0.88.0" },
    });
  });

  it("makes record names absolute under the domain", async () => {
    const raw = await shippedStack("dev");
    at(raw, "dns").records = [
      { name: "nas", type: "A", value: "192.168.1.20" },
      { name: "@", type: "AAAA", value: "fd00::10" },
      { name: "printer.lab.home.arpa", type: "A", value: "192.168.1.30" },
      { name: "alias.lab.home.arpa.", type: "CNAME", value: "nas.lab.home.arpa." },
    ];
    expect(parsePlatformSpec(raw).dns.records).toEqual([
      { fqdn: "nas.lab.home.arpa", type: "A", value: "192.168.1.20" },
      { fqdn: "lab.home.arpa", type: "AAAA", value: "fd00::10" },
      { fqdn: "printer.lab.home.arpa", type: "A", value: "192.168.1.30" },
      { fqdn: "alias.lab.home.arpa", type: "CNAME", value: "nas.lab.home.arpa" },
    ]);
  });
});

describe("chart versions follow the app versions", () => {
  it("maps GitLab to its chart (major − 9)", () => {
    expect(gitlabChartVersionFor("17.11.1-ce.0")).toBe("8.11.1");
    expect(gitlabChartVersionFor("18.11.0-ce.0")).toBe("9.11.0");
  });

  it("maps GitLab Runner to its chart (one minor per monthly release)", () => {
    expect(gitlabRunnerChartVersionFor("v15.8.0")).toBe("0.49.0");
    expect(gitlabRunnerChartVersionFor("v14.7.0")).toBeUndefined();
    expect(gitlabRunnerChartVersionFor("v18.11.0")).toBe("0.88.0");
  });
});

describe("isLanDomain", () => {
  it("tells private names from public ones", () => {
    expect(isLanDomain("lab.home.arpa")).toBe(true);
    expect(isLanDomain("home.arpa")).toBe(true);
    expect(isLanDomain("ci.example.com")).toBe(false);
    expect(isLanDomain("lan.example.com")).toBe(false);
  });
});

describe("platformConfigFromEntries", () => {
  it("reads the autogit: entries of a Pulumi config map, parsing structured values only", () => {
    expect(
      platformConfigFromEntries({
        "autogit:target": "docker",
        "autogit:dns": '{"lanAddress":"192.168.1.10"}',
        "autogit:runnerHosts": '[{"name":"local","arch":"amd64"}]',
        "autogit:builderKey": "12345",
        "kubernetes:context": "prod",
      }),
    ).toEqual({ target: "docker", dns: { lanAddress: "192.168.1.10" }, runnerHosts: [{ name: "local", arch: "amd64" }], builderKey: "12345" });
  });

  it("names the key whose structured value is broken", () => {
    expect(() => platformConfigFromEntries({ "autogit:dns": "{lanAddress" })).toThrow(
      "autogit:dns looks like structured config but is not valid JSON; set it again with `pulumi config set --path`",
    );
  });
});
