import { beforeAll, describe, expect, it } from "vitest";
import type { MockedResource, ProgramRun } from "../../support/pulumi.js";
import { mockPem, mockRunnerToken, runStack } from "../../support/pulumi.js";
import { COMMAND, CONTAINER, HOMELAB_ENV, container, envOf, labelsOf, uploadOf } from "./resources.js";

/**
 * RELIABILITY 24: the GitLab root password, Authelia's secrets, the OIDC client secret, the registration and runner
 * tokens, private keys and TLS client keys are Pulumi secrets wherever they are inputs, and appear nowhere else:
 * not in a plain input, a container label or environment, nor a stack output.
 */

let run: ProgramRun;
beforeAll(async () => {
  run = await runStack("homelab", { env: HOMELAB_ENV });
});

function valueAt(value: unknown, path: string): unknown {
  let current = value;
  for (const part of path.match(/[^.[\]]+/g) ?? []) current = (current as Record<string, unknown> | undefined)?.[part];
  return current;
}

function strings(value: unknown, out: string[] = []): string[] {
  if (typeof value === "string") out.push(value);
  else if (Array.isArray(value)) for (const item of value) strings(item, out);
  else if (typeof value === "object" && value !== null) for (const item of Object.values(value)) strings(item, out);
  return out;
}

/** Every string input outside the resource's secret paths, with its path. */
function plainStrings(resource: MockedResource, value: unknown = resource.inputs, path = "", seen = new WeakSet<object>()): [string, string][] {
  if (typeof value === "object" && value !== null) {
    if (seen.has(value)) return [];
    seen.add(value);
  }
  if (path !== "" && resource.secretPaths.some((secret) => path === secret || path.startsWith(`${secret}.`) || path.startsWith(`${secret}[`))) return [];
  if (typeof value === "string") return [[path, value]];
  if (Array.isArray(value)) return value.flatMap((item, i) => plainStrings(resource, item, `${path}[${i}]`, seen));
  if (typeof value === "object" && value !== null) {
    return Object.entries(value).flatMap(([key, item]) => plainStrings(resource, item, path === "" ? key : `${path}.${key}`, seen));
  }
  return [];
}

/**
 * The secret values the program generated or was given, by origin: random passwords, private keys (the mock PEM of
 * each PrivateKey), runner tokens (the mocked stdout of each registration) and the tcp host's client key.
 */
function secretValues(): string[] {
  const passwords = run.ofType("random:index/randomPassword:RandomPassword").map((r) => `mock-random-${r.name}`);
  const keys = run
    .ofType("tls:index/privateKey:PrivateKey")
    .map((key) => mockPem(key.inputs["algorithm"] === "RSA" ? "RSA PRIVATE KEY" : "EC PRIVATE KEY", `mock-${key.name}`));
  const runnerTokens = run.ofType(COMMAND).filter((c) => c.name.endsWith("-registration-api")).map((c) => mockRunnerToken(c.name));
  return [...passwords, ...keys, ...runnerTokens, HOMELAB_ENV.BUILDBOX_DOCKER_KEY];
}

describe("secrets stay Pulumi secrets", () => {
  it("generates the service secrets with @pulumi/random and uses each of them", () => {
    const names = run.ofType("random:index/randomPassword:RandomPassword").map((r) => r.name).sort();
    expect(names).toEqual([
      "autogit-authelia-oidc-hmac-secret",
      "autogit-authelia-reset-password-jwt-secret",
      "autogit-authelia-session-secret",
      "autogit-authelia-storage-encryption-key",
      "autogit-gitlab-admin-token-value",
      "autogit-gitlab-root-password",
      "autogit-oidc-client-secret",
    ]);
    const everything = run.resources.flatMap((r) => strings(r.inputs)).join("\n");
    for (const name of names) expect(everything, name).toContain(`mock-random-${name}`);
  });

  it("appears in no plain input of any resource", () => {
    const secrets = secretValues();
    const leaks = run.resources.flatMap((resource) =>
      plainStrings(resource).flatMap(([path, value]) => secrets.filter((secret) => value.includes(secret)).map(() => `${resource.name}: ${path}`)),
    );
    expect(leaks).toEqual([]);
    // The check is not vacuous: each kind of secret does reach some resource, under a secret path.
    const underSecretPaths = run.resources.flatMap((r) => r.secretPaths.flatMap((path) => strings(valueAt(r.inputs, path)))).join("\n");
    for (const secret of secrets) expect(underSecretPaths, secret.slice(0, 40)).toContain(secret);
  });

  it("is never in container labels, container environment or command lines", () => {
    const secrets = secretValues();
    for (const resource of run.ofType(CONTAINER)) {
      const visible = [...Object.entries(labelsOf(resource)).flat(), ...Object.values(envOf(resource)), ...strings(resource.inputs["command"] ?? [])].join("\n");
      for (const secret of secrets) expect(visible, `${String(resource.inputs["name"])} shows a secret`).not.toContain(secret);
    }
    for (const command of run.ofType(COMMAND)) {
      for (const secret of secrets) expect(`${String(command.inputs["create"])}\n${String(command.inputs["delete"])}`).not.toContain(secret);
    }
  });

  it("is delivered to containers as secret uploads (files), each read-only for its owner", () => {
    const secretFiles: [string, string][] = [
      ["autogit-gitlab", "/run/secrets/gitlab/root-password"],
      ["autogit-gitlab", "/run/secrets/gitlab/oidc-client-secret"],
      ["autogit-authelia", "/run/secrets/authelia/session-secret"],
      ["autogit-authelia", "/run/secrets/authelia/storage-encryption-key"],
      ["autogit-authelia", "/run/secrets/authelia/reset-password-jwt-secret"],
      ["autogit-authelia", "/run/secrets/authelia/oidc-hmac-secret"],
      ["autogit-authelia", "/run/secrets/authelia/oidc-jwks-rsa.pem"],
      ["autogit-authelia", "/run/secrets/authelia/oidc-gitlab-client-secret.digest"],
      ["autogit-traefik", "/etc/traefik/certs/platform.key"],
      ["autogit-runner-tower", "/etc/gitlab-runner/config.toml"],
    ];
    for (const [name, path] of secretFiles) expect(uploadOf(container(run, name), path), `${name}:${path}`).toMatchObject({ secret: true, permissions: "0400" });
    expect(uploadOf(container(run, "autogit-gitlab"), "/run/secrets/gitlab/root-password").content).toBe("mock-random-autogit-gitlab-root-password");
  });

  it("gives Authelia only a pbkdf2 digest of the OIDC client secret GitLab holds", () => {
    const digest = uploadOf(container(run, "autogit-authelia"), "/run/secrets/authelia/oidc-gitlab-client-secret.digest").content;
    expect(digest).toMatch(/^\$pbkdf2-sha512\$310000\$/);
    expect(digest).not.toContain("mock-random-autogit-oidc-client-secret");
    expect(uploadOf(container(run, "autogit-gitlab"), "/run/secrets/gitlab/oidc-client-secret").content).toBe("mock-random-autogit-oidc-client-secret");
  });

  it("is in no plain stack output; only outputs meant to be secret are", () => {
    // `gitlabRootPassword` is the one output that holds a secret, and it must be a Pulumi secret.
    expect(run.secretOutputs).toEqual(["gitlabRootPassword"]);
    expect(run.outputs["gitlabRootPassword"]).toBe("mock-random-autogit-gitlab-root-password");
    const plain = JSON.stringify(Object.fromEntries(Object.entries(run.outputs).filter(([name]) => !run.secretOutputs.includes(name))));
    for (const secret of secretValues()) expect(plain).not.toContain(secret);
    expect(plain).not.toContain("$argon2id$");
    expect(Object.keys(run.outputs)).toEqual(expect.arrayContaining(["urls", "dnsAddress", "runnerFleet", "caCertificate"]));
    expect(run.outputs["caCertificate"]).toMatch(/^-----BEGIN CERTIFICATE-----/);
  });
});
