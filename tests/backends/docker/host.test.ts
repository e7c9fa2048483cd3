import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { dockerOptions } from "../../../src/backends/docker/connection.js";
import { parseDockerHost } from "../../../src/backends/docker/host.js";

const PEM = (what: string): string => `-----BEGIN ${what}-----\nMIIBfake\n-----END ${what}-----`;

describe("parseDockerHost", () => {
  it("uses the local socket when neither docker-host nor DOCKER_HOST is given", () => {
    expect(parseDockerHost({}, {})).toEqual({ kind: "unix", socketPath: "/var/run/docker.sock", display: "unix:///var/run/docker.sock" });
  });

  it("honours DOCKER_HOST when docker-host is empty, and prefers docker-host when both are given", () => {
    expect(parseDockerHost({ host: "" }, { DOCKER_HOST: "unix:///run/user/1000/docker.sock" }).display).toBe(
      "unix:///run/user/1000/docker.sock",
    );
    expect(parseDockerHost({ host: "unix:///a.sock" }, { DOCKER_HOST: "unix:///b.sock" }).display).toBe("unix:///a.sock");
  });

  it("rejects a relative unix socket path and names the input and the accepted forms", () => {
    expect(() => parseDockerHost({ host: "unix://docker.sock" }, {})).toThrow(
      /docker-host "unix:\/\/docker\.sock" is not a Docker host: the socket path must be absolute.*Accepted forms: unix:\/\/\/var\/run\/docker\.sock, tcp:\/\/host:2376/,
    );
  });

  it.each([
    ["docker.example.com:2376", /has no scheme/],
    ["http://docker.example.com", /scheme "http" is not supported/],
    ["tcp://", /not a valid URL|names no host/],
    ["tcp://host:2376/v1.41", /path is not allowed/],
    ["ssh://host.lan", /needs a user name/],
    ["ssh://ci:hunter2@host.lan", /password in the URL is not allowed/],
  ])("rejects %s naming docker-host", (host, why) => {
    expect(() => parseDockerHost({ host }, { SSH_AUTH_SOCK: "/tmp/agent" })).toThrow(why);
    expect(() => parseDockerHost({ host }, { SSH_AUTH_SOCK: "/tmp/agent" })).toThrow(/docker-host|Accepted forms/);
  });

  it("names DOCKER_HOST, not docker-host, when the bad value came from the environment", () => {
    expect(() => parseDockerHost({}, { DOCKER_HOST: "bogus" })).toThrow(/^DOCKER_HOST "bogus" is not a Docker host/);
  });

  it("refuses plain tcp to a remote host, naming the TLS inputs, ssh and the insecure flag as fixes", () => {
    const attempt = () => parseDockerHost({ host: "tcp://10.1.2.3:2375" }, {});
    expect(attempt).toThrow(/docker-host "tcp:\/\/10\.1\.2\.3:2375" is plain TCP without TLS/);
    expect(attempt).toThrow(/docker-tls-ca, docker-tls-cert and docker-tls-key.*ssh:\/\/user@10\.1\.2\.3.*docker-insecure-tcp: true/);
  });

  it("allows plain tcp to a loopback host, or anywhere with the insecure flag", () => {
    expect(parseDockerHost({ host: "tcp://127.0.0.1:2375" }, {})).toMatchObject({ kind: "tcp", port: 2375, tls: undefined });
    expect(parseDockerHost({ host: "tcp://localhost" }, {})).toMatchObject({ port: 2375 });
    expect(parseDockerHost({ host: "tcp://[::1]:2375" }, {})).toMatchObject({ hostname: "::1", display: "tcp://[::1]:2375" });
    expect(parseDockerHost({ host: "tcp://build.lan:2375", insecureTcp: true }, {})).toMatchObject({ hostname: "build.lan" });
  });

  it("takes TLS material as PEM contents or file paths and defaults the port to 2376", () => {
    const endpoint = parseDockerHost({ host: "tcp://gpu-1.lan", tlsCa: PEM("CERTIFICATE"), tlsCert: "/etc/ci/cert.pem", tlsKey: "/etc/ci/key.pem" }, {});
    expect(endpoint).toMatchObject({
      kind: "tcp",
      port: 2376,
      display: "tcp://gpu-1.lan:2376 (TLS)",
      tls: {
        ca: { kind: "pem", field: "docker-tls-ca" },
        cert: { kind: "file", path: "/etc/ci/cert.pem", field: "docker-tls-cert" },
        key: { kind: "file", path: "/etc/ci/key.pem", field: "docker-tls-key" },
      },
    });
  });

  it("falls back to DOCKER_CERT_PATH for TLS like the docker CLI", () => {
    expect(parseDockerHost({ host: "tcp://gpu-1.lan:2376" }, { DOCKER_CERT_PATH: "/certs/" })).toMatchObject({
      tls: { ca: { path: "/certs/ca.pem" }, cert: { path: "/certs/cert.pem" }, key: { path: "/certs/key.pem" } },
    });
  });

  it("requires a client certificate and its key together", () => {
    expect(() => parseDockerHost({ host: "tcp://gpu-1.lan", tlsCert: PEM("CERTIFICATE") }, {})).toThrow(
      /docker-tls-key is missing: a TLS client certificate and its key go together/,
    );
  });

  it("parses ssh with a user and port, taking the agent from SSH_AUTH_SOCK or a private key", () => {
    expect(parseDockerHost({ host: "ssh://ci@gpu-1.lan:2222" }, { SSH_AUTH_SOCK: "/tmp/agent.sock" })).toEqual({
      kind: "ssh",
      hostname: "gpu-1.lan",
      port: 2222,
      username: "ci",
      agent: "/tmp/agent.sock",
      privateKey: undefined,
      display: "ssh://ci@gpu-1.lan:2222",
    });
    expect(parseDockerHost({ host: "ssh://ci@gpu-1.lan", sshPrivateKey: "/home/ci/.ssh/id_ed25519" }, {})).toMatchObject({
      port: 22,
      privateKey: { kind: "file", path: "/home/ci/.ssh/id_ed25519" },
      display: "ssh://ci@gpu-1.lan",
    });
  });

  it("refuses ssh with neither an agent nor a key, naming both fixes", () => {
    expect(() => parseDockerHost({ host: "ssh://ci@gpu-1.lan" }, {})).toThrow(/docker-ssh-key.*SSH_AUTH_SOCK/);
  });
});

describe("dockerOptions", () => {
  it("reads TLS files and passes PEM contents through, for https", () => {
    const dir = mkdtempSync(join(tmpdir(), "autogit-tls-"));
    writeFileSync(join(dir, "cert.pem"), PEM("CERTIFICATE"));
    writeFileSync(join(dir, "key.pem"), PEM("PRIVATE KEY"));
    const endpoint = parseDockerHost(
      { host: "tcp://gpu-1.lan", tlsCa: PEM("CERTIFICATE"), tlsCert: join(dir, "cert.pem"), tlsKey: join(dir, "key.pem") },
      {},
    );
    const read = (path: string): string => readFileSync(path, "utf8");
    const options = dockerOptions(endpoint, read);
    expect(options).toMatchObject({ host: "gpu-1.lan", port: 2376, protocol: "https", key: PEM("PRIVATE KEY") });
    expect(options.ca).toBe(`${PEM("CERTIFICATE")}\n`);
  });

  it("names the field and the path when a TLS file cannot be read", () => {
    const endpoint = parseDockerHost({ host: "tcp://gpu-1.lan", tlsCa: "/nonexistent/ca.pem" }, {});
    expect(() => dockerOptions(endpoint, (path) => readFileSync(path, "utf8"))).toThrow(
      /docker-tls-ca: cannot read \/nonexistent\/ca\.pem \(ENOENT\); give the PEM contents or the path of a readable PEM file/,
    );
  });

  it("clears docker-modem's DOCKER_HOST defaults for a unix socket", () => {
    const options = dockerOptions(parseDockerHost({ host: "unix:///var/run/docker.sock" }, {}), () => "");
    expect(options).toMatchObject({ socketPath: "/var/run/docker.sock", host: undefined, port: undefined });
    expect(Object.keys(options)).toContain("host");
  });

  it("uses docker-modem's ssh protocol with the agent and key", () => {
    const endpoint = parseDockerHost({ host: "ssh://ci@gpu-1.lan", sshPrivateKey: PEM("OPENSSH PRIVATE KEY") }, { SSH_AUTH_SOCK: "/tmp/a" });
    expect(dockerOptions(endpoint, () => "")).toMatchObject({
      protocol: "ssh",
      host: "gpu-1.lan",
      port: 22,
      username: "ci",
      sshOptions: { agent: "/tmp/a", privateKey: `${PEM("OPENSSH PRIVATE KEY")}\n` },
    });
  });
});

describe("docker-host errors never echo a password", () => {
  it.each(["ssh://ci:S3cretPw@gpu-1.lan", "tcp://u:S3cretPw@engine.lan:2376", "tcp://u:S3cretPw@engine.lan:2376/path"])("%s", (host) => {
    let message = "";
    try {
      parseDockerHost({ host }, {});
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toMatch(/is not a Docker host/);
    expect(message).not.toContain("S3cretPw");
    expect(message).toContain(":***@");
  });

  it("the same from DOCKER_HOST", () => {
    expect(() => parseDockerHost({}, { DOCKER_HOST: "ssh://ci:S3cretPw@gpu-1.lan" })).toThrow(/^DOCKER_HOST "ssh:\/\/ci:\*\*\*@gpu-1\.lan"/);
  });
});

