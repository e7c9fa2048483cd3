import type {
  JitRequest,
  JitRunner,
  RegisteredRunner,
  RemoveOutcome,
  RunnerRegistry,
  RunnerScope,
} from "../runner/ports.js";
import { systemClock } from "../runner/lifecycle/clock.js";
import type { Clock } from "../runner/lifecycle/clock.js";
import type { GitHubClient, GitHubLogger } from "./client.js";
import { formatWait } from "./duration.js";
import { explainGitHubError, statusOf } from "./errors.js";
import { runnerApi, toRegisteredRunner } from "./runner-api.js";
import { resolveRunnerGroupId } from "./runner-groups.js";
import { describeScope } from "./scope.js";

export interface OctokitRunnerRegistryOptions {
  readonly logger?: GitHubLogger;
  /** First wait after GitHub says a runner is busy (422); doubles up to `busyMaxDelayMs`. */
  readonly busyInitialDelayMs?: number;
  readonly busyMaxDelayMs?: number;
  /** The lifecycle's clock, so deadlines it computes are checked against the same time. Default: the system clock. */
  readonly clock?: Clock;
}

const DEFAULTS = { busyInitialDelayMs: 2_000, busyMaxDelayMs: 30_000 } as const;
const WORK_FOLDER = "_work";

export class OctokitRunnerRegistry implements RunnerRegistry {
  readonly #octokit: GitHubClient;
  readonly #logger: GitHubLogger | undefined;
  readonly #busyInitialDelayMs: number;
  readonly #busyMaxDelayMs: number;
  readonly #clock: Clock;

  constructor(octokit: GitHubClient, options: OctokitRunnerRegistryOptions = {}) {
    this.#octokit = octokit;
    this.#logger = options.logger;
    this.#busyInitialDelayMs = options.busyInitialDelayMs ?? DEFAULTS.busyInitialDelayMs;
    this.#busyMaxDelayMs = options.busyMaxDelayMs ?? DEFAULTS.busyMaxDelayMs;
    this.#clock = options.clock ?? systemClock;
  }

  async resolveRunnerGroup(scope: RunnerScope, nameOrId: string): Promise<number> {
    return resolveRunnerGroupId(this.#octokit, scope, nameOrId);
  }

  async createJitRunner(request: JitRequest): Promise<JitRunner> {
    const { scope, name } = request;
    const body = { name, runner_group_id: request.runnerGroupId, labels: [...request.labels], work_folder: WORK_FOLDER };
    const api = runnerApi(this.#octokit, scope);
    const action = `create runner ${name} in ${describeScope(scope)}`;
    const generate = async (): Promise<JitRunner> => {
      const { data } = await api.generateJitConfig(body);
      return { runner: toRegisteredRunner(data.runner), encodedJitConfig: data.encoded_jit_config };
    };
    try {
      return await generate();
    } catch (error) {
      if (statusOf(error) !== 409) throw explainGitHubError(error, scope, action);
    }
    // 409: a runner of this name exists, most often ours from an attempt whose answer was lost. Replace it.
    await this.#removeLeftover(scope, name);
    try {
      return await generate();
    } catch (error) {
      if (statusOf(error) === 409) {
        throw new Error(
          `runner name ${name} is taken in ${describeScope(scope)} and could not be reclaimed: ` +
            "another start may be using the same name; give each runner a unique name",
          { cause: error },
        );
      }
      throw explainGitHubError(error, scope, action);
    }
  }

  async #removeLeftover(scope: RunnerScope, name: string): Promise<void> {
    let existing: RegisteredRunner | undefined;
    try {
      const runners = await runnerApi(this.#octokit, scope).list(name);
      existing = runners.map(toRegisteredRunner).find((runner) => runner.name === name);
    } catch (error) {
      throw explainGitHubError(error, scope, `look up runner ${name} in ${describeScope(scope)}`);
    }
    if (existing === undefined) return;
    if (existing.busy) {
      throw new Error(
        `a runner named ${name} already exists in ${describeScope(scope)} and is running a job: give each runner a unique name`,
      );
    }
    this.#logger?.info(`runner ${name} (id ${existing.id}) is left over from an earlier attempt; replacing it`);
    await this.#deleteOnce(scope, existing.id);
  }

  async getRunner(scope: RunnerScope, id: number): Promise<RegisteredRunner | undefined> {
    try {
      const { data } = await runnerApi(this.#octokit, scope).get(id);
      return toRegisteredRunner(data);
    } catch (error) {
      if (statusOf(error) === 404) return undefined;
      throw explainGitHubError(error, scope, `get runner ${id} in ${describeScope(scope)}`);
    }
  }

  async listRunners(scope: RunnerScope): Promise<readonly RegisteredRunner[]> {
    try {
      const runners = await runnerApi(this.#octokit, scope).list();
      return runners.map(toRegisteredRunner);
    } catch (error) {
      throw explainGitHubError(error, scope, `list the runners of ${describeScope(scope)}`);
    }
  }

  async removeRunner(scope: RunnerScope, id: number, options: { readonly deadline: number }): Promise<RemoveOutcome> {
    let delay = this.#busyInitialDelayMs;
    let label = `${id}`;
    for (let attempt = 1; ; attempt++) {
      const outcome = await this.#deleteOnce(scope, id);
      if (outcome !== "busy") return outcome;
      if (attempt === 1) label = await this.#describeRunner(scope, id);
      const remaining = options.deadline - this.#clock.now();
      if (remaining <= 0) {
        throw new Error(
          `runner ${label} in ${describeScope(scope)} is still running a job and was not removed before the deadline: wait for the job to finish or cancel it, then remove the runner (Settings → Actions → Runners)`,
        );
      }
      const wait = Math.min(delay, remaining);
      this.#logger?.info(`runner ${label} is still running a job; waiting ${formatWait(wait)} before trying again…`);
      await this.#clock.sleep(wait);
      delay = Math.min(delay * 2, this.#busyMaxDelayMs);
    }
  }

  async #deleteOnce(scope: RunnerScope, id: number): Promise<RemoveOutcome | "busy"> {
    try {
      await runnerApi(this.#octokit, scope).remove(id);
      return "removed";
    } catch (error) {
      const status = statusOf(error);
      if (status === 404) return "gone";
      if (status === 422) return "busy";
      throw explainGitHubError(error, scope, `delete runner ${id} in ${describeScope(scope)}`);
    }
  }

  async #describeRunner(scope: RunnerScope, id: number): Promise<string> {
    // Only for the message: a failure to read the name must not hide the busy runner.
    const runner = await this.getRunner(scope, id).catch(() => undefined);
    return runner === undefined ? `${id}` : `${runner.name} (id ${id})`;
  }
}
