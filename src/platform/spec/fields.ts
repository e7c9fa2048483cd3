import { z } from "zod";
import { MAX_GID, isContainerGroup } from "../../runner/groups.js";

/**
 * Reusable field schemas. Each carries the message a user sees after the path, so errors read
 * `dns.upstreams[1] must be an IPv4 or IPv6 address (got "1.1.1")`.
 */

const got = (input: unknown): string => {
  if (typeof input === "string") return JSON.stringify(input);
  if (typeof input === "number" || typeof input === "boolean") return String(input);
  if (input === null) return "null";
  if (Array.isArray(input)) return "a list";
  return typeof input === "object" ? "an object" : typeof input;
};

/** `(got "x")`, used in custom messages. */
export const gotSuffix = (input: unknown): string => ` (got ${got(input)})`;

const DNS_LABEL = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/;

export function isDnsLabel(value: string): boolean {
  return DNS_LABEL.test(value);
}

export function isDnsName(value: string): boolean {
  if (value.length === 0 || value.length > 253) return false;
  const labels = value.split(".");
  return labels.length >= 2 && labels.every((label) => DNS_LABEL.test(label)) && !/^\d+$/.test(labels.at(-1) ?? "");
}

/** A lower-case DNS name with at least two labels, e.g. `lab.home.arpa`. */
export const dnsName = z.string().refine(isDnsName, {
  error: (issue) =>
    `must be a lower-case DNS name such as lab.home.arpa or ci.example.com (letters, digits, hyphens, dots; no scheme or port)${gotSuffix(issue.input)}`,
});

/** A DNS label: lower-case letters, digits and hyphens, at most 63 characters. */
export const dnsLabel = z.string().refine(isDnsLabel, {
  error: (issue) =>
    `must be a DNS label: lower-case letters, digits and hyphens, starting and ending with a letter or digit, at most 63 characters${gotSuffix(issue.input)}`,
});

export function isIpv4(value: string): boolean {
  return z.ipv4().safeParse(value).success;
}

export const ipv4 = z.string().refine(isIpv4, {
  error: (issue) => `must be an IPv4 address such as 192.168.1.10${gotSuffix(issue.input)}`,
});

export function isIp(value: string): boolean {
  return z.ipv4().safeParse(value).success || z.ipv6().safeParse(value).success;
}

export const ipAddress = z.string().refine(isIp, {
  error: (issue) => `must be an IPv4 or IPv6 address${gotSuffix(issue.input)}`,
});

export const cidr = z.string().refine((value) => z.cidrv4().safeParse(value).success || z.cidrv6().safeParse(value).success, {
  error: (issue) => `must be a CIDR range such as 192.168.0.0/16${gotSuffix(issue.input)}`,
});

export const port = z
  .number()
  .int()
  .refine((value) => value >= 1 && value <= 65535, {
    error: (issue) => `must be a TCP port between 1 and 65535${gotSuffix(issue.input)}`,
  });

/** A positive whole number. */
export const positiveInt = (max: number) =>
  z
    .number()
    .int()
    .refine((value) => value >= 1 && value <= max, {
      error: (issue) => `must be a whole number between 1 and ${max}${gotSuffix(issue.input)}`,
    });

/**
 * A pinned image tag or chart version. `latest` (or an empty tag) is rejected: a platform whose parts change on
 * a restart cannot be reproduced or rolled back.
 */
export const pinnedVersion = (what: string, example: string, pattern?: RegExp, hint?: (value: string) => string | undefined) =>
  z.string().superRefine((value, ctx) => {
    const special = hint?.(value);
    if (special !== undefined) {
      ctx.addIssue({ code: "custom", message: special });
      return;
    }
    if (value.trim() === "" || /^(latest|stable|main|master)$/i.test(value)) {
      ctx.addIssue({ code: "custom", message: `must be a pinned ${what} version such as "${example}", not "${value}"` });
    } else if (pattern !== undefined && !pattern.test(value)) {
      ctx.addIssue({ code: "custom", message: `must be a ${what} version like "${example}"${gotSuffix(value)}` });
    }
  });

/** A runner label or tag: no whitespace or commas (both runners split on them), at most 100 characters. */
export const runnerLabel = z.string().refine((value) => /^[^\s,]{1,100}$/.test(value), {
  error: (issue) => `must be a label without spaces or commas, 1 to 100 characters${gotSuffix(issue.input)}`,
});

function isGroupRef(value: unknown): value is number | string {
  if (typeof value === "number") return Number.isInteger(value) && value >= 0 && value <= MAX_GID;
  return typeof value === "string" && isContainerGroup(value);
}

/** A group a container joins: a numeric gid (`993` or `"993"`) or a POSIX group name. */
export const groupRef = z.custom<number | string>(isGroupRef, {
  error: (issue) => `must be a numeric group id (0 to ${MAX_GID}) or a POSIX group name, like 993 or render${gotSuffix(issue.input)}`,
});

/** An email address. */
export const email = z.string().refine((value) => z.email().safeParse(value).success, {
  error: (issue) => `must be an email address${gotSuffix(issue.input)}`,
});

/** A duration in Authelia's short form: `90s`, `5m`, `1h`, `7d`, `1w`, `1M`, `1y`. */
export const duration = z.string().refine((value) => /^[1-9]\d*(s|m|h|d|w|M|y)$/.test(value), {
  error: (issue) => `must be a duration such as 30m, 1h, 7d or 1M${gotSuffix(issue.input)}`,
});

/**
 * Where a secret comes from. The secret itself never sits in the spec:
 * `{ secret: "cloudflareApiToken" }` names another key of this stack, `autogit:cloudflareApiToken`, set with
 * `pulumi config set --secret autogit:cloudflareApiToken …`; `{ env: "CF_DNS_API_TOKEN" }` names an environment
 * variable of the `pulumi up` process.
 */
export const secretRef = z.union(
  [
    z.strictObject({ secret: z.string().regex(/^[A-Za-z][A-Za-z0-9_-]*$/) }),
    z.strictObject({ env: z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/) }),
  ],
  {
    // Never echo the input: a user who wrote the secret itself here must not see it printed in CI logs.
    error: (issue) =>
      typeof issue.input === "string"
        ? "must name where the secret is kept, not hold it: store it with `pulumi config set --secret autogit:<key> <value>` and write { secret: <key> } (or { env: <VARIABLE> })"
        : "must be { secret: <config key> } (a key set with `pulumi config set --secret autogit:<key>`) or { env: <VARIABLE> }",
  },
);
