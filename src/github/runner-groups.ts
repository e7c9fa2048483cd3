import type { RunnerScope } from "../runner/ports.js";
import type { GitHubClient } from "./client.js";
import { explainGitHubError } from "./errors.js";

/** The group every repository runner belongs to; repositories have no other. */
export const DEFAULT_RUNNER_GROUP = { id: 1, name: "Default" } as const;

/**
 * Resolves `runnerGroup` (a name, matched case-insensitively, or a numeric id) to the id GitHub wants.
 * Organization names are looked up across every page of the organization's runner groups.
 */
export async function resolveRunnerGroupId(octokit: GitHubClient, scope: RunnerScope, runnerGroup: string): Promise<number> {
  const wanted = runnerGroup.trim();
  if (/^\d+$/.test(wanted)) {
    const id = Number(wanted);
    if (scope.kind === "repository" && id !== DEFAULT_RUNNER_GROUP.id) {
      throw notAnOrganization(scope, wanted);
    }
    return id;
  }
  if (wanted === "") {
    throw new Error(`runner-group is empty: give a runner group name or id (for example "${DEFAULT_RUNNER_GROUP.name}")`);
  }
  if (scope.kind === "repository") {
    if (wanted.toLowerCase() === DEFAULT_RUNNER_GROUP.name.toLowerCase()) return DEFAULT_RUNNER_GROUP.id;
    throw notAnOrganization(scope, wanted);
  }
  let groups: readonly { id: number; name: string }[];
  try {
    groups = await octokit.paginate("GET /orgs/{org}/actions/runner-groups", { org: scope.org, per_page: 100 });
  } catch (error) {
    throw explainGitHubError(error, scope, `list the runner groups of organization ${scope.org}`);
  }
  const match = groups.find((group) => group.name.toLowerCase() === wanted.toLowerCase());
  if (match !== undefined) return match.id;
  const existing = groups.map((group) => `"${group.name}"`).join(", ");
  throw new Error(
    `runner-group "${wanted}" does not exist in organization ${scope.org}: use one of ${existing === "" ? "(none visible to this token)" : existing}, or create it under Settings → Actions → Runner groups`,
  );
}

function notAnOrganization(scope: Extract<RunnerScope, { kind: "repository" }>, wanted: string): Error {
  return new Error(
    `runner-group "${wanted}" cannot be used for repository ${scope.owner}/${scope.repo}: runner groups are an organization feature and a repository only has "${DEFAULT_RUNNER_GROUP.name}"; set organization to register the runner at organization level, or leave runner-group at "${DEFAULT_RUNNER_GROUP.name}"`,
  );
}
