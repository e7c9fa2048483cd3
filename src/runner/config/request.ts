import { z } from "zod";
import { ARCHES, GPU_VENDORS, PULL_POLICIES } from "../ports.js";
import type { ContainerLimits, GpuRequest, RunnerScope } from "../ports.js";
import { builtInLabelCount, isRunnerName } from "../naming.js";
import { DEFAULT_RUNNER_IMAGE, Defaults, MAX_RUNNER_LABELS, MIN_MEMORY_BYTES } from "./defaults.js";
import type { DockerHostEnv } from "../../backends/docker/host.js";
import { dockerTarget } from "./docker-host.js";
import type { DockerTarget } from "./docker-host.js";
import { formatDuration } from "./duration.js";
import * as field from "./fields.js";
import { Input } from "./input-names.js";
import type { RawInputs } from "./input-names.js";

export const MODES = ["start", "stop", "reap"] as const;

/** What the workflow environment contributes: the defaults GitHub sets for every step. */
export interface WorkflowContext {
  /** GITHUB_REPOSITORY */
  readonly repository?: string;
  /** GITHUB_RUN_ID */
  readonly runId?: string;
  /** GITHUB_API_URL */
  readonly apiUrl?: string;
  /** DOCKER_HOST, DOCKER_CERT_PATH, SSH_AUTH_SOCK: used when docker-host and its key inputs are empty, as the Docker CLI does. */
  readonly dockerEnv?: DockerHostEnv;
}

/** Every input named in a message lists the problem and what it accepts. Thrown before any side effect. */
export class InputError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`${problems.length === 1 ? "1 input is" : `${problems.length} inputs are`} invalid:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
    this.name = "InputError";
  }
}

function fieldsFor(context: WorkflowContext) {
  return {
    [Input.mode]: field.oneOf(Input.mode, MODES, undefined, { up: "start", down: "stop", delete: "stop", cleanup: "reap" }),
    [Input.githubToken]: field.required(Input.githubToken, "a token that may manage self-hosted runners (see docs/action.md#token-permissions)"),
    [Input.githubApiUrl]: field.httpUrl(Input.githubApiUrl, context.apiUrl ?? Defaults.githubApiUrl),
    [Input.repository]: field.repository(Input.repository, context.repository),
    [Input.organization]: field.optionalOrganization(Input.organization),
    [Input.runnerGroup]: field.optionalText(Input.runnerGroup, /^[^\s,][^,]{0,99}$/, "Default, gpu-runners or 3"),
    [Input.labels]: field.labelList(Input.labels),
    [Input.arch]: field.oneOf(Input.arch, ARCHES, Defaults.arch, { x86_64: "amd64", x64: "amd64", aarch64: "arm64", arm: "arm64", riscv: "riscv64" }),
    [Input.gpu]: field.oneOf(Input.gpu, GPU_VENDORS, Defaults.gpu, { cuda: "nvidia", rocm: "amd", radeon: "amd", false: "none" }),
    [Input.gpuCount]: field.gpuCount(Input.gpuCount),
    [Input.gpuGroups]: field.groupList(Input.gpuGroups),
    [Input.image]: field.optionalText(Input.image, /^[a-z0-9][a-z0-9._\-/:@]*$/i, DEFAULT_RUNNER_IMAGE),
    [Input.pull]: field.oneOf(Input.pull, PULL_POLICIES, Defaults.pull, { "if-not-present": "missing", ifnotpresent: "missing", true: "always", false: "never" }),
    [Input.network]: field.optionalText(Input.network, /^[A-Za-z0-9][A-Za-z0-9_.:-]*$/, "host, bridge or my-network"),
    [Input.dockerInsecureTcp]: field.boolean(Input.dockerInsecureTcp, false),
    [Input.startTimeout]: field.duration(Input.startTimeout, Defaults.startTimeout),
    [Input.idleTimeout]: field.duration(Input.idleTimeout, Defaults.idleTimeout),
    [Input.maxLifetime]: field.duration(Input.maxLifetime, Defaults.maxLifetime),
    [Input.stopTimeout]: field.duration(Input.stopTimeout, Defaults.stopTimeout),
    [Input.gracePeriod]: field.duration(Input.gracePeriod, Defaults.gracePeriod),
    [Input.cpus]: field.optionalPositiveNumber(Input.cpus, "2 or 0.5", false),
    [Input.memory]: field.optionalByteSize(Input.memory, MIN_MEMORY_BYTES),
    [Input.pidsLimit]: field.optionalPositiveNumber(Input.pidsLimit, "4096", true),
    [Input.label]: field.optionalText(Input.label, /^\S+$/, "the label output of a start step"),
  };
}

type Fields = ReturnType<typeof fieldsFor>;
type Parsed = { readonly [K in keyof Fields]: z.output<Fields[K]> } & { readonly docker: DockerTarget };

/**
 * Turns the action's raw inputs into a typed request with every default applied.
 * Throws one InputError listing every problem, so a user fixes them all in one round.
 */
export function parseActionRequest(raw: RawInputs, context: WorkflowContext = {}) {
  const fields = fieldsFor(context);
  const problems: string[] = [];
  const partial: Partial<Record<keyof Fields | "docker", unknown>> = {};
  for (const [name, schema] of Object.entries(fields) as [keyof Fields, z.ZodType][]) {
    const result = schema.safeParse(raw[name] ?? "");
    if (result.success) partial[name] = result.data;
    else problems.push(...result.error.issues.map((issue) => issue.message));
  }
  const docker = dockerTarget(
    {
      host: raw[Input.dockerHost] ?? "",
      tlsCa: raw[Input.dockerTlsCa] ?? "",
      tlsCert: raw[Input.dockerTlsCert] ?? "",
      tlsKey: raw[Input.dockerTlsKey] ?? "",
      sshPrivateKey: raw[Input.dockerSshKey] ?? "",
      insecureTcp: partial[Input.dockerInsecureTcp] === true,
    },
    context.dockerEnv ?? {},
  );
  if (typeof docker === "string") problems.push(docker);
  else partial.docker = docker;
  problems.push(...crossFieldProblems(partial as Partial<Parsed>, raw));
  if (problems.length > 0 || typeof docker === "string") throw new InputError(problems);
  return buildRequest({ ...z.object(fields).parse(raw), docker }, context);
}

function crossFieldProblems(v: Partial<Parsed>, raw: RawInputs): string[] {
  const problems: string[] = [];
  const given = (name: keyof RawInputs): boolean => (raw[name] ?? "").trim() !== "";
  if (v.mode === "start" && given(Input.label)) {
    problems.push(`${Input.label} is read by mode stop only; for extra runner labels use ${Input.labels}`);
  }
  if (v.mode === "stop" && v.label !== undefined && !isRunnerName(v.label)) {
    problems.push(`${Input.label} must be the label output of a start step, like autogit-widgets-19523456789-0toxjcvjcgbu1 (got ${JSON.stringify(v.label)}); stop never removes runners AutoGit did not start`);
  }
  if (v.gpu === "none" && given(Input.gpuCount) && raw[Input.gpuCount].trim().toLowerCase() !== "all") {
    problems.push(`${Input.gpuCount} needs ${Input.gpu} set to nvidia, amd or intel (gpu is "none")`);
  }
  if (v.gpu !== undefined && v.gpu !== "amd" && v.gpu !== "intel" && given(Input.gpuGroups)) {
    problems.push(`${Input.gpuGroups} applies to ${Input.gpu} amd or intel only (gpu is "${v.gpu}"): leave ${Input.gpuGroups} empty`);
  }
  if (v.labels !== undefined && v.gpu !== undefined) {
    const room = MAX_RUNNER_LABELS - builtInLabelCount(v.gpu) - 1;
    const extra = new Set(v.labels.map((label) => label.toLowerCase())).size;
    if (extra > room) {
      problems.push(`${Input.labels} has ${extra} labels but a runner takes at most ${MAX_RUNNER_LABELS} in total and AutoGit adds ${MAX_RUNNER_LABELS - room} of its own, so at most ${room} fit`);
    }
  }
  const { [Input.startTimeout]: start, [Input.idleTimeout]: idle, [Input.maxLifetime]: lifetime } = v;
  if (start !== undefined && lifetime !== undefined && start >= lifetime) {
    problems.push(`${Input.startTimeout} (${formatDuration(start)}) must be shorter than ${Input.maxLifetime} (${formatDuration(lifetime)})`);
  }
  if (idle !== undefined && lifetime !== undefined && idle > lifetime) {
    problems.push(`${Input.idleTimeout} (${formatDuration(idle)}) must not exceed ${Input.maxLifetime} (${formatDuration(lifetime)})`);
  }
  const group = v[Input.runnerGroup];
  if (v.organization === undefined && group !== undefined && !["default", "1"].includes(group.toLowerCase())) {
    problems.push(`${Input.runnerGroup} applies to organization runners only: set ${Input.organization}, or leave ${Input.runnerGroup} empty (repository runners are always in the Default group)`);
  }
  const tls = [Input.dockerTlsCa, Input.dockerTlsCert, Input.dockerTlsKey].filter(given);
  if (tls.length > 0 && v.docker !== undefined && !v.docker.display.startsWith("tcp://")) {
    problems.push(`${tls.join(", ")} apply to a tcp:// ${Input.dockerHost} only (the engine is ${v.docker.display})`);
  }
  return problems;
}

function buildRequest(v: Parsed, context: WorkflowContext) {
  const scope: RunnerScope =
    v.organization === undefined
      ? { kind: "repository", owner: v.repository.owner, repo: v.repository.repo }
      : { kind: "organization", org: v.organization };
  const common = {
    github: { token: v[Input.githubToken], apiUrl: v[Input.githubApiUrl] },
    docker: v.docker,
    scope,
    /** `owner/repo` of the workflow; names runners. */
    repository: `${v.repository.owner}/${v.repository.repo}`,
    /** GITHUB_RUN_ID; names runners. */
    runId: context.runId?.trim() || "local",
  };
  const pidsLimit = v[Input.pidsLimit];
  const limits: ContainerLimits = {
    ...(v.cpus === undefined ? {} : { cpus: v.cpus }),
    ...(v.memory === undefined ? {} : { memoryBytes: v.memory }),
    ...(pidsLimit === undefined ? {} : { pidsLimit }),
  };
  const gpuGroups = v[Input.gpuGroups];
  const gpu: GpuRequest = { vendor: v.gpu, count: v[Input.gpuCount], ...(gpuGroups.length === 0 ? {} : { groups: gpuGroups }) };
  return {
    ...common,
    mode: v.mode,
    start: {
      runnerGroup: v[Input.runnerGroup] ?? Defaults.runnerGroup,
      extraLabels: v.labels,
      arch: v.arch,
      gpu,
      image: v.image ?? Defaults.image,
      pull: v.pull,
      ...(v.network === undefined ? {} : { network: v.network }),
      limits,
      startTimeoutSeconds: v[Input.startTimeout],
      idleTimeoutSeconds: v[Input.idleTimeout],
      maxLifetimeSeconds: v[Input.maxLifetime],
    },
    stop: {
      ...(v.label === undefined ? {} : { label: v.label }),
      timeoutSeconds: v[Input.stopTimeout],
    },
    reap: { gracePeriodSeconds: v[Input.gracePeriod] },
  };
}

export type ActionRequest = ReturnType<typeof parseActionRequest>;
export type StartOptions = ActionRequest["start"];
export type StopOptions = ActionRequest["stop"];
export type ReapOptions = ActionRequest["reap"];
