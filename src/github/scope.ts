import type { RunnerScope } from "../runner/ports.js";

/** "repository octo/hello" or "organization octo-org", for messages. */
export function describeScope(scope: RunnerScope): string {
  return scope.kind === "repository" ? `repository ${scope.owner}/${scope.repo}` : `organization ${scope.org}`;
}
