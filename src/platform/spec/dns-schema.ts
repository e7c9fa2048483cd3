import { z } from "zod";
import { DEFAULT_ALLOWED_NETWORKS, DEFAULT_UPSTREAMS } from "./defaults.js";
import { cidr, dnsName, gotSuffix, ipAddress, ipv4, isDnsLabel, isDnsName } from "./fields.js";

const recordName = z.string().refine((value) => value === "@" || isDnsLabel(value) || isDnsName(value.replace(/\.$/, "")), {
  error: (issue) => `must be a name relative to the domain (nas), @ for the domain itself, or a fully qualified name${gotSuffix(issue.input)}`,
});

/** A record in the local zone. Its value is checked against its type in `rules.ts`. */
export const dnsRecordSchema = z.strictObject({
  /** `nas` → `nas.<domain>`; `@` → the domain; a name ending in the domain, or in a dot, is taken as is. */
  name: recordName,
  type: z.enum(["A", "AAAA", "CNAME"]),
  value: z.string(),
});

export const dnsSchema = z.strictObject({
  /** IPv4 the service records point at and CoreDNS binds on. Required for the Docker target. */
  lanAddress: ipv4.optional(),
  upstreams: z.array(ipAddress).min(1, "must list at least one upstream resolver").default([...DEFAULT_UPSTREAMS]),
  allowedNetworks: z.array(cidr).min(1, "must list at least one network, or CoreDNS answers nobody").default([...DEFAULT_ALLOWED_NETWORKS]),
  records: z.array(dnsRecordSchema).default([]),
  conditionalForwards: z
    .array(z.strictObject({ zone: dnsName, servers: z.array(ipAddress).min(1, "must list at least one server") }))
    .default([]),
  cacheSeconds: z.number().int().min(0).max(86400).default(300),
});

export type DnsInput = z.input<typeof dnsSchema>;
