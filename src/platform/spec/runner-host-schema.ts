import { z } from "zod";
import { ARCHES } from "../../runner/ports.js";
import { dnsName, gotSuffix, groupRef, port, positiveInt, runnerLabel, secretRef } from "./fields.js";
import { HOST_GPU_VENDORS, NATIVE_ARCHES } from "./types.js";

const ALIASES: Readonly<Record<string, string>> = { x86_64: "amd64", x64: "amd64", x86: "amd64", aarch64: "arm64", arm: "arm64", riscv: "riscv64" };

const suggestion = (input: unknown): string => {
  const alias = typeof input === "string" ? ALIASES[input.toLowerCase()] : undefined;
  return alias === undefined ? "" : `; did you mean ${alias}?`;
};

/** Native arch of a host. riscv64 is refused with the way to get it: emulation on an amd64 or arm64 host. */
const nativeArch = z.string().superRefine((value, ctx) => {
  if (value === "riscv64") {
    ctx.addIssue({
      code: "custom",
      message:
        'cannot be riscv64: the GitLab and GitHub runner agents have no riscv64 build. Run riscv64 jobs on an amd64 or arm64 host with emulate: [riscv64] (QEMU binfmt)',
    });
  } else if (!(NATIVE_ARCHES as readonly string[]).includes(value)) {
    ctx.addIssue({ code: "custom", message: `must be one of ${NATIVE_ARCHES.join(", ")}${gotSuffix(value)}${suggestion(value)}` });
  }
});

const anyArch = z.string().refine((value) => (ARCHES as readonly string[]).includes(value), {
  error: (issue) => `must be one of ${ARCHES.join(", ")}${gotSuffix(issue.input)}${suggestion(issue.input)}`,
});

const gpuSchema = z.strictObject({
  vendor: z.string().refine((value) => (HOST_GPU_VENDORS as readonly string[]).includes(value), {
    error: (issue) => `must be one of ${HOST_GPU_VENDORS.join(", ")}${gotSuffix(issue.input)}`,
  }),
  /** Devices per job: a positive count or "all". Default "all" (Docker) / 1 (Kubernetes). */
  count: z
    .union([z.literal("all"), z.number()])
    .refine((value) => value === "all" || (Number.isInteger(value) && value >= 1), {
      error: (issue) => `must be a whole number of at least 1, or "all"${gotSuffix(issue.input)}`,
    })
    .optional(),
  /** AMD and Intel on docker: groups job containers join to open the device files; numeric host gids recommended. */
  groups: z.array(groupRef).optional(),
});

const pem = (kind: string) =>
  z.string().refine((value) => /^-----BEGIN [A-Z ]+-----[\s\S]+-----END [A-Z ]+-----\s*$/.test(value.trim()), {
    error: `must be a PEM ${kind} (-----BEGIN CERTIFICATE-----…) or { secret: <config key> }`,
  });

const hostName = z.string().refine((value) => dnsName.safeParse(value).success || z.ipv4().safeParse(value).success || /^[a-z0-9]([a-z0-9-]*[a-z0-9])?$/.test(value), {
  error: (issue) => `must be a host name or IPv4 address, without scheme or port${gotSuffix(issue.input)}`,
});

const connectionSchema = z.discriminatedUnion("kind", [
  z.strictObject({ kind: z.literal("local") }),
  z.strictObject({
    kind: z.literal("ssh"),
    host: hostName,
    /** SSH user; absent = the user of the process (and ~/.ssh/config). */
    user: z.string().regex(/^[a-z_][a-z0-9_.-]*$/, "must be a Unix user name").optional(),
    port: port.default(22),
  }),
  z.strictObject({
    kind: z.literal("tcp"),
    host: hostName,
    port: port.default(2376),
    /** Docker's TLS client authentication; a Docker API without TLS would let anyone on the network run root containers. */
    tls: z.strictObject({
      caCert: z.union([pem("certificate"), secretRef]),
      clientCert: z.union([pem("certificate"), secretRef]),
      clientKey: secretRef,
    }),
  }),
]);

const tolerationSchema = z.strictObject({
  key: z.string().min(1).optional(),
  operator: z.enum(["Equal", "Exists"]).default("Equal"),
  value: z.string().optional(),
  effect: z.enum(["NoSchedule", "PreferNoSchedule", "NoExecute"]).optional(),
});

/**
 * One runner host (Docker target) or runner pool (Kubernetes target). Fields of the other target are accepted
 * by the shape and refused with a reason in `rules.ts`, so both kinds of mistake are reported together.
 */
export const runnerHostSchema = z.strictObject({
  name: z.string().refine((value) => /^[a-z0-9]([a-z0-9-]{0,38}[a-z0-9])?$/.test(value), {
    error: (issue) => `must be a DNS label of at most 40 characters: lower-case letters, digits and hyphens${gotSuffix(issue.input)}`,
  }),
  arch: nativeArch,
  emulate: z.array(anyArch).default([]),
  gpu: gpuSchema.optional(),
  capacity: positiveInt(64).default(2),
  labels: z.array(runnerLabel).max(50, "must list at most 50 labels").default([]),
  /** Docker target only. Default { kind: local }. */
  connection: connectionSchema.optional(),
  /** Kubernetes target only. Default 1. */
  replicas: positiveInt(100).optional(),
  /** Kubernetes target only. */
  nodeSelector: z.record(z.string().min(1), z.string()).optional(),
  /** Kubernetes target only. */
  tolerations: z.array(tolerationSchema).optional(),
});

export type RunnerHostInput = z.input<typeof runnerHostSchema>;
