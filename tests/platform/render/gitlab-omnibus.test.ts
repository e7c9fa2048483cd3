import { describe, expect, it } from "vitest";
import {
  GITLAB_OIDC_CLIENT_ID,
  gitlabEnvironment,
  renderAutheliaConfig,
  renderGitlabOmnibusConfig,
  rubyValue,
} from "../../../src/platform/render/index.js";
import type { PlatformSpec } from "../../../src/platform/spec/index.js";
import { parseGitlabRb, parseLiteral } from "./ruby-literal.js";
import { TLS_CASES, dockerSpec, kubernetesSpec, shippedStacks } from "./specs.js";

const PROXIES = ["172.30.0.0/16"];
const settings = (spec: PlatformSpec, secretsDir?: string): Map<string, unknown> =>
  parseGitlabRb(renderGitlabOmnibusConfig(spec, { trustedProxies: PROXIES, ...(secretsDir === undefined ? {} : { secretsDir }) }));

describe("GitLab Omnibus config", () => {
  it("is plain literals only, for every stack and TLS mode", async () => {
    const specs = [...(await shippedStacks()).map((stack) => stack.spec), ...TLS_CASES.map((c) => c.spec()), kubernetesSpec()];
    for (const spec of specs) expect(settings(spec).get("external_url")).toBe(`https://${spec.hostnames.gitlab}`);
  });

  it("serves plain HTTP on :80 behind Traefik, trusting only the proxy network for client IPs", () => {
    const rb = settings(dockerSpec({ gitlab: { sshPort: 2022 } }));
    expect(rb.get("nginx['listen_port']")).toBe(80);
    expect(rb.get("nginx['listen_https']")).toBe(false);
    expect(rb.get("letsencrypt['enable']")).toBe(false);
    expect(rb.get("nginx['real_ip_trusted_addresses']")).toEqual(PROXIES);
    expect(rb.get("gitlab_rails['trusted_proxies']")).toEqual(PROXIES);
    expect(rb.get("nginx['real_ip_header']")).toBe("X-Forwarded-For");
    expect(rb.get("nginx['proxy_set_headers']")).toEqual({ "X-Forwarded-Proto": "https", "X-Forwarded-Ssl": "on" });
    expect(rb.get("gitlab_rails['gitlab_shell_ssh_port']")).toBe(2022);
  });

  it("reads the root password and the OIDC client secret from mounted files at reconfigure time", () => {
    const rb = settings(dockerSpec(), "/s/gitlab");
    expect(rb.get("gitlab_rails['initial_root_password']")).toEqual({ readFile: "/s/gitlab/root-password" });
    const [provider] = rb.get("gitlab_rails['omniauth_providers']") as [{ args: { client_options: Record<string, unknown> } }];
    expect(provider.args.client_options["secret"]).toEqual({ readFile: "/s/gitlab/oidc-client-secret" });
  });

  it("signs users in through Authelia with the client Authelia registers", () => {
    const spec = dockerSpec({ hostnames: { gitlab: "git.lab.home.arpa" } });
    const rb = settings(spec);
    const [provider] = rb.get("gitlab_rails['omniauth_providers']") as [{ name: string; args: Record<string, unknown> & { client_options: Record<string, unknown> } }];
    const client = renderAutheliaConfig(spec).identity_providers.oidc.clients[0];
    expect(provider.name).toBe("openid_connect");
    expect(provider.args).toMatchObject({
      name: "openid_connect",
      issuer: "https://auth.lab.home.arpa",
      discovery: true,
      response_type: "code",
      pkce: true,
      uid_field: "preferred_username",
      // omniauth_openid_connect's 'basic' is HTTP Basic at the token endpoint: Authelia's client_secret_basic.
      client_auth_method: "basic",
      scope: client["scopes"],
    });
    expect(client["token_endpoint_auth_method"]).toBe("client_secret_basic");
    expect(provider.args.client_options["identifier"]).toBe(GITLAB_OIDC_CLIENT_ID);
    expect([provider.args.client_options["redirect_uri"]]).toEqual(client["redirect_uris"]);
    expect(rb.get("gitlab_rails['omniauth_allow_single_sign_on']")).toEqual(["openid_connect"]);
    expect(rb.get("gitlab_rails['omniauth_block_auto_created_users']")).toBe(false);
  });

  it("applies GitLab's memory-constrained settings for size small only", () => {
    const small = settings(dockerSpec({ gitlab: { size: "small" } }));
    expect(small.get("puma['worker_processes']")).toBe(0);
    expect(small.get("sidekiq['concurrency']")).toBe(10);
    expect(small.get("prometheus_monitoring['enable']")).toBe(false);
    expect(small.get("postgresql['shared_buffers']")).toBe("256MB");
    expect(small.get("gitlab_rails['env']")).toEqual({ MALLOC_CONF: "dirty_decay_ms:1000,muzzy_decay_ms:1000" });
    const medium = settings(dockerSpec({ gitlab: { size: "medium" } }));
    for (const key of ["puma['worker_processes']", "sidekiq['concurrency']", "prometheus_monitoring['enable']", "gitlab_rails['env']"]) expect(medium.has(key), key).toBe(false);
  });

  it("refuses to trust no proxy at all", () => {
    expect(() => renderGitlabOmnibusConfig(dockerSpec(), { trustedProxies: [] })).toThrow(/trustedProxies/);
  });

  it("passes the root email as a plain variable and no secret in the environment", () => {
    expect(gitlabEnvironment(dockerSpec({ gitlab: { rootEmail: "root@example.com" } }))).toEqual({ GITLAB_ROOT_EMAIL: "root@example.com" });
  });
});

describe("Ruby literals", () => {
  it("escape quotes and backslashes so a value never becomes code", () => {
    const tricky = { "it's": ["a\\b", "'; system('id'); '", 3, true], nested: {} };
    expect(parseLiteral(rubyValue(tricky))).toEqual(tricky);
    expect(() => rubyValue(Number.NaN)).toThrow();
  });
});
