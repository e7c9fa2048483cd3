import { createHash } from "node:crypto";
import { retry } from "@octokit/plugin-retry";
import { throttling } from "@octokit/plugin-throttling";
import { Octokit } from "@octokit/rest";
import { formatWait } from "./duration.js";

/** Where the client reports waits; shaped like @actions/core so the action can pass it straight through. */
export interface GitHubLogger {
  info(message: string): void;
  warning(message: string): void;
}

export interface GitHubClientOptions {
  /** PAT or App installation token. Never logged. */
  readonly token: string;
  /** REST base URL; GitHub Enterprise Server is `https://ghe.example/api/v3`. */
  readonly baseUrl?: string;
  /** AutoGit's version, sent as `autogit/<version>` in the user agent. */
  readonly version?: string;
  readonly logger?: GitHubLogger;
  /** Retries after a rate limit (403/429 with `retry-after` or `x-ratelimit-remaining: 0`). */
  readonly rateLimitRetries?: number;
  /** Longest single rate-limit wait accepted; a later reset fails at once with the reset time. */
  readonly maxRateLimitWaitSeconds?: number;
  /** Retries of 5xx answers and connection failures; 0 disables them. */
  readonly retries?: number;
  /** Base of the retry backoff: waits are base × 1, 4, 9 … */
  readonly retryBackoffMs?: number;
}

export const GITHUB_DEFAULTS = {
  baseUrl: "https://api.github.com",
  version: "dev",
  rateLimitRetries: 3,
  maxRateLimitWaitSeconds: 900,
  retries: 3,
  retryBackoffMs: 1000,
} as const;

const silentLogger: GitHubLogger = { info: () => undefined, warning: () => undefined };

// Answers the retry plugin must leave alone: client errors, and 429 which the throttling plugin owns.
const DO_NOT_RETRY = [400, 401, 403, 404, 409, 410, 422, 429, 451];

/**
 * Says when plugin-retry is about to retry a 5xx or a lost connection, so a long backoff is not silent.
 * Applied before plugin-retry, its error hook runs inside the retry loop and sees every attempt.
 */
function retryNotices(logger: GitHubLogger, retries: number, backoffMs: number) {
  return (octokit: Pick<Octokit, "hook">): void => {
    octokit.hook.error("request", (error, request) => {
      const status = "status" in error && typeof error.status === "number" ? error.status : 0;
      const retryCount = (request.request as { retryCount?: number }).retryCount ?? 0;
      if (status >= 500 && retryCount < retries) {
        const answered = "response" in error && error.response !== undefined;
        const what = answered ? `GitHub answered ${status}` : `could not reach GitHub (${error.message})`;
        const wait = formatWait((retryCount + 1) ** 2 * backoffMs);
        logger.info(`${what} for ${request.method} ${request.url}; retrying in ${wait} (retry ${retryCount + 1} of ${retries})`);
      }
      throw error;
    });
  };
}

// plugin-retry's notices go first so their hook sits inside the retry loop.
const withPlugins = (notices: ReturnType<typeof retryNotices>) => Octokit.plugin(notices, retry, throttling);
export type GitHubClient = InstanceType<ReturnType<typeof withPlugins>>;

interface ThrottledRequest {
  readonly method: string;
  readonly url: string;
}

function checkCount(name: string, value: number): number {
  if (!Number.isInteger(value) || value < 0) {
    throw new Error(`${name} must be a whole number of 0 or more (got ${value})`);
  }
  return value;
}

export function createGitHubClient(options: GitHubClientOptions): GitHubClient {
  if (options.token.trim() === "") {
    throw new Error("github-token is empty: pass a token that can manage self-hosted runners (a PAT or GitHub App token)");
  }
  const baseUrl = (options.baseUrl ?? GITHUB_DEFAULTS.baseUrl).replace(/\/+$/, "");
  if (!URL.canParse(baseUrl) || !/^https?:$/.test(new URL(baseUrl).protocol)) {
    throw new Error(`GitHub API URL "${baseUrl}" is not an http(s) URL: use https://api.github.com or https://<host>/api/v3 for GitHub Enterprise Server`);
  }
  const logger = options.logger ?? silentLogger;
  const rateLimitRetries = checkCount("rateLimitRetries", options.rateLimitRetries ?? GITHUB_DEFAULTS.rateLimitRetries);
  const maxWait = checkCount("maxRateLimitWaitSeconds", options.maxRateLimitWaitSeconds ?? GITHUB_DEFAULTS.maxRateLimitWaitSeconds);

  const onLimit =
    (kind: string) =>
    (retryAfter: number, request: ThrottledRequest, _octokit: unknown, retryCount: number): boolean => {
      const what = `${request.method} ${request.url}`;
      if (retryCount >= rateLimitRetries) {
        logger.warning(`GitHub ${kind} hit on ${what}; giving up after ${rateLimitRetries} retries`);
        return false;
      }
      if (retryAfter > maxWait) {
        logger.warning(`GitHub ${kind} hit on ${what}; it resets in ${retryAfter} s, longer than the ${maxWait} s allowed`);
        return false;
      }
      logger.info(`GitHub ${kind} hit; retrying in ${retryAfter} s (attempt ${retryCount + 1} of ${rateLimitRetries})`);
      return true;
    };

  const retries = checkCount("retries", options.retries ?? GITHUB_DEFAULTS.retries);
  const backoffMs = checkCount("retryBackoffMs", options.retryBackoffMs ?? GITHUB_DEFAULTS.retryBackoffMs);
  const Client = withPlugins(retryNotices(logger, retries, backoffMs));
  return new Client({
    auth: options.token,
    baseUrl,
    userAgent: `autogit/${options.version ?? GITHUB_DEFAULTS.version}`,
    log: {
      debug: () => undefined,
      info: () => undefined,
      warn: (message: string) => logger.warning(message),
      error: (message: string) => logger.warning(message),
    },
    retry: {
      enabled: retries > 0,
      retries,
      retryAfterBaseValue: backoffMs,
      doNotRetry: DO_NOT_RETRY,
    },
    throttle: {
      // Clients for the same account and server share one queue, as GitHub asks.
      id: createHash("sha256").update(`${baseUrl}\n${options.token}`).digest("hex").slice(0, 16),
      onRateLimit: onLimit("rate limit"),
      onSecondaryRateLimit: onLimit("secondary rate limit"),
    },
  });
}
