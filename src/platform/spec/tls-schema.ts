import { z } from "zod";
import { dnsName, email, port, secretRef } from "./fields.js";

const dns01 = z.discriminatedUnion(
  "provider",
  [
    z.strictObject({
      provider: z.literal("cloudflare"),
      /** API token with Zone:DNS:Edit on the zone. */
      credentials: z.strictObject({ apiToken: secretRef }),
    }),
    z.strictObject({
      provider: z.literal("route53"),
      /** AWS region, e.g. us-east-1. */
      region: z.string().regex(/^[a-z]{2}(-[a-z]+)+-\d$/, "must be an AWS region such as us-east-1"),
      /** Hosted zone id; absent = looked up from the domain. */
      hostedZoneId: z.string().regex(/^Z[A-Z0-9]+$/, "must be a Route 53 hosted zone id such as Z0123456789ABCDEFGHIJ").optional(),
      credentials: z.strictObject({ accessKeyId: secretRef, secretAccessKey: secretRef }),
    }),
    z.strictObject({
      provider: z.literal("digitalocean"),
      credentials: z.strictObject({ accessToken: secretRef }),
    }),
    z.strictObject({
      provider: z.literal("rfc2136"),
      /** Authoritative server accepting dynamic updates, host:port. */
      nameserver: z.string().refine((value) => {
        const [host = "", p, ...rest] = value.split(":");
        return rest.length === 0 && host !== "" && (p === undefined || port.safeParse(Number(p)).success);
      }, "must be host or host:port of the authoritative DNS server, e.g. 192.168.1.2:53"),
      tsigKeyName: dnsName.or(z.string().regex(/^[A-Za-z0-9.-]+\.?$/)),
      tsigAlgorithm: z.enum(["hmac-sha256", "hmac-sha512"]).default("hmac-sha256"),
      credentials: z.strictObject({ tsigSecret: secretRef }),
    }),
  ],
);

/** `tls`: how certificates are obtained. Mode-specific requirements are checked in `rules.ts`. */
export const tlsSchema = z.strictObject({
  /** `local-ca` (default for LAN domains), `acme-http01` (default otherwise) or `acme-dns01`. */
  mode: z.enum(["acme-http01", "acme-dns01", "local-ca"]).optional(),
  /** ACME account email; required for the acme modes. */
  email: email.optional(),
  /** Let's Encrypt staging CA. Default false. */
  staging: z.boolean().default(false),
  /** Required for `acme-dns01`. */
  dns01: dns01.optional(),
});

export type TlsInput = z.input<typeof tlsSchema>;
