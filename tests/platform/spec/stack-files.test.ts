import { describe, expect, it } from "vitest";
import { dockerHostUri, githubRunnerLabels, gitlabRunnerTags, parsePlatformSpec } from "../../../src/platform/spec/index.js";
import { shippedStack } from "./helpers.js";

describe("the shipped stack files", () => {
  it("dev parses into a docker spec with every default applied", async () => {
    const spec = parsePlatformSpec(await shippedStack("dev"));
    if (spec.target !== "docker") throw new Error(`dev targets ${spec.target}`);
    expect(spec.dns.lanAddress).toBe("192.168.1.10");
    expect(spec.tls).toEqual({ mode: "local-ca" });
    expect(spec.hostnames).toEqual({ gitlab: "gitlab.lab.home.arpa", auth: "auth.lab.home.arpa", traefik: "traefik.lab.home.arpa" });
    expect(spec.docker).toEqual({ host: "unix:///var/run/docker.sock", network: "autogit" });
    expect(spec.runnerHosts).toEqual([
      { name: "local", arch: "amd64", emulate: [], gpu: undefined, capacity: 2, labels: [], connection: { kind: "local" } },
    ]);
    expect(spec.sso.users.map((user) => user.groups)).toEqual([["admins"]]);
    expect(spec.gitlab).toEqual({ version: "18.11.0-ce.0", sshPort: 2222, size: "small", rootEmail: "admin@lab.home.arpa" });
    expect(spec.dns.allowedNetworks).toContain("192.168.0.0/16");
  });

  it("homelab describes GPU, arm64, emulated riscv64, ssh and tcp+TLS hosts", async () => {
    const spec = parsePlatformSpec(await shippedStack("homelab"));
    if (spec.target !== "docker") throw new Error(`homelab targets ${spec.target}`);
    const byName = new Map(spec.runnerHosts.map((host) => [host.name, host]));
    expect(byName.get("tower")?.gpu).toEqual({ vendor: "nvidia", count: "all" });
    expect(byName.get("pi5")?.arch).toBe("arm64");
    const nuc = byName.get("nuc");
    expect(nuc && gitlabRunnerTags(nuc)).toEqual(["arch:amd64", "arch:riscv64"]);
    expect(nuc && dockerHostUri(nuc.connection)).toBe("ssh://ci@192.168.10.41:22");
    const buildbox = byName.get("buildbox");
    expect(buildbox && dockerHostUri(buildbox.connection)).toBe("tcp://buildbox.lab.home.arpa:2376");
    expect(spec.hostnames.gitlab).toBe("git.lab.home.arpa");
    expect(spec.dns.records).toContainEqual({ fqdn: "files.lab.home.arpa", type: "CNAME", value: "nas.lab.home.arpa" });
  });

  it("prod is a kubernetes spec with ACME and four runner pools", async () => {
    const spec = parsePlatformSpec(await shippedStack("prod"));
    if (spec.target !== "kubernetes") throw new Error(`prod targets ${spec.target}`);
    expect(spec.tls).toEqual({ mode: "acme-http01", email: "platform-team@example.com", staging: false });
    expect(spec.dns.lanAddress).toBeUndefined();
    expect(spec.kubernetes.charts).toEqual({ traefik: "41.3.0", certManager: "v1.21.1", gitlab: "9.11.0", gitlabRunner: "0.88.0" });
    expect(spec.runnerHosts.map((pool) => [pool.name, githubRunnerLabels(pool)])).toEqual([
      ["amd64", ["self-hosted", "autogit", "Linux", "X64"]],
      ["arm64", ["self-hosted", "autogit", "Linux", "ARM64"]],
      ["gpu-nvidia", ["self-hosted", "autogit", "Linux", "X64", "gpu", "gpu-nvidia", "cuda"]],
      ["riscv64", ["self-hosted", "autogit", "Linux", "X64", "RISCV64"]],
    ]);
    const gpuPool = spec.runnerHosts.find((pool) => pool.name === "gpu-nvidia");
    expect(gpuPool?.gpu).toEqual({ vendor: "nvidia", count: 1 });
    expect(gpuPool?.tolerations).toEqual([{ key: "nvidia.com/gpu", operator: "Exists", effect: "NoSchedule" }]);
  });
});
