import { isDnsName, isIp, isIpv4 } from "./fields.js";
import type { Obj, Report } from "./raw-readers.js";
import { list, obj, str } from "./raw-readers.js";

/**
 * Record values fit their type; no CNAME beside other records; no record redefines a service hostname; no
 * conditional forward takes over the zone the platform serves.
 */
export function dnsRules(config: Obj, issue: Report): void {
  list(obj(config["dns"])["allowedNetworks"]).forEach((network, index) => {
    if (typeof network === "string" && /\/0$/.test(network)) {
      issue(`dns.allowedNetworks[${index}]`, `would let the whole internet query CoreDNS (an open resolver, abused for DNS amplification); list your LAN ranges instead (got "${network}")`);
    }
  });
  const domain = str(config["domain"]);
  const hostnames = obj(config["hostnames"]);
  const serviceNames = new Set(
    domain === undefined
      ? []
      : (["gitlab", "auth", "traefik"] as const).map((service) => str(hostnames[service]) ?? `${service}.${domain}`),
  );
  const records = list(obj(config["dns"])["records"]);
  const names = new Map<string, { index: number; type: string }[]>();
  records.forEach((record, index) => {
    const r = obj(record);
    const type = str(r["type"]);
    const value = str(r["value"]);
    const path = `dns.records[${index}].value`;
    if (value !== undefined) {
      if (type === "A" && !isIpv4(value)) issue(path, `must be an IPv4 address for an A record (got ${JSON.stringify(value)})`);
      if (type === "AAAA" && !(isIp(value) && value.includes(":"))) issue(path, `must be an IPv6 address for an AAAA record (got ${JSON.stringify(value)})`);
      if (type === "CNAME" && !isDnsName(value.replace(/\.$/, ""))) issue(path, `must be a DNS name for a CNAME record (got ${JSON.stringify(value)})`);
    }
    const name = str(r["name"]);
    if (name === undefined || domain === undefined || type === undefined) return;
    const fqdn = absoluteName(name, domain);
    if (serviceNames.has(fqdn)) issue(`dns.records[${index}].name`, `${fqdn} is a service hostname the platform already serves; remove this record or change hostnames`);
    names.set(fqdn, [...(names.get(fqdn) ?? []), { index, type }]);
  });
  if (domain !== undefined && isDnsName(domain)) {
    list(obj(config["dns"])["conditionalForwards"]).forEach((forward, index) => {
      const zone = str(obj(forward)["zone"]);
      if (zone === undefined || !isDnsName(zone) || !isWithinDomain(zone, domain)) return;
      issue(
        `dns.conditionalForwards[${index}].zone`,
        `${zone === domain ? "is" : "is under"} the zone the platform serves (domain ${domain}): forwarding it would shadow the platform's own records (service hostnames, dns.records); forward a zone outside ${domain}, or add the names to dns.records (got "${zone}")`,
      );
    });
  }
  for (const [fqdn, entries] of names) {
    const cname = entries.find((entry) => entry.type === "CNAME");
    if (cname !== undefined && entries.length > 1) {
      issue(`dns.records[${cname.index}].name`, `${fqdn} has a CNAME and other records; a CNAME must be the only record of its name`);
    }
  }
}

/** `nas` → `nas.<domain>`, `@` → domain; names ending in the domain or in a dot are absolute. */
export function absoluteName(name: string, domain: string): string {
  if (name === "@") return domain;
  if (name.endsWith(".")) return name.slice(0, -1);
  if (name === domain || name.endsWith(`.${domain}`)) return name;
  return `${name}.${domain}`;
}

/** True when `name` is `domain` itself or a name under it. */
export function isWithinDomain(name: string, domain: string): boolean {
  return name === domain || name.endsWith(`.${domain}`);
}
