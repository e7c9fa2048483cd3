import type { RunnerScope } from "./ports.js";

/** `repository:owner/repo` or `organization:org`: the value of the `autogit.scope` container label. */
export function scopeKey(scope: RunnerScope): string {
  return scope.kind === "repository" ? `repository:${scope.owner}/${scope.repo}` : `organization:${scope.org}`;
}

/** For messages: `owner/repo` or `organization org`. */
export function describeScope(scope: RunnerScope): string {
  return scope.kind === "repository" ? `${scope.owner}/${scope.repo}` : `organization ${scope.org}`;
}
