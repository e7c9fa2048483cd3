import { describe, expect, it } from "vitest";
import { binfmtCommand, checkBinfmtExit } from "../../../infra/docker/binfmt.js";
import { dockerProviderArgs } from "../../../infra/docker/docker-provider.js";
import { envList } from "../../../infra/docker/containers.js";
import { serverCertificateNames } from "../../../infra/docker/local-ca.js";

describe("serverCertificateNames", () => {
  it("covers the domain and its wildcard, adding only hostnames the one-label wildcard misses", () => {
    const names = serverCertificateNames("lab.home.arpa", { gitlab: "git.lab.home.arpa", auth: "auth.lab.home.arpa", traefik: "proxy.ops.lab.home.arpa" });
    expect(names).toEqual(["lab.home.arpa", "*.lab.home.arpa", "proxy.ops.lab.home.arpa"]);
  });
});

describe("binfmt", () => {
  it("installs the emulated arches in one run, and refuses an empty or odd list naming the field", () => {
    expect(binfmtCommand(["riscv64", "arm64", "riscv64"])).toEqual(["--install", "riscv64,arm64"]);
    expect(() => binfmtCommand([])).toThrow(/runnerHosts\[\]\.emulate/);
    expect(() => binfmtCommand(["riscv64,all"])).toThrow(/not an arch name/);
  });

  it("fails `pulumi up` with where to look when the install container exited non-zero", () => {
    expect(checkBinfmtExit("nuc", ["riscv64"], 0)).toBe(true);
    expect(checkBinfmtExit("nuc", ["riscv64"], undefined)).toBe(true);
    expect(() => checkBinfmtExit("nuc", ["riscv64"], 1)).toThrow(/runnerHosts "nuc".*exited with 1.*docker logs autogit-binfmt-nuc/);
  });
});

describe("dockerProviderArgs", () => {
  it("resolves the tcp host's secret references through the given resolver, naming each field's path", () => {
    const connection = {
      kind: "tcp" as const,
      host: "box",
      port: 2376,
      tls: { caCert: "-----BEGIN CERTIFICATE-----\nx\n-----END CERTIFICATE-----", clientCert: { env: "CERT" }, clientKey: { secret: "key" } },
    };
    expect(() =>
      dockerProviderArgs(connection, "runnerHosts[3]", (_ref, path) => {
        throw new Error(`${path}: environment variable CERT is not set`);
      }),
    ).toThrow("runnerHosts[3].connection.tls.clientCert: environment variable CERT is not set");
    expect(dockerProviderArgs({ kind: "ssh", host: "pi5", user: "ci", port: 22 }, "runnerHosts[1]", () => {
      throw new Error("no secrets for ssh");
    })).toMatchObject({ host: "ssh://ci@pi5:22", sshOpts: ["-o", "BatchMode=yes", "-o", "ConnectTimeout=15"] });
  });
});

describe("envList", () => {
  it("sorts the variables so key order never replaces a container", () => {
    expect(envList({ B: "2", A: "1" })).toEqual(["A=1", "B=2"]);
  });
});
