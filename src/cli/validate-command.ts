import { readdir } from "node:fs/promises";
import { relative } from "node:path";
import { PlatformConfigError, parsePlatformSpec } from "../platform/spec/index.js";
import type { PlatformSpec } from "../platform/spec/index.js";
import { examplePasswordWarnings } from "./example-password.js";
import { loadStackConfig, stackFilePath } from "./stack-config.js";
import { summarizeSpec } from "./summary.js";

export interface ValidateIo {
  readonly out: (line: string) => void;
  readonly err: (line: string) => void;
  /** Environment used to check `{ env: NAME }` references. */
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Directory stack names are resolved in. */
  readonly stacksDir: string;
}

/** Exit codes: 0 valid, 1 invalid or unreadable, 2 usage. */
export async function runValidate(args: readonly string[], io: ValidateIo): Promise<number> {
  const target = args.find((arg) => arg !== "--");
  if (target === undefined || target === "-h" || target === "--help") {
    io.err("usage: npm run validate -- <stack | path/to/Pulumi.<stack>.yaml>");
    const stacks = await listStacks(io.stacksDir);
    if (stacks.length > 0) io.err(`stacks in ${io.stacksDir}: ${stacks.join(", ")}`);
    return 2;
  }
  const path = stackFilePath(target, io.stacksDir);
  const shown = relative(process.cwd(), path) || path;
  let raw: Record<string, unknown>;
  try {
    raw = await loadStackConfig(path);
  } catch (error) {
    io.err((error as Error).message);
    return 1;
  }
  let spec: PlatformSpec;
  try {
    spec = parsePlatformSpec(raw);
  } catch (error) {
    if (!(error instanceof PlatformConfigError)) throw error;
    io.err(`${shown}: invalid`);
    io.err(error.message);
    return 1;
  }
  io.out(`${shown}: valid`);
  for (const line of summarizeSpec(spec)) io.out(line);
  for (const warning of [...secretWarnings(spec, raw, io.env, shown), ...examplePasswordWarnings(spec), ...gpuGroupWarnings(spec)]) io.err(`warning: ${warning}`);
  return 0;
}

/**
 * What `pulumi up` would trip over that a stack file cannot prove: secret keys stored in clear text, and
 * environment variables the config names but this shell lacks.
 */
export function secretWarnings(
  spec: PlatformSpec,
  raw: Readonly<Record<string, unknown>>,
  env: Readonly<Record<string, string | undefined>>,
  file: string,
): string[] {
  const warnings: string[] = [];
  for (const key of spec.secretKeys) {
    if (typeof raw[key] === "string") {
      warnings.push(`autogit:${key} is in clear text in ${file}; store it encrypted with \`pulumi config set --secret autogit:${key} <value>\``);
    }
  }
  for (const name of envReferences(raw)) {
    if (env[name] === undefined) warnings.push(`${name} is not set in this environment; pulumi up reads it`);
  }
  return warnings;
}

/**
 * One warning per AMD or Intel runner host on docker without `gpu.groups`: its jobs join no group, and a job that does
 * not run as root then cannot open the device files, which belong to the host's `video` and `render` groups.
 * `groups: []` says every job runs as root and silences it.
 */
export function gpuGroupWarnings(spec: PlatformSpec): string[] {
  if (spec.target !== "docker") return [];
  return spec.runnerHosts.flatMap((host, index) => {
    const gpu = host.gpu;
    if (gpu === undefined || gpu.vendor === "nvidia" || gpu.groups !== undefined) return [];
    const devices = gpu.vendor === "amd" ? "/dev/kfd and /dev/dri" : "/dev/dri";
    return [
      `runnerHosts[${index}].gpu.groups (${host.name}) is not set, so its ${gpu.vendor} GPU jobs join no group that owns ${devices}, and those not running as root cannot open them; ` +
        `run \`getent group video render\` on that host and set the gids it prints, e.g. gpu: { vendor: ${gpu.vendor}, groups: [44, 993] } for video:x:44: and render:x:993: ` +
        "(numbers: a group name is looked up in the job image, which may lack it or give it another gid), or groups: [] if every job runs as root",
    ];
  });
}

function envReferences(value: unknown): string[] {
  if (Array.isArray(value)) return value.flatMap(envReferences);
  if (typeof value !== "object" || value === null) return [];
  const record = value as Record<string, unknown>;
  const env = record["env"];
  if (Object.keys(record).length === 1 && typeof env === "string") return [env];
  return [...new Set(Object.values(record).flatMap(envReferences))];
}

async function listStacks(dir: string): Promise<string[]> {
  try {
    const files = await readdir(dir);
    return files.flatMap((file) => /^Pulumi\.(.+)\.ya?ml$/.exec(file)?.[1] ?? []).sort();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return [];
    throw error;
  }
}
