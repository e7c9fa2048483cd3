import type { LocalZone } from "./dns-zones.js";

/** Default TTL of the local records, seconds: short, so a changed address is picked up soon. */
export const LOCAL_RECORD_TTL = 60;

/**
 * RFC 1035 zone file for CoreDNS's `file` plugin: SOA and NS at the apex (the nameserver `ns.<zone>` gets a glue
 * record at `nameserverAddress` unless the zone defines that name), then the zone's records, all as absolute
 * names. The SOA serial is a hash of the content, so it changes exactly when the records do and the `file`
 * plugin's reload picks the change up; the output is a pure function of its input.
 */
export function renderZoneFile(zone: LocalZone, nameserverAddress: string, ttl: number = LOCAL_RECORD_TTL): string {
  const apex = `${zone.zone}.`;
  const ns = `ns.${apex}`;
  const lines: string[] = [];
  if (!zone.records.some((record) => `${record.fqdn}.` === ns)) {
    lines.push(record(ns, nameserverAddress.includes(":") ? "AAAA" : "A", nameserverAddress));
  }
  for (const entry of zone.records) lines.push(record(`${entry.fqdn}.`, entry.type, entry.type === "CNAME" ? absolute(entry.value) : entry.value));
  const body = lines.join("\n");
  return [
    `$ORIGIN ${apex}`,
    `$TTL ${ttl}`,
    `${apex}\tIN\tSOA\t${ns} hostmaster.${apex} ${serial(body)} 3600 600 604800 ${ttl}`,
    `${apex}\tIN\tNS\t${ns}`,
    body,
    "",
  ].join("\n");
}

/** File name of a zone's file: `db.<zone>`. */
export function zoneFileName(zone: string): string {
  return `db.${zone}`;
}

function record(name: string, type: string, value: string): string {
  return `${name}\tIN\t${type}\t${value}`;
}

function absolute(name: string): string {
  return name.endsWith(".") ? name : `${name}.`;
}

// FNV-1a, 32 bits; 0 is avoided because some tools treat it as "unset".
function serial(text: string): number {
  let hash = 0x811c9dc5;
  for (const byte of Buffer.from(text, "utf8")) {
    hash ^= byte;
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash === 0 ? 1 : hash;
}
