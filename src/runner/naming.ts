import { randomInt } from "node:crypto";
import { MAX_RUNNER_NAME_LENGTH } from "./config/defaults.js";
import type { Arch, GpuVendor } from "./ports.js";

/** Every AutoGit runner carries this label; the reaper only touches registrations that have it. */
export const AUTOGIT_LABEL = "autogit";
const PREFIX = "autogit-";
const STAMP_LENGTH = 7;
const RANDOM_LENGTH = 6;
const ALPHABET = "0123456789abcdefghijklmnopqrstuvwxyz";

/** GitHub's default labels for a self-hosted Linux runner of each arch. */
const ARCH_LABEL: Readonly<Record<Arch, string>> = { amd64: "X64", arm64: "ARM64", riscv64: "RISCV64" };

export interface NamingContext {
  /** `owner/repo` of the workflow. */
  readonly repository: string;
  /** `GITHUB_RUN_ID`; "local" outside Actions. */
  readonly runId: string;
  readonly now: Date;
  /** Source of random characters; crypto by default. */
  readonly randomChar?: () => string;
}

/**
 * A runner name that is also its unique label: `autogit-<repo>-<run id>-<stamp><random>`.
 * The stamp (base36 seconds) lets the reaper tell a starting runner from a leaked one; the random part keeps
 * two starts of the same run apart (RELIABILITY 9). At most 64 characters, GitHub's limit.
 */
export function newRunnerName(context: NamingContext): string {
  const randomChar = context.randomChar ?? (() => ALPHABET.charAt(randomInt(ALPHABET.length)));
  const stamp = Math.floor(context.now.getTime() / 1000).toString(36).padStart(STAMP_LENGTH, "0");
  const random = Array.from({ length: RANDOM_LENGTH }, randomChar).join("");
  const runId = slug(context.runId).slice(0, 20) || "local";
  const tail = `-${runId}-${stamp}${random}`;
  const room = MAX_RUNNER_NAME_LENGTH - PREFIX.length - tail.length;
  const repo = slug(context.repository.split("/").pop() ?? "").slice(0, room).replace(/-+$/, "") || "repo";
  return `${PREFIX}${repo}${tail}`;
}

/** When the runner was named, read back from its name; undefined for names AutoGit did not make. */
export function runnerNameCreatedAt(name: string): Date | undefined {
  if (!isRunnerName(name)) return undefined;
  const last = name.slice(name.lastIndexOf("-") + 1);
  const seconds = Number.parseInt(last.slice(0, STAMP_LENGTH), 36);
  return Number.isFinite(seconds) ? new Date(seconds * 1000) : undefined;
}

/** Whether `name` has the shape `newRunnerName` produces. */
export function isRunnerName(name: string): boolean {
  return (
    name.length <= MAX_RUNNER_NAME_LENGTH &&
    new RegExp(`^${PREFIX}[a-z0-9-]+-[a-z0-9]{${STAMP_LENGTH + RANDOM_LENGTH}}$`).test(name)
  );
}

export interface LabelRequest {
  readonly unique: string;
  readonly arch: Arch;
  readonly gpu: GpuVendor;
  readonly extra: readonly string[];
}

export interface SharedLabelRequest {
  /** Native arch first, then any emulated ones. */
  readonly arches: readonly Arch[];
  readonly gpu: GpuVendor;
  readonly extra: readonly string[];
}

/**
 * The labels a runner shares with its host's other runners: `self-hosted`, `autogit`, OS, GitHub's label for each arch,
 * GPU, then the extras; no duplicates (GitHub compares case-insensitively). The platform's `githubRunnerLabels` uses it too.
 */
export function sharedRunnerLabels(request: SharedLabelRequest): string[] {
  const labels = ["self-hosted", AUTOGIT_LABEL, "Linux", ...request.arches.map((arch) => ARCH_LABEL[arch])];
  if (request.gpu !== "none") labels.push("gpu", `gpu-${request.gpu}`);
  return withoutDuplicates([...labels, ...request.extra]);
}

/** The unique label first, then the shared labels of `sharedRunnerLabels`. */
export function runnerLabels(request: LabelRequest): string[] {
  return withoutDuplicates([request.unique, ...sharedRunnerLabels({ arches: [request.arch], gpu: request.gpu, extra: request.extra })]);
}

/** How many labels `runnerLabels` adds before the user's own. */
export function builtInLabelCount(gpu: GpuVendor): number {
  return 1 + sharedRunnerLabels({ arches: ["amd64"], gpu, extra: [] }).length;
}

function withoutDuplicates(labels: readonly string[]): string[] {
  const seen = new Set<string>();
  return labels.filter((label) => {
    const key = label.toLowerCase();
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function slug(text: string): string {
  return text.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "");
}
