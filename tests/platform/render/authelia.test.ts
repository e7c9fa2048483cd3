import { generateKeyPairSync, pbkdf2Sync } from "node:crypto";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import {
  AUTHELIA_SECRET_ENV,
  AutheliaSecret,
  autheliaConfigYaml,
  autheliaEnvironment,
  autheliaSecretFiles,
  autheliaUsersYaml,
  pbkdf2Sha512Digest,
  renderAutheliaConfig,
  renderAutheliaUsers,
} from "../../../src/platform/render/index.js";
import type { AutheliaConfig } from "../../../src/platform/render/index.js";
import type { PlatformSpec } from "../../../src/platform/spec/index.js";
import { schemaErrors } from "../../support/schemas.js";
import { expandAutheliaTemplates } from "./authelia-template-expander.js";
import { dockerSpec, renderCases, shippedStacks } from "./specs.js";

const JWKS_KEY = generateKeyPairSync("rsa", { modulusLength: 2048, privateKeyEncoding: { type: "pkcs8", format: "pem" }, publicKeyEncoding: { type: "spki", format: "pem" } }).privateKey;
const CLIENT_SECRET_DIGEST = pbkdf2Sha512Digest("a-long-random-client-secret", Buffer.from("0123456789abcdef"), 1000);

/** The secret files as infra would mount them, keyed by path. */
function secretFiles(secretsDir?: string): Map<string, string> {
  return new Map(
    autheliaSecretFiles(secretsDir).map((file) => [
      file.path,
      file.secret === AutheliaSecret.oidcJwksKey ? JWKS_KEY : file.secret === AutheliaSecret.oidcGitlabClientSecretDigest ? `${CLIENT_SECRET_DIGEST}\n` : "x".repeat(64),
    ]),
  );
}

/** What Authelia parses: the mounted YAML after its template filter ran. */
function asAutheliaReadsIt(config: AutheliaConfig, secretsDir?: string): unknown {
  const files = secretFiles(secretsDir);
  return parse(
    expandAutheliaTemplates(autheliaConfigYaml(config), (path) => {
      const content = files.get(path);
      if (content === undefined) throw new Error(`the config reads ${path}, which is not among autheliaSecretFiles()`);
      return content;
    }),
  );
}

async function cases(): Promise<{ name: string; spec: PlatformSpec }[]> {
  return [
    ...(await renderCases()),
    { name: "one_factor", spec: dockerSpec({ sso: { policy: "one_factor", users: dockerSpec().sso.users.map((u) => ({ ...u })) } }) },
  ];
}

describe("Authelia configuration", () => {
  it("is accepted by Authelia 4.39's schema for every stack once the secret templates are expanded", async () => {
    for (const { name, spec } of await cases()) {
      expect(schemaErrors("authelia-config", asAutheliaReadsIt(renderAutheliaConfig(spec))), name).toEqual([]);
    }
  });

  it("the schema check notices a config Authelia would refuse", () => {
    const read = asAutheliaReadsIt(renderAutheliaConfig(dockerSpec())) as { access_control: Record<string, unknown> };
    expect(schemaErrors("authelia-config", { ...read, access_control: { ...read.access_control, default_policy: "allow" } })).not.toEqual([]);
  });

  it("lays the signing key out as a YAML block and the client secret digest as a quoted scalar", () => {
    const text = autheliaConfigYaml(renderAutheliaConfig(dockerSpec()));
    const keyLine = text.split("\n").find((line) => line.includes("oidc-jwks-rsa.pem"));
    expect(keyLine).toMatch(/^(\s*)key: \{\{ secret "\/run\/secrets\/authelia\/oidc-jwks-rsa\.pem" \| mindent (\d+) "\|" \| msquote \}\}$/);
    const [, lead = "", indent = "0"] = /^(\s*)key: .* mindent (\d+)/.exec(keyLine ?? "") ?? [];
    expect(Number(indent)).toBe(lead.length + 2);
    expect(text).toContain(`client_secret: '{{ secret "/run/secrets/authelia/oidc-gitlab-client-secret.digest" }}'`);

    const read = asAutheliaReadsIt(renderAutheliaConfig(dockerSpec())) as AutheliaConfig;
    expect(read.identity_providers.oidc.jwks[0]?.key.trim()).toBe(JWKS_KEY.trim());
    expect(read.identity_providers.oidc.clients[0]?.["client_secret"]).toBe(CLIENT_SECRET_DIGEST);
  });

  it("holds no secret value: secrets come from *_FILE variables or {{ secret }} templates only", () => {
    const config = renderAutheliaConfig(dockerSpec()) as unknown as Record<string, Record<string, unknown>>;
    // Authelia refuses to start when a secret is set both in the file and through its _FILE variable.
    expect(config["session"]).not.toHaveProperty("secret");
    expect(config["storage"]).not.toHaveProperty("encryption_key");
    expect(config).not.toHaveProperty("identity_validation");
    expect(config["identity_providers"]?.["oidc"]).not.toHaveProperty("hmac_secret");
    const text = autheliaConfigYaml(config);
    for (const content of secretFiles().values()) expect(text).not.toContain(content.trim());
  });

  it("tells infra which files to mount and which variables point at them", () => {
    const env = autheliaEnvironment("/secrets");
    expect(env).toEqual({
      X_AUTHELIA_CONFIG_FILTERS: "template",
      AUTHELIA_IDENTITY_VALIDATION_RESET_PASSWORD_JWT_SECRET_FILE: "/secrets/reset-password-jwt-secret",
      AUTHELIA_SESSION_SECRET_FILE: "/secrets/session-secret",
      AUTHELIA_STORAGE_ENCRYPTION_KEY_FILE: "/secrets/storage-encryption-key",
      AUTHELIA_IDENTITY_PROVIDERS_OIDC_HMAC_SECRET_FILE: "/secrets/oidc-hmac-secret",
    });
    const files = autheliaSecretFiles("/secrets");
    expect(files.filter((file) => file.env === undefined).map((file) => file.path)).toEqual(["/secrets/oidc-jwks-rsa.pem", "/secrets/oidc-gitlab-client-secret.digest"]);
    expect(Object.values(AUTHELIA_SECRET_ENV).every((variable) => variable.startsWith("AUTHELIA_") && variable.endsWith("_FILE"))).toBe(true);
    // The config reads exactly the template-held files under the same directory.
    expect(() => asAutheliaReadsIt(renderAutheliaConfig(dockerSpec(), { secretsDir: "/secrets" }), "/secrets")).not.toThrow();
  });

  it("denies by default and lets only the admin group open the dashboard, at the spec's policy", () => {
    const spec = dockerSpec({ hostnames: { traefik: "proxy.lab.home.arpa" } });
    const { access_control } = renderAutheliaConfig(spec);
    expect(access_control).toEqual({ default_policy: "deny", rules: [{ domain: ["proxy.lab.home.arpa"], subject: ["group:admins"], policy: "two_factor" }] });
    expect(JSON.stringify(access_control)).not.toContain(spec.hostnames.gitlab);
  });

  it("sets one session cookie for the domain with the spec's lifetimes", () => {
    const spec = dockerSpec({ sso: { ...dockerSpec().sso, users: dockerSpec().sso.users.map((u) => ({ ...u })), session: { expiration: "8h", inactivity: "30m", rememberMe: "1w" } } });
    expect(renderAutheliaConfig(spec).session.cookies).toEqual([
      {
        domain: "lab.home.arpa",
        authelia_url: "https://auth.lab.home.arpa",
        default_redirection_url: "https://gitlab.lab.home.arpa",
        expiration: "8h",
        inactivity: "30m",
        remember_me: "1w",
      },
    ]);
  });

  it("sends portal sign-ins to GitLab only when the cookie's domain covers it", () => {
    // The spec refuses such a hostname; the renderer still guards specs built without the parser.
    const base = dockerSpec();
    const elsewhere = renderAutheliaConfig({ ...base, hostnames: { ...base.hostnames, gitlab: "git.example.net" } });
    expect(elsewhere.session.cookies[0]).not.toHaveProperty("default_redirection_url");
    expect(schemaErrors("authelia-config", asAutheliaReadsIt(elsewhere))).toEqual([]);
  });

  it("registers GitLab as a confidential PKCE client open to developers and admins only", () => {
    const spec = dockerSpec({ hostnames: { gitlab: "git.lab.home.arpa" } });
    const { oidc } = renderAutheliaConfig(spec).identity_providers;
    expect(oidc.clients).toHaveLength(1);
    expect(oidc.clients[0]).toMatchObject({
      client_id: "gitlab",
      public: false,
      authorization_policy: "gitlab",
      require_pkce: true,
      pkce_challenge_method: "S256",
      redirect_uris: ["https://git.lab.home.arpa/users/auth/openid_connect/callback"],
      scopes: ["openid", "profile", "email", "groups"],
      token_endpoint_auth_method: "client_secret_basic",
    });
    expect(oidc.authorization_policies["gitlab"]).toEqual({ default_policy: "deny", rules: [{ policy: "two_factor", subject: ["group:developers", "group:admins"] }] });
  });

  it("follows sso.policy one_factor in both the dashboard rule and the GitLab client policy", () => {
    const spec = dockerSpec({ sso: { policy: "one_factor", users: dockerSpec().sso.users.map((u) => ({ ...u })) } });
    const config = renderAutheliaConfig(spec);
    expect(config.access_control.rules[0]?.policy).toBe("one_factor");
    expect(config.identity_providers.oidc.authorization_policies["gitlab"]?.rules[0]?.policy).toBe("one_factor");
  });

  it("uses SQLite, the filesystem notifier, regulation and an argon2id file backend", () => {
    const config = renderAutheliaConfig(dockerSpec(), { sqlite: "/d/db.sqlite3", notifications: "/d/n.txt", usersDatabase: "/c/u.yml" });
    expect(config.server.address).toBe("tcp://:9091/");
    expect(config.storage).toEqual({ local: { path: "/d/db.sqlite3" } });
    expect(config.notifier).toEqual({ filesystem: { filename: "/d/n.txt" } });
    expect(config.regulation.max_retries).toBeGreaterThan(0);
    expect(config.authentication_backend.file).toMatchObject({ path: "/c/u.yml", watch: true, password: { algorithm: "argon2", argon2: { variant: "argon2id" } } });
    expect(config.totp.issuer).toBe("lab.home.arpa");
  });

  it("refuses a portal hostname the session cookie cannot cover, naming the field", () => {
    // The spec refuses this first (tests/platform/spec); the renderer guards specs built without the parser.
    const base = dockerSpec();
    expect(() => renderAutheliaConfig({ ...base, hostnames: { ...base.hostnames, auth: "login.example.net" } })).toThrow(/hostnames\.auth "login\.example\.net" must be under domain "lab\.home\.arpa"/);
  });
});

describe("Authelia users database", () => {
  it("is accepted by Authelia's schema for every stack, also after a YAML round trip", async () => {
    for (const { name, spec } of await cases()) {
      const users = renderAutheliaUsers(spec);
      expect(schemaErrors("authelia-users", users), name).toEqual([]);
      expect(schemaErrors("authelia-users", parse(autheliaUsersYaml(users))), name).toEqual([]);
    }
  });

  it("lists every user with display name, hash, email and groups", async () => {
    const homelab = (await shippedStacks()).find((stack) => stack.name === "homelab")?.spec ?? dockerSpec();
    const users = renderAutheliaUsers(homelab);
    expect(Object.keys(users.users)).toEqual(homelab.sso.users.map((user) => user.username));
    const first = homelab.sso.users[0];
    expect(users.users[first.username]).toEqual({ disabled: false, displayname: first.displayName, password: first.passwordHash, email: first.email, groups: [...first.groups] });
  });
});

describe("pbkdf2-sha512 client secret digest", () => {
  it("is the PBKDF2 key of the secret in Authelia's crypt encoding", () => {
    const salt = Buffer.from("fixed-salt-16byt");
    const digest = pbkdf2Sha512Digest("s3cret", salt, 2000);
    const [, scheme, iterations, encodedSalt, encodedKey] = digest.split("$");
    expect([scheme, iterations]).toEqual(["pbkdf2-sha512", "2000"]);
    const decode = (value = ""): Buffer => Buffer.from(value.replace(/\./g, "+"), "base64");
    expect(decode(encodedSalt)).toEqual(salt);
    expect(decode(encodedKey)).toEqual(pbkdf2Sync("s3cret", salt, 2000, 64, "sha512"));
    expect(digest).not.toMatch(/[+=]/);
  });

  it("differs per call with a random salt, and refuses an empty secret", () => {
    expect(pbkdf2Sha512Digest("s", undefined, 1000)).not.toBe(pbkdf2Sha512Digest("s", undefined, 1000));
    expect(() => pbkdf2Sha512Digest("")).toThrow(/must not be empty/);
  });
});
