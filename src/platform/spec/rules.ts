import { LAN_SUFFIXES } from "./defaults.js";
import type { PlatformConfigIssue } from "./errors.js";
import { formatPath } from "./errors.js";
import { didYouMean } from "./did-you-mean.js";
import { PLATFORM_CONFIG_KEYS } from "./platform-schema.js";
import type { Obj, Report } from "./raw-readers.js";
import { isObj, list, obj, str } from "./raw-readers.js";
import { isDnsName } from "./fields.js";
import { dnsRules, isWithinDomain } from "./rules-dns.js";
import { kubernetesRules } from "./rules-kubernetes.js";
import { runnerHostRules } from "./rules-runner-hosts.js";

/**
 * Rules that span fields. They read the raw config defensively, so they report alongside the field errors
 * (a type error elsewhere must not hide a duplicate host name).
 */

/** True when `domain` cannot get a public certificate (RFC 8375 home.arpa, .lan, .internal, …). */
export function isLanDomain(domain: string): boolean {
  return LAN_SUFFIXES.some((suffix) => domain === suffix || domain.endsWith(`.${suffix}`));
}

/** The TLS mode in effect: explicit, else local-ca for LAN domains and acme-http01 otherwise. */
export function effectiveTlsMode(raw: unknown): string {
  const config = obj(raw);
  const explicit = str(obj(config["tls"])["mode"]);
  if (explicit !== undefined) return explicit;
  const domain = str(config["domain"]);
  return domain !== undefined && !isLanDomain(domain) ? "acme-http01" : "local-ca";
}

/** `{ secret: <key> }` references anywhere in the config, with their paths. */
export function secretReferences(raw: unknown): { readonly path: string; readonly key: string }[] {
  const found: { path: string; key: string }[] = [];
  const walk = (value: unknown, path: PropertyKey[]): void => {
    if (Array.isArray(value)) value.forEach((item, index) => walk(item, [...path, index]));
    else if (isObj(value)) {
      const keys = Object.keys(value);
      const secret = value["secret"];
      if (keys.length === 1 && typeof secret === "string" && path.length > 1) found.push({ path: formatPath(path), key: secret });
      else for (const key of keys) walk(value[key], [...path, key]);
    }
  };
  for (const key of PLATFORM_CONFIG_KEYS) walk(obj(raw)[key], [key]);
  return found;
}

function topLevelRules(config: Obj, issue: Report): void {
  const referenced = new Map(secretReferences(config).map((ref) => [ref.key, ref.path]));
  for (const key of Object.keys(config)) {
    if ((PLATFORM_CONFIG_KEYS as readonly string[]).includes(key) || referenced.has(key)) continue;
    const guess = didYouMean(key, PLATFORM_CONFIG_KEYS);
    issue(key, `is not a known setting${guess === undefined ? ` (known: ${PLATFORM_CONFIG_KEYS.join(", ")})` : `; did you mean ${guess}?`}`);
  }
  for (const [key, path] of referenced) {
    const value = config[key];
    if (value === undefined) {
      issue(path, `refers to autogit:${key}, which is not set: run \`pulumi config set --secret autogit:${key} <value>\``);
    } else if (typeof value !== "string" && !(isObj(value) && typeof value["secure"] === "string")) {
      issue(key, "must be a secret string (set it with `pulumi config set --secret`)");
    }
  }

  const target = str(config["target"]);
  if (target === "docker") {
    if (config["kubernetes"] !== undefined) issue("kubernetes", "applies to target kubernetes only; remove it or set target: kubernetes");
    if (obj(config["dns"])["lanAddress"] === undefined) {
      issue("dns.lanAddress", "is required for target docker: the IPv4 address of this Docker host on your LAN, e.g. 192.168.1.10");
    }
  } else if (target === "kubernetes" && config["docker"] !== undefined) {
    issue("docker", "applies to target docker only; remove it or set target: docker (the cluster comes from the kubernetes provider's kubeconfig)");
  }
}

function tlsRules(config: Obj, issue: Report): void {
  const tls = obj(config["tls"]);
  const mode = effectiveTlsMode(config);
  const explicit = tls["mode"] !== undefined;
  if (mode.startsWith("acme-") && tls["email"] === undefined) {
    issue(
      "tls.email",
      explicit
        ? `is required for tls.mode ${mode}: the ACME account email Let's Encrypt sends expiry notices to`
        : `is required: tls.mode defaults to acme-http01 for the public domain ${str(config["domain"]) ?? ""}; set tls.email, or tls.mode: local-ca for a private CA`,
    );
  }
  if (mode === "acme-dns01" && tls["dns01"] === undefined) {
    issue("tls.dns01", "is required for tls.mode acme-dns01: { provider: cloudflare | route53 | digitalocean | rfc2136, credentials: … }");
  }
  if (mode !== "acme-dns01" && tls["dns01"] !== undefined) issue("tls.dns01", `applies to tls.mode acme-dns01 only (mode is ${mode})`);
  if (mode === "local-ca") {
    if (tls["email"] !== undefined) issue("tls.email", "applies to the acme modes only (mode is local-ca)");
    if (tls["staging"] === true) issue("tls.staging", "applies to the acme modes only (mode is local-ca)");
  }
  const domain = str(config["domain"]);
  if (mode.startsWith("acme-") && domain !== undefined && isLanDomain(domain)) {
    issue("tls.mode", `cannot be ${mode} for ${domain}: public CAs do not issue for private names; use local-ca`);
  }
}

function serviceRules(config: Obj, issue: Report): void {
  const domain = str(config["domain"]);
  const hostnames = obj(config["hostnames"]);
  const seen = new Map<string, string>();
  for (const service of ["gitlab", "auth", "traefik"] as const) {
    const explicit = str(hostnames[service]);
    const name = explicit ?? (domain === undefined ? undefined : `${service}.${domain}`);
    if (name === undefined) continue;
    if (explicit !== undefined && domain !== undefined && isDnsName(explicit) && isDnsName(domain) && !isWithinDomain(explicit, domain)) {
      // Authelia sets one session cookie for the domain, and the platform's zone, certificates and routes cover only it.
      issue(
        `hostnames.${service}`,
        `must be ${domain} or a name under it (got "${explicit}"): Authelia's session cookie is scoped to the domain and the platform serves only names in it; use ${explicit.split(".")[0] ?? service}.${domain}, or change domain`,
      );
    }
    const other = seen.get(name);
    if (other !== undefined) issue(`hostnames.${service}`, `is the same as hostnames.${other} (${name}); each service needs its own hostname`);
    else seen.set(name, service);
  }
  const sshPort = obj(config["gitlab"])["sshPort"];
  if (sshPort === 80 || sshPort === 443 || sshPort === 53) {
    issue("gitlab.sshPort", `cannot be ${sshPort}: Traefik takes 80 and 443 and CoreDNS 53; the default is 2222`);
  }
}

function ssoRules(config: Obj, issue: Report): void {
  const sso = obj(config["sso"]);
  const users = list(sso["users"]);
  const adminGroup = str(sso["adminGroup"]) ?? "admins";
  const seen = new Map<string, number>();
  const seenEmail = new Map<string, number>();
  users.forEach((user, index) => {
    const username = str(obj(user)["username"]);
    if (username !== undefined) {
      const first = seen.get(username.toLowerCase());
      if (first !== undefined) issue(`sso.users[${index}].username`, `duplicates sso.users[${first}].username ("${username}"); usernames must be unique`);
      else seen.set(username.toLowerCase(), index);
    }
    const email = str(obj(user)["email"]);
    if (email !== undefined) {
      const first = seenEmail.get(email.toLowerCase());
      if (first !== undefined) issue(`sso.users[${index}].email`, `duplicates sso.users[${first}].email; each user needs their own email (GitLab matches accounts by it)`);
      else seenEmail.set(email.toLowerCase(), index);
    }
  });
  const hasAdmin = users.some((user) => list(obj(user)["groups"]).includes(adminGroup));
  if (users.length > 0 && !hasAdmin) {
    issue("sso.users", `must include at least one member of sso.adminGroup ("${adminGroup}"), or nobody can administer GitLab: add "${adminGroup}" to a user's groups`);
  }
}

/** Every cross-field problem in the raw `autogit:` config. */
export function crossFieldIssues(raw: unknown): PlatformConfigIssue[] {
  const issues: PlatformConfigIssue[] = [];
  const issue = (path: string, message: string): void => {
    issues.push({ path, message });
  };
  if (!isObj(raw)) return issues;
  topLevelRules(raw, issue);
  tlsRules(raw, issue);
  serviceRules(raw, issue);
  ssoRules(raw, issue);
  dnsRules(raw, issue);
  runnerHostRules(raw, issue);
  kubernetesRules(raw, issue);
  return issues;
}
