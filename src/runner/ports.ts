/**
 * The two external systems a runner's lifecycle touches, each behind one small interface.
 * `src/github/` implements RunnerRegistry with Octokit; `src/backends/docker/` implements RunnerBackend
 * with dockerode. The lifecycle (`src/runner/lifecycle/`) only sees these types.
 */

export const Arch = { amd64: "amd64", arm64: "arm64", riscv64: "riscv64" } as const;
export type Arch = (typeof Arch)[keyof typeof Arch];
export const ARCHES = Object.values(Arch);

export const GpuVendor = { none: "none", nvidia: "nvidia", amd: "amd", intel: "intel" } as const;
export type GpuVendor = (typeof GpuVendor)[keyof typeof GpuVendor];
export const GPU_VENDORS = Object.values(GpuVendor);

export const PullPolicy = { missing: "missing", always: "always", never: "never" } as const;
export type PullPolicy = (typeof PullPolicy)[keyof typeof PullPolicy];
export const PULL_POLICIES = Object.values(PullPolicy);

/** Where a runner is registered at GitHub. */
export type RunnerScope =
  | { readonly kind: "repository"; readonly owner: string; readonly repo: string }
  | { readonly kind: "organization"; readonly org: string };

/** A runner registration as GitHub reports it (subset of the REST `runner` schema). */
export interface RegisteredRunner {
  readonly id: number;
  readonly name: string;
  readonly status: "online" | "offline";
  readonly busy: boolean;
  readonly labels: readonly string[];
}

export interface JitRunner {
  readonly runner: RegisteredRunner;
  /** Base64 JIT configuration. A secret: mask it before anything is logged. */
  readonly encodedJitConfig: string;
}

export interface JitRequest {
  readonly scope: RunnerScope;
  readonly name: string;
  readonly labels: readonly string[];
  /** The runner group's id, from `RunnerRegistry.resolveRunnerGroup`. */
  readonly runnerGroupId: number;
}

/** Outcome of removing a registration: `gone` covers 404, which is success for a stop. */
export type RemoveOutcome = "removed" | "gone";

export interface RunnerRegistry {
  /**
   * The id of a runner group given by name (case-insensitive) or id. Throws naming `runner-group` when the scope
   * has no such group, and when the token may not read the scope's runners.
   */
  resolveRunnerGroup(scope: RunnerScope, nameOrId: string): Promise<number>;
  /** Creates a JIT runner. If a runner of the same name already exists (a lost response on an earlier try), it is replaced. */
  createJitRunner(request: JitRequest): Promise<JitRunner>;
  /** The runner, or `undefined` only when GitHub answers 404. Other failures throw. */
  getRunner(scope: RunnerScope, id: number): Promise<RegisteredRunner | undefined>;
  /** Every runner of the scope (all pages). */
  listRunners(scope: RunnerScope): Promise<readonly RegisteredRunner[]>;
  /**
   * Deletes a registration. 404 → "gone". 422 (runner busy) is waited on until `deadline`, then throws
   * an error that says the runner is still running a job. 5xx is retried, then throws.
   */
  removeRunner(scope: RunnerScope, id: number, options: { readonly deadline: number }): Promise<RemoveOutcome>;
}

export interface GpuRequest {
  readonly vendor: GpuVendor;
  /** `"all"` or a positive count. */
  readonly count: number | "all";
  /**
   * AMD and Intel: supplementary groups that own the device nodes, as numeric host gids (or names, which Docker
   * resolves in the image's /etc/group). Unset: none are added.
   */
  readonly groups?: readonly string[];
}

export interface ContainerLimits {
  /** CPUs (fractional allowed); undefined = no limit. */
  readonly cpus?: number;
  /** Bytes; undefined = no limit. */
  readonly memoryBytes?: number;
  readonly pidsLimit?: number;
}

/** Labels every AutoGit container carries. None of them is a secret. */
export const ContainerLabel = {
  managed: "autogit.managed",
  runnerName: "autogit.runner-name",
  label: "autogit.label",
  scope: "autogit.scope",
  arch: "autogit.arch",
  gpu: "autogit.gpu",
  createdAt: "autogit.created-at",
  expiresAt: "autogit.expires-at",
} as const;

export interface RunnerContainerSpec {
  readonly name: string;
  readonly image: string;
  readonly arch: Arch;
  readonly pull: PullPolicy;
  readonly gpu: GpuRequest;
  readonly limits: ContainerLimits;
  /** Docker network mode or network name; undefined = the engine's default. */
  readonly network?: string;
  /** `autogit.*` labels; never a secret. */
  readonly labels: Readonly<Record<string, string>>;
  /** Secret; delivered into the container so it never shows in `docker inspect` (env, cmd, labels). */
  readonly encodedJitConfig: string;
  /** Seconds without a job before the runner stops itself. */
  readonly idleTimeoutSeconds: number;
  /** Seconds after which the container stops itself whatever it is doing. */
  readonly maxLifetimeSeconds: number;
}

export interface RunnerContainer {
  readonly id: string;
  readonly name: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly state: "created" | "running" | "exited" | "other";
  readonly createdAt: Date;
}

export interface RunnerBackend {
  /** A human description of where containers run, e.g. `ssh://ci@gpu-1.lan` or `unix:///var/run/docker.sock`. */
  readonly host: string;
  /** Checks the engine answers; throws an error naming the host otherwise. */
  ping(): Promise<void>;
  /** Makes sure the image is present for the arch per the pull policy; throws naming image and host. */
  ensureImage(image: string, arch: Arch, pull: PullPolicy, onProgress?: (line: string) => void): Promise<void>;
  /** Creates and starts the runner container. */
  startRunner(spec: RunnerContainerSpec): Promise<RunnerContainer>;
  /** The container, or undefined when it no longer exists. */
  inspect(id: string): Promise<RunnerContainer | undefined>;
  /** Containers carrying all the given labels. */
  list(labels: Readonly<Record<string, string>>): Promise<readonly RunnerContainer[]>;
  /** The last `lines` lines of the container's output ([] when it is gone). */
  tailLogs(id: string, lines: number): Promise<readonly string[]>;
  /** Kills and removes; "gone" when it no longer existed. */
  remove(id: string): Promise<RemoveOutcome>;
  /**
   * Releases the connections to the engine and the log streams attached to started containers, so the process
   * can exit; the containers keep running. Never throws. The backend is not used after this.
   */
  close(): Promise<void>;
}
