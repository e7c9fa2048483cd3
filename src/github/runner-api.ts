import type { RegisteredRunner, RunnerScope } from "../runner/ports.js";
import type { GitHubClient } from "./client.js";

/** The REST `runner` object, as far as AutoGit reads it. */
export interface ApiRunner {
  readonly id: number;
  readonly name: string;
  readonly status: string;
  readonly busy: boolean;
  readonly labels: readonly { readonly name: string }[];
}

export function toRegisteredRunner(runner: ApiRunner): RegisteredRunner {
  return {
    id: runner.id,
    name: runner.name,
    status: runner.status === "online" ? "online" : "offline",
    busy: runner.busy,
    labels: runner.labels.map((label) => label.name),
  };
}

/** The repository and organization variants of the runner endpoints, behind one shape. */
export function runnerApi(octokit: GitHubClient, scope: RunnerScope) {
  const actions = octokit.rest.actions;
  if (scope.kind === "repository") {
    const at = { owner: scope.owner, repo: scope.repo };
    return {
      generateJitConfig: (body: JitBody) => actions.generateRunnerJitconfigForRepo({ ...at, ...body }),
      get: (runnerId: number) => actions.getSelfHostedRunnerForRepo({ ...at, runner_id: runnerId }),
      remove: (runnerId: number) => actions.deleteSelfHostedRunnerFromRepo({ ...at, runner_id: runnerId }),
      list: (name?: string) =>
        octokit.paginate(actions.listSelfHostedRunnersForRepo, { ...at, per_page: 100, ...(name === undefined ? {} : { name }) }),
    };
  }
  const at = { org: scope.org };
  return {
    generateJitConfig: (body: JitBody) => actions.generateRunnerJitconfigForOrg({ ...at, ...body }),
    get: (runnerId: number) => actions.getSelfHostedRunnerForOrg({ ...at, runner_id: runnerId }),
    remove: (runnerId: number) => actions.deleteSelfHostedRunnerFromOrg({ ...at, runner_id: runnerId }),
    list: (name?: string) =>
      octokit.paginate(actions.listSelfHostedRunnersForOrg, { ...at, per_page: 100, ...(name === undefined ? {} : { name }) }),
  };
}

export interface JitBody {
  readonly name: string;
  readonly runner_group_id: number;
  readonly labels: string[];
  readonly work_folder: string;
}
