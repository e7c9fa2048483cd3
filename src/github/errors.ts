import type { RunnerScope } from "../runner/ports.js";

/** A GitHub call that failed, with a message that says what to do. `status` is GitHub's, or 0 when unreachable. */
export class GitHubApiError extends Error {
  override readonly name = "GitHubApiError";
  constructor(
    message: string,
    readonly status: number,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

/** The parts of Octokit's RequestError we read (duck-typed: @octokit/request-error is not a direct dependency). */
export interface RequestError extends Error {
  readonly status: number;
  readonly response?: { readonly headers: Readonly<Record<string, unknown>>; readonly data?: unknown };
}

export function isRequestError(error: unknown): error is RequestError {
  return error instanceof Error && error.name === "HttpError" && typeof (error as { status?: unknown }).status === "number";
}

export function statusOf(error: unknown): number | undefined {
  return isRequestError(error) ? error.status : undefined;
}

function header(error: RequestError, name: string): string | undefined {
  const value = error.response?.headers[name];
  return typeof value === "string" || typeof value === "number" ? String(value) : undefined;
}

/** GitHub's own message, with its validation details when it gives them. */
function githubMessage(error: RequestError): string {
  const data: unknown = error.response?.data;
  if (typeof data !== "object" || data === null || !("message" in data) || typeof data.message !== "string") {
    return error.message;
  }
  const details = "errors" in data && Array.isArray(data.errors) ? data.errors.map(describeDetail) : [];
  return details.length === 0 ? data.message : `${data.message} ${details.join("; ")}`;
}

function describeDetail(detail: unknown): string {
  if (typeof detail === "string") return detail;
  if (typeof detail === "object" && detail !== null && "message" in detail && typeof detail.message === "string") {
    return detail.message;
  }
  return JSON.stringify(detail);
}

function isRateLimited(error: RequestError): boolean {
  return (
    error.status === 429 ||
    header(error, "x-ratelimit-remaining") === "0" ||
    header(error, "retry-after") !== undefined ||
    /rate limit/i.test(githubMessage(error))
  );
}

function permissionHint(scope: RunnerScope): string {
  return scope.kind === "repository"
    ? `a fine-grained token needs repository permission "Administration: write" on ${scope.owner}/${scope.repo}; a classic token needs the "repo" scope`
    : `a fine-grained token needs organization permission "Self-hosted runners: write" on ${scope.org}; a classic token needs the "admin:org" scope`;
}

/**
 * Turns a failed Octokit call into an error that says what went wrong and how to fix it.
 * `action` reads like "delete runner 42 in repository octo/hello".
 */
export function explainGitHubError(error: unknown, scope: RunnerScope, action: string): Error {
  if (!isRequestError(error)) {
    return error instanceof Error ? error : new Error(`${action} failed: ${String(error)}`);
  }
  const message = githubMessage(error);
  const status = error.status;
  const options = { cause: error };
  if (status === 401) {
    return new GitHubApiError(
      `the github-token was rejected by GitHub (401 ${message}) while trying to ${action}: check that it is valid, not expired, and issued for this GitHub server`,
      status,
      options,
    );
  }
  if ((status === 403 || status === 429) && isRateLimited(error)) {
    const reset = header(error, "x-ratelimit-reset");
    const when = reset === undefined ? "" : `; the limit resets at ${new Date(Number(reset) * 1000).toISOString()}`;
    return new GitHubApiError(
      `GitHub rate limit still exceeded while trying to ${action} (${status} ${message})${when}: wait, or use a token with a higher limit (a GitHub App installation token)`,
      status,
      options,
    );
  }
  if (status === 403) {
    return new GitHubApiError(
      `the github-token is not allowed to ${action} (403 ${message}): ${permissionHint(scope)}`,
      status,
      options,
    );
  }
  if (status === 404) {
    const target =
      scope.kind === "repository"
        ? `repository ${scope.owner}/${scope.repo} not found, or the token cannot see it`
        : `organization ${scope.org} not found, or the token cannot see it`;
    return new GitHubApiError(
      `${target} (404 while trying to ${action}): check the name, and that the token has access (${permissionHint(scope)})`,
      status,
      options,
    );
  }
  if (status >= 500 && error.response === undefined) {
    return new GitHubApiError(
      `could not reach GitHub to ${action} (${message}), even after retries: check the network and the GitHub API URL`,
      0,
      options,
    );
  }
  if (status >= 500) {
    return new GitHubApiError(
      `GitHub kept failing while trying to ${action} (${status} ${message}), even after retries: see https://www.githubstatus.com and try again`,
      status,
      options,
    );
  }
  return new GitHubApiError(
    `GitHub refused to ${action} (${status} ${message})`,
    status,
    options,
  );
}
