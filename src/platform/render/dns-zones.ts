import type { DnsRecord, PlatformSpec } from "../spec/index.js";
import { isWithinZone } from "./names.js";

/** A zone CoreDNS answers authoritatively, with its records as absolute names. */
export interface LocalZone {
  /** Zone apex without trailing dot, e.g. `lab.home.arpa`. */
  readonly zone: string;
  readonly records: readonly DnsRecord[];
}

/**
 * The records CoreDNS serves: an A (or AAAA) record per service hostname pointing at `serviceAddress`, then
 * `dns.records`. Grouped by zone: `domain` holds every name under it; a name outside it becomes its own zone.
 * Conditional-forward zones must not coincide with a served zone (CoreDNS refuses a zone served twice).
 */
export function localZones(spec: PlatformSpec, serviceAddress: string): readonly LocalZone[] {
  const type = serviceAddress.includes(":") ? "AAAA" : "A";
  const services = [spec.hostnames.gitlab, spec.hostnames.auth, spec.hostnames.traefik].map(
    (fqdn): DnsRecord => ({ fqdn: fqdn.toLowerCase(), type, value: serviceAddress }),
  );
  const records = [...services, ...spec.dns.records.map((record) => ({ ...record, fqdn: record.fqdn.toLowerCase() }))];
  const zones = new Map<string, DnsRecord[]>([[spec.domain.toLowerCase(), []]]);
  for (const record of records) {
    const zone = isWithinZone(record.fqdn, spec.domain) ? spec.domain.toLowerCase() : record.fqdn;
    zones.set(zone, [...(zones.get(zone) ?? []), record]);
  }
  for (const [index, forward] of spec.dns.conditionalForwards.entries()) {
    const zone = forward.zone.toLowerCase().replace(/\.$/, "");
    if (zones.has(zone)) {
      throw new Error(`dns.conditionalForwards[${index}].zone "${forward.zone}" is a zone AutoGit already serves; forward a zone below it, or move the record`);
    }
  }
  return [...zones].map(([zone, zoneRecords]) => ({ zone, records: zoneRecords }));
}
