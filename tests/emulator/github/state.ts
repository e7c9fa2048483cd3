import { randomBytes } from "node:crypto";
import type { RunnerScope } from "../../../src/runner/ports.js";

export type JobState = "queued" | "in_progress" | "completed";
/** Set when a job completes: `success` when its runner reported it done, `failure` when its runner went silent. */
export type JobConclusion = "success" | "failure";

export interface EmulatedRunner {
  readonly id: number;
  readonly name: string;
  readonly scopeKey: string;
  readonly runnerGroupId: number;
  /** Read-only `self-hosted` first, then the custom labels. */
  readonly labels: readonly string[];
  status: "online" | "offline";
  busy: boolean;
  readonly ephemeral: boolean;
  readonly token: string;
  /** The one job an ephemeral runner is given; kept after it ends, so the runner gets no second one. */
  jobId: number | undefined;
  /** Epoch ms of the runner's last call (or its creation). */
  lastSeenAt: number;
}

export interface EmulatedJob {
  readonly id: number;
  readonly labels: readonly string[];
  readonly seconds: number;
  state: JobState;
  conclusion: JobConclusion | undefined;
  runnerName: string | undefined;
}

export interface RunnerGroup {
  readonly id: number;
  readonly name: string;
}

export function scopeKey(scope: RunnerScope): string {
  return scope.kind === "repository" ? `repo:${scope.owner}/${scope.repo}`.toLowerCase() : `org:${scope.org}`.toLowerCase();
}

export interface StateOptions extends KnownScopes {
  /** Seconds a runner may stay silent before GitHub gives up on it; see `expireSilentRunners`. */
  readonly runnerTimeoutSeconds: number;
}

export interface KnownScopes {
  /** `owner/repo` names that exist; undefined = every name exists. */
  readonly repositories?: readonly string[] | undefined;
  /** Organizations that exist; undefined = every name exists. */
  readonly organizations?: readonly string[] | undefined;
}

/** GitHub's runner bookkeeping: groups per organization, runners per scope, labels, jobs. */
export class GitHubState {
  readonly #known: KnownScopes;
  readonly #runnerTimeoutMs: number;
  readonly #groups = new Map<string, RunnerGroup[]>();
  readonly #runners = new Map<number, EmulatedRunner>();
  readonly #jobs = new Map<number, EmulatedJob>();
  readonly #labelIds = new Map<string, number>();
  readonly #refusedPrefixes: string[] = [];
  #nextRunnerId = 1;
  #nextGroupId = 2;
  #nextJobId = 1;

  constructor(options: StateOptions) {
    this.#known = options;
    this.#runnerTimeoutMs = options.runnerTimeoutSeconds * 1000;
  }

  scopeExists(scope: RunnerScope): boolean {
    if (scope.kind === "repository") {
      const list = this.#known.repositories;
      return list === undefined || list.some((name) => name.toLowerCase() === `${scope.owner}/${scope.repo}`.toLowerCase());
    }
    const list = this.#known.organizations;
    return list === undefined || list.some((name) => name.toLowerCase() === scope.org.toLowerCase());
  }

  runnerGroups(org: string): readonly RunnerGroup[] {
    const key = org.toLowerCase();
    let groups = this.#groups.get(key);
    if (groups === undefined) {
      groups = [{ id: 1, name: "Default" }];
      this.#groups.set(key, groups);
    }
    return groups;
  }

  addRunnerGroup(org: string, name: string): number {
    const groups = this.runnerGroups(org) as RunnerGroup[];
    if (groups.some((group) => group.name.toLowerCase() === name.toLowerCase())) {
      throw new Error(`runner group ${name} already exists in ${org}`);
    }
    const id = this.#nextGroupId++;
    groups.push({ id, name });
    return id;
  }

  labelId(name: string): number {
    const key = name.toLowerCase();
    let id = this.#labelIds.get(key);
    if (id === undefined) {
      id = this.#labelIds.size + 1;
      this.#labelIds.set(key, id);
    }
    return id;
  }

  createRunner(key: string, name: string, runnerGroupId: number, labels: readonly string[], now: number): EmulatedRunner | "exists" {
    if (this.runnersOf(key).some((runner) => runner.name.toLowerCase() === name.toLowerCase())) return "exists";
    const custom = labels.filter((label) => label.toLowerCase() !== "self-hosted");
    const runner: EmulatedRunner = {
      id: this.#nextRunnerId++,
      name,
      scopeKey: key,
      runnerGroupId,
      labels: ["self-hosted", ...custom],
      status: "offline",
      busy: false,
      ephemeral: true,
      token: randomBytes(20).toString("hex"),
      jobId: undefined,
      lastSeenAt: now,
    };
    this.#runners.set(runner.id, runner);
    return runner;
  }

  runnersOf(key?: string): EmulatedRunner[] {
    return [...this.#runners.values()].filter((runner) => key === undefined || runner.scopeKey === key);
  }

  runner(id: number): EmulatedRunner | undefined {
    return this.#runners.get(id);
  }

  deleteRunner(key: string, id: number): "deleted" | "busy" | "missing" {
    const runner = this.#runners.get(id);
    if (runner === undefined || runner.scopeKey !== key) return "missing";
    if (runner.busy) return "busy";
    this.#runners.delete(id);
    return "deleted";
  }

  refuseOnline(namePrefix: string): void {
    this.#refusedPrefixes.push(namePrefix);
  }

  goOnline(runner: EmulatedRunner): "online" | "refused" {
    if (this.#refusedPrefixes.some((prefix) => runner.name.startsWith(prefix))) return "refused";
    runner.status = "online";
    return "online";
  }

  queueJob(labels: readonly string[], seconds: number): number {
    const id = this.#nextJobId++;
    this.#jobs.set(id, { id, labels: [...labels], seconds, state: "queued", conclusion: undefined, runnerName: undefined });
    return id;
  }

  job(id: number): EmulatedJob | undefined {
    return this.#jobs.get(id);
  }

  jobs(): readonly EmulatedJob[] {
    return [...this.#jobs.values()];
  }

  /** Gives the runner the oldest queued job whose labels it all has (case-insensitive), as GitHub does. */
  assignJob(runner: EmulatedRunner): EmulatedJob | undefined {
    if (runner.status !== "online" || runner.busy || runner.jobId !== undefined) return undefined;
    const has = new Set(runner.labels.map((label) => label.toLowerCase()));
    const job = [...this.#jobs.values()].find(
      (candidate) => candidate.state === "queued" && candidate.labels.every((label) => has.has(label.toLowerCase())),
    );
    if (job === undefined) return undefined;
    job.state = "in_progress";
    job.runnerName = runner.name;
    runner.busy = true;
    runner.jobId = job.id;
    return job;
  }

  /** The job the runner is running now, or undefined (none, another runner's, or already completed). */
  runningJob(runner: EmulatedRunner, jobId: number): EmulatedJob | undefined {
    const job = this.#jobs.get(jobId);
    return job !== undefined && runner.jobId === jobId && job.state === "in_progress" ? job : undefined;
  }

  /** The runner reports its job done; an ephemeral runner's registration goes away, as at GitHub. */
  completeJob(runner: EmulatedRunner, jobId: number): boolean {
    const job = this.runningJob(runner, jobId);
    if (job === undefined) return false;
    job.state = "completed";
    job.conclusion = "success";
    runner.busy = false;
    if (runner.ephemeral) this.#runners.delete(runner.id);
    return true;
  }

  /** A call from the runner: it is alive. */
  heardFrom(runner: EmulatedRunner, now: number): void {
    runner.lastSeenAt = now;
  }

  /**
   * What GitHub does with a runner that stopped talking (killed, wedged, lost its network) for the runner timeout:
   * it goes offline; a job it was running fails (`completed`, conclusion `failure`) and the runner is no longer busy.
   * The registration stays, offline, for whoever deletes it. Called before every observation of the state, which
   * is the same as a timer as far as any client can tell.
   */
  expireSilentRunners(now: number): void {
    for (const runner of this.#runners.values()) {
      if (now - runner.lastSeenAt < this.#runnerTimeoutMs) continue;
      if (runner.status === "offline" && !runner.busy) continue;
      const job = runner.jobId === undefined ? undefined : this.runningJob(runner, runner.jobId);
      if (job !== undefined) {
        job.state = "completed";
        job.conclusion = "failure";
      }
      runner.busy = false;
      runner.status = "offline";
    }
  }
}
