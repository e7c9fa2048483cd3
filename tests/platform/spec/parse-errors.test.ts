import { describe, expect, it } from "vitest";
import { parsePlatformSpec } from "../../../src/platform/spec/index.js";
import { at, parseError, paths, shippedStack } from "./helpers.js";

describe("parsePlatformSpec rejects a bad config with one error listing every problem", () => {
  it("names each problem by path, one per line, in a single error", async () => {
    const raw = await shippedStack("dev");
    delete raw["domain"];
    raw["gitlab"] = { sshPort: "2222" };
    const hosts = raw["runnerHosts"] as unknown[];
    hosts.push({ name: "local", arch: "amd64" });
    hosts.push({ name: "gpu-box", arch: "amd64", gpu: { vendor: "nvida" } });
    hosts.push({ name: "rv", arch: "riscv64" });

    const error = parseError(raw);

    expect(paths(error.issues)).toEqual([
      "domain",
      "gitlab.sshPort",
      "runnerHosts[1].name",
      "runnerHosts[2].gpu.vendor",
      "runnerHosts[3].arch",
    ]);
    expect(error.message.split("\n")).toEqual([
      "Stack configuration (autogit:*) has 5 problems:",
      "  - domain is required: the DNS domain the services live under, e.g. lab.home.arpa",
      '  - gitlab.sshPort must be a number (got "2222")',
      '  - runnerHosts[1].name duplicates runnerHosts[0].name ("local"); host names must be unique',
      '  - runnerHosts[2].gpu.vendor must be one of nvidia, amd, intel (got "nvida")',
      "  - runnerHosts[3].arch cannot be riscv64: the GitLab and GitHub runner agents have no riscv64 build. Run riscv64 jobs on an amd64 or arm64 host with emulate: [riscv64] (QEMU binfmt)",
    ]);
  });

  it("reports a duplicate host name even when another host has a type error", async () => {
    const raw = await shippedStack("dev");
    raw["runnerHosts"] = [
      { name: "a", arch: "amd64", capacity: "lots" },
      { name: "a", arch: "amd64" },
    ];
    expect(paths(parseError(raw).issues)).toEqual(["runnerHosts[0].capacity", "runnerHosts[1].name"]);
  });

  it("requires target, domain, sso and runnerHosts, saying what each is", () => {
    const error = parseError({});
    expect(paths(error.issues)).toEqual(["target", "domain", "sso", "runnerHosts"]);
    expect(error.issues[0]?.message).toBe("is required: docker (one machine) or kubernetes (a cluster)");
  });

  it("refuses a value that is not a config object", () => {
    expect(parseError("target: docker").issues).toEqual([
      { path: "", message: "The stack has no autogit: configuration; see docs/configuration.md" },
    ]);
  });

  it("suggests the key meant by a typo, at the top level and inside sections", async () => {
    const raw = await shippedStack("dev");
    raw["runnerHost"] = raw["runnerHosts"];
    at(raw, "dns")["lanAdress"] = "192.168.1.10";
    const error = parseError(raw);
    expect(error.issues).toContainEqual({ path: "runnerHost", message: "is not a known setting; did you mean runnerHosts?" });
    expect(error.issues).toContainEqual({ path: "dns.lanAdress", message: "is not a known setting; did you mean lanAddress?" });
  });

  it("suggests amd64 for x86_64 and names the allowed arches", async () => {
    const raw = await shippedStack("dev");
    at(raw, "runnerHosts", 0).arch = "x86_64";
    expect(parseError(raw).issues).toEqual([{ path: "runnerHosts[0].arch", message: 'must be one of amd64, arm64 (got "x86_64"); did you mean amd64?' }]);
  });
});

describe("runner host rules", () => {
  it("refuses an arch label the host does not run, and says to emulate it", async () => {
    const raw = await shippedStack("dev");
    at(raw, "runnerHosts", 0).labels = ["riscv64"];
    expect(parseError(raw).issues).toEqual([
      { path: "runnerHosts[0].labels[0]", message: "claims riscv64, which local does not run: add emulate: [riscv64] to run it under QEMU, or remove the label" },
    ]);
    at(raw, "runnerHosts", 0).emulate = ["riscv64"];
    expect(() => parsePlatformSpec(raw)).not.toThrow();
  });

  it("refuses emulating the native arch and listing an arch twice", async () => {
    const raw = await shippedStack("dev");
    at(raw, "runnerHosts", 0).emulate = ["amd64", "riscv64", "riscv64", "mips"];
    expect(paths(parseError(raw).issues)).toEqual(["runnerHosts[0].emulate[0]", "runnerHosts[0].emulate[2]", "runnerHosts[0].emulate[3]"]);
  });

  it("refuses a GPU count below one, and labels with spaces, commas or twice", async () => {
    const raw = await shippedStack("dev");
    Object.assign(at(raw, "runnerHosts", 0), { gpu: { vendor: "amd", count: 0 }, labels: ["big box", "a,b", "ok", "ok"] });
    expect(parseError(raw).issues).toEqual([
      { path: "runnerHosts[0].gpu.count", message: 'must be a whole number of at least 1, or "all" (got 0)' },
      { path: "runnerHosts[0].labels[0]", message: 'must be a label without spaces or commas, 1 to 100 characters (got "big box")' },
      { path: "runnerHosts[0].labels[1]", message: 'must be a label without spaces or commas, 1 to 100 characters (got "a,b")' },
      { path: "runnerHosts[0].labels[3]", message: 'lists "ok" twice' },
    ]);
  });

  it("refuses a connection on kubernetes, and explains why", async () => {
    const raw = await shippedStack("prod");
    at(raw, "runnerHosts", 0).connection = { kind: "ssh", host: "node-1" };
    expect(parseError(raw).issues).toEqual([
      {
        path: "runnerHosts[0].connection",
        message:
          "applies to target docker only: on kubernetes a runner pool is scheduled onto nodes by nodeSelector kubernetes.io/arch, not reached over a connection; remove it",
      },
    ]);
  });

  it("refuses pool fields on docker and a GPU count of all on kubernetes", async () => {
    const dev = await shippedStack("dev");
    Object.assign(at(dev, "runnerHosts", 0), { replicas: 2, tolerations: [] });
    expect(paths(parseError(dev).issues)).toEqual(["runnerHosts[0].replicas", "runnerHosts[0].tolerations"]);

    const prod = await shippedStack("prod");
    at(prod, "runnerHosts", 2).gpu = { vendor: "nvidia", count: "all" };
    at(prod, "runnerHosts", 1).nodeSelector = { "kubernetes.io/arch": "arm64" };
    at(prod, "runnerHosts", 0).tolerations = [{ operator: "Exists", value: "x" }, { value: "y" }];
    expect(paths(parseError(prod).issues)).toEqual([
      "runnerHosts[0].tolerations[0].value",
      "runnerHosts[0].tolerations[1].key",
      'runnerHosts[1].nodeSelector["kubernetes.io/arch"]',
      "runnerHosts[2].gpu.count",
    ]);
  });

  it("refuses an AMD or Intel GPU count on docker, which passes whole device files, and accepts all or an NVIDIA count", async () => {
    const raw = await shippedStack("dev");
    const hosts = raw["runnerHosts"] as unknown[];
    hosts.push({ name: "rocm", arch: "amd64", gpu: { vendor: "amd", count: 2 } });
    hosts.push({ name: "arc", arch: "amd64", gpu: { vendor: "intel", count: 1 } });
    expect(parseError(raw).issues).toEqual([
      {
        path: "runnerHosts[1].gpu.count",
        message:
          "cannot be 2 for vendor amd on docker: Docker passes the whole /dev/kfd and /dev/dri device files to a job, so a count cannot be honoured; use count: all (or leave it out), or an NVIDIA GPU, which Docker can hand out by count",
      },
      {
        path: "runnerHosts[2].gpu.count",
        message:
          "cannot be 1 for vendor intel on docker: Docker passes the whole /dev/dri device files to a job, so a count cannot be honoured; use count: all (or leave it out), or an NVIDIA GPU, which Docker can hand out by count",
      },
    ]);
    at(raw, "runnerHosts", 1).gpu = { vendor: "amd", count: "all" };
    at(raw, "runnerHosts", 2).gpu = { vendor: "intel" };
    hosts.push({ name: "cuda", arch: "amd64", gpu: { vendor: "nvidia", count: 2 } });
    expect(() => parsePlatformSpec(raw)).not.toThrow();
  });

  it("accepts an AMD or Intel GPU count on kubernetes, where it is a device-plugin request", async () => {
    const raw = await shippedStack("prod");
    at(raw, "runnerHosts", 2).gpu = { vendor: "amd", count: 2 };
    at(raw, "runnerHosts", 0).gpu = { vendor: "intel", count: 1 };
    expect(() => parsePlatformSpec(raw)).not.toThrow();
  });

  it("refuses GPU groups that are neither gids nor group names, listed twice, or given for NVIDIA or on kubernetes", async () => {
    const raw = await shippedStack("dev");
    at(raw, "runnerHosts", 0).gpu = { vendor: "amd", groups: [44, "render", "bad name", 4294967295, -1, "44"] };
    const hosts = raw["runnerHosts"] as unknown[];
    hosts.push({ name: "cuda", arch: "amd64", gpu: { vendor: "nvidia", groups: [44] } });
    hosts.push({ name: "arc", arch: "amd64", gpu: { vendor: "intel", groups: "44,993" } });
    const notAGroup = (path: string, got: string) => ({
      path,
      message: `must be a numeric group id (0 to 4294967294) or a POSIX group name, like 993 or render (got ${got})`,
    });
    expect(parseError(raw).issues).toEqual([
      notAGroup("runnerHosts[0].gpu.groups[2]", '"bad name"'),
      notAGroup("runnerHosts[0].gpu.groups[3]", "4294967295"),
      notAGroup("runnerHosts[0].gpu.groups[4]", "-1"),
      { path: "runnerHosts[0].gpu.groups[5]", message: "lists 44 twice" },
      {
        path: "runnerHosts[1].gpu.groups",
        message: "applies to vendor amd or intel only: NVIDIA GPUs reach jobs through --gpus and the NVIDIA Container Toolkit, which needs no groups; remove it",
      },
      { path: "runnerHosts[2].gpu.groups", message: 'must be a list (got "44,993")' },
    ]);

    const prod = await shippedStack("prod");
    at(prod, "runnerHosts", 2).gpu = { vendor: "amd", groups: [44, 993] };
    expect(parseError(prod).issues).toEqual([
      {
        path: "runnerHosts[2].gpu.groups",
        message: "applies to target docker only: on kubernetes a job pod gets its GPU from the vendor's device plugin, not from host groups; remove it",
      },
    ]);
  });

  it("refuses a tcp connection without TLS and an inline private key, without printing the key", async () => {
    const raw = await shippedStack("dev");
    at(raw, "runnerHosts", 0).connection = { kind: "tcp", host: "builder", tls: { caCert: "not a pem", clientCert: { env: "CERT" }, clientKey: "-----BEGIN PRIVATE KEY-----sEcReT" } };
    (raw["runnerHosts"] as unknown[]).push({ name: "open", arch: "amd64", connection: { kind: "tcp", host: "builder" } });
    const error = parseError(raw);
    expect(paths(error.issues)).toEqual([
      "runnerHosts[0].connection.tls.caCert",
      "runnerHosts[0].connection.tls.clientKey",
      "runnerHosts[1].connection.tls",
    ]);
    expect(error.message).not.toContain("sEcReT");
  });
});

describe("target rules", () => {
  it("requires dns.lanAddress for docker and refuses the other target's section", async () => {
    const raw = await shippedStack("dev");
    delete at(raw, "dns").lanAddress;
    raw["kubernetes"] = { namespace: "x" };
    expect(parseError(raw).issues).toEqual([
      { path: "dns.lanAddress", message: "is required for target docker: the IPv4 address of this Docker host on your LAN, e.g. 192.168.1.10" },
      { path: "kubernetes", message: "applies to target kubernetes only; remove it or set target: kubernetes" },
    ]);

    const prod = await shippedStack("prod");
    prod["docker"] = {};
    expect(paths(parseError(prod).issues)).toEqual(["docker"]);
  });

  it("names the allowed targets for an unknown one", async () => {
    const raw = await shippedStack("dev");
    raw["target"] = "swarm";
    expect(parseError(raw).issues).toEqual([{ path: "target", message: 'must be one of docker, kubernetes (got "swarm")' }]);
  });
});

describe("service rules", () => {
  it("refuses two services on one hostname and a Git SSH port Traefik or CoreDNS needs", async () => {
    const raw = await shippedStack("dev");
    raw["hostnames"] = { auth: "gitlab.lab.home.arpa" };
    raw["gitlab"] = { sshPort: 443 };
    expect(parseError(raw).issues).toEqual([
      { path: "hostnames.auth", message: "is the same as hostnames.gitlab (gitlab.lab.home.arpa); each service needs its own hostname" },
      { path: "gitlab.sshPort", message: "cannot be 443: Traefik takes 80 and 443 and CoreDNS 53; the default is 2222" },
    ]);
  });
  it("refuses a service hostname outside the domain, and suggests the name under it", async () => {
    const raw = await shippedStack("dev");
    raw["hostnames"] = { gitlab: "git.example.org", auth: "sso.home.arpa", traefik: "proxy.lab.home.arpa" };
    expect(parseError(raw).issues).toEqual([
      {
        path: "hostnames.auth",
        message:
          'must be lab.home.arpa or a name under it (got "sso.home.arpa"): Authelia\'s session cookie is scoped to the domain and the platform serves only names in it; use sso.lab.home.arpa, or change domain',
      },
      {
        path: "hostnames.gitlab",
        message:
          'must be lab.home.arpa or a name under it (got "git.example.org"): Authelia\'s session cookie is scoped to the domain and the platform serves only names in it; use git.lab.home.arpa, or change domain',
      },
    ]);
  });

  it("accepts the domain itself and deeper names as service hostnames", async () => {
    const raw = await shippedStack("dev");
    raw["hostnames"] = { gitlab: "lab.home.arpa", auth: "sso.ops.lab.home.arpa" };
    expect(parsePlatformSpec(raw).hostnames).toEqual({ gitlab: "lab.home.arpa", auth: "sso.ops.lab.home.arpa", traefik: "traefik.lab.home.arpa" });
  });

  it("does not take a name that merely ends in the same letters as the domain for one under it", async () => {
    const raw = await shippedStack("dev");
    raw["hostnames"] = { traefik: "mylab.home.arpa" };
    expect(paths(parseError(raw).issues)).toEqual(["hostnames.traefik"]);
  });
});

describe("tls rules", () => {
  it("requires an email for ACME, and says the public domain made ACME the default", async () => {
    const raw = await shippedStack("prod");
    delete raw["tls"];
    expect(parseError(raw).issues).toEqual([
      {
        path: "tls.email",
        message: "is required: tls.mode defaults to acme-http01 for the public domain ci.example.com; set tls.email, or tls.mode: local-ca for a private CA",
      },
    ]);
  });

  it("requires a dns01 provider for acme-dns01 and names the providers", async () => {
    const raw = await shippedStack("prod");
    raw["tls"] = { mode: "acme-dns01", email: "ops@example.com" };
    expect(paths(parseError(raw).issues)).toEqual(["tls.dns01"]);
    raw["tls"] = { mode: "acme-dns01", email: "ops@example.com", dns01: { provider: "godaddy" } };
    expect(parseError(raw).issues).toEqual([{ path: "tls.dns01.provider", message: 'must be one of cloudflare, route53, digitalocean, rfc2136 (got "godaddy")' }]);
  });

  it("refuses ACME for a private domain", async () => {
    const raw = await shippedStack("dev");
    raw["tls"] = { mode: "acme-http01", email: "me@example.com" };
    expect(parseError(raw).issues).toEqual([
      { path: "tls.mode", message: "cannot be acme-http01 for lab.home.arpa: public CAs do not issue for private names; use local-ca" },
    ]);
  });

  it("refuses a credential written in clear instead of a reference, without printing it", async () => {
    const raw = await shippedStack("prod");
    raw["tls"] = { mode: "acme-dns01", email: "ops@example.com", dns01: { provider: "cloudflare", credentials: { apiToken: "cf-TOKEN-123" } } };
    const error = parseError(raw);
    expect(paths(error.issues)).toEqual(["tls.dns01.credentials.apiToken"]);
    expect(error.message).not.toContain("cf-TOKEN-123");
  });

  it("requires a referenced secret key to be set, and accepts it as Pulumi ciphertext", async () => {
    const raw = await shippedStack("prod");
    raw["tls"] = { mode: "acme-dns01", email: "ops@example.com", dns01: { provider: "cloudflare", credentials: { apiToken: { secret: "cloudflareApiToken" } } } };
    expect(parseError(raw).issues).toEqual([
      {
        path: "tls.dns01.credentials.apiToken",
        message: "refers to autogit:cloudflareApiToken, which is not set: run `pulumi config set --secret autogit:cloudflareApiToken <value>`",
      },
    ]);
    raw["cloudflareApiToken"] = { secure: "v1:AAAAexampleciphertext" };
    expect(() => parsePlatformSpec(raw)).not.toThrow();
  });
});

describe("sso rules", () => {
  it("requires an administrator and unique users", async () => {
    const raw = await shippedStack("dev");
    const admin = at(raw, "sso", "users", 0);
    at(raw, "sso").users = [{ ...admin, groups: ["developers"] }, { ...admin, username: "ADMIN" }];
    at(raw, "sso", "users", 1).groups = [];
    expect(parseError(raw).issues).toEqual([
      { path: "sso.users", message: 'must include at least one member of sso.adminGroup ("admins"), or nobody can administer GitLab: add "admins" to a user\'s groups' },
      { path: "sso.users[1].email", message: "duplicates sso.users[0].email; each user needs their own email (GitLab matches accounts by it)" },
      { path: "sso.users[1].username", message: "must be a lower-case login name (letters, digits, . _ -), at most 64 characters" },
      { path: "sso.users[1].username", message: 'duplicates sso.users[0].username ("ADMIN"); usernames must be unique' },
    ]);
  });

  it("refuses a password where a hash belongs, without printing it", async () => {
    const raw = await shippedStack("dev");
    at(raw, "sso", "users", 0).passwordHash = "hunter2-plain";
    const error = parseError(raw);
    expect(paths(error.issues)).toEqual(["sso.users[0].passwordHash"]);
    expect(error.message).toContain("authelia crypto hash generate argon2");
    expect(error.message).not.toContain("hunter2");
  });

  it("accepts a bcrypt hash", async () => {
    const raw = await shippedStack("dev");
    at(raw, "sso", "users", 0).passwordHash = "$2b$12$R9h/cIPz0gi.URNNX3kh2OPST9/PgBkqquzi.Ss7KIUgO2t0jWMUW";
    expect(() => parsePlatformSpec(raw)).not.toThrow();
  });
});

describe("versions", () => {
  it("refuses latest and unpinned tags, saying to pin one", async () => {
    const raw = await shippedStack("homelab");
    at(raw, "gitlab").version = "latest";
    at(raw, "versions").traefik = "latest";
    at(raw, "versions").coredns = "v2.11.0";
    expect(parseError(raw).issues).toEqual([
      { path: "gitlab.version", message: 'must be a pinned GitLab CE version such as "18.11.0-ce.0", not "latest"' },
      { path: "versions.coredns", message: 'must be a CoreDNS version like "1.14.6" (got "v2.11.0")' },
      { path: "versions.traefik", message: 'must be a pinned Traefik v3 version such as "v3.7.11", not "latest"' },
    ]);
  });

  it("refuses an Enterprise tag and offers the CE one", async () => {
    const raw = await shippedStack("dev");
    raw["gitlab"] = { version: "18.11.0-ee.0" };
    expect(parseError(raw).issues).toEqual([
      { path: "gitlab.version", message: "is a GitLab Enterprise tag; this platform runs gitlab/gitlab-ce: use 18.11.0-ce.0" },
    ]);
  });

  it("asks for the runner chart when none is known for the runner version", async () => {
    const raw = await shippedStack("prod");
    raw["versions"] = { gitlabRunner: "v20.1.0" };
    expect(parseError(raw).issues).toEqual([
      {
        path: "kubernetes.charts.gitlabRunner",
        message: "is required: no chart is known for versions.gitlabRunner v20.1.0; find it with `helm search repo gitlab/gitlab-runner --versions`",
      },
    ]);
    at(raw, "kubernetes").charts = { gitlabRunner: "0.100.0" };
    expect(() => parsePlatformSpec(raw)).not.toThrow();
  });

  it("refuses a GitLab chart that does not ship the configured GitLab", async () => {
    const raw = await shippedStack("prod");
    at(raw, "kubernetes").charts = { gitlab: "9.5.2" };
    expect(parseError(raw).issues).toEqual([
      {
        path: "kubernetes.charts.gitlab",
        message: 'must ship gitlab.version 18.11.0-ce.0: use chart 9.11.x (got "9.5.2"), or remove it to derive it',
      },
    ]);
  });
});

describe("dns rules", () => {
  it("refuses to make CoreDNS an open resolver", async () => {
    const raw = await shippedStack("dev");
    at(raw, "dns").allowedNetworks = ["192.168.0.0/16", "0.0.0.0/0", "::/0"];
    expect(paths(parseError(raw).issues)).toEqual(["dns.allowedNetworks[1]", "dns.allowedNetworks[2]"]);
  });

  it("checks record values against their type and refuses clashes", async () => {
    const raw = await shippedStack("dev");
    at(raw, "dns").records = [
      { name: "nas", type: "A", value: "fe80::1" },
      { name: "nas", type: "CNAME", value: "storage.lab.home.arpa" },
      { name: "gitlab", type: "A", value: "192.168.1.11" },
      { name: "v6", type: "AAAA", value: "10.0.0.1" },
    ];
    at(raw, "dns").upstreams = ["1.1.1"];
    at(raw, "dns").allowedNetworks = ["192.168.0.0"];
    expect(paths(parseError(raw).issues)).toEqual([
      "dns.allowedNetworks[0]",
      "dns.records[0].value",
      "dns.records[1].name",
      "dns.records[2].name",
      "dns.records[3].value",
      "dns.upstreams[0]",
    ]);
  });

  it("refuses a conditional forward of the served zone or a zone under it, which would shadow the platform's records", async () => {
    const raw = await shippedStack("homelab");
    at(raw, "dns").conditionalForwards = [
      { zone: "fritz.box", servers: ["192.168.10.1"] },
      { zone: "lab.home.arpa", servers: ["192.168.10.1"] },
      { zone: "iot.lab.home.arpa", servers: ["192.168.10.2"] },
      { zone: "home.arpa", servers: ["192.168.10.3"] },
    ];
    expect(parseError(raw).issues).toEqual([
      {
        path: "dns.conditionalForwards[1].zone",
        message:
          'is the zone the platform serves (domain lab.home.arpa): forwarding it would shadow the platform\'s own records (service hostnames, dns.records); forward a zone outside lab.home.arpa, or add the names to dns.records (got "lab.home.arpa")',
      },
      {
        path: "dns.conditionalForwards[2].zone",
        message:
          'is under the zone the platform serves (domain lab.home.arpa): forwarding it would shadow the platform\'s own records (service hostnames, dns.records); forward a zone outside lab.home.arpa, or add the names to dns.records (got "iot.lab.home.arpa")',
      },
    ]);
  });
});
