import { test as base } from "vitest";
import { createGitHubClient, type GitHubClientOptions } from "../../src/github/client.js";
import { OctokitRunnerRegistry, type OctokitRunnerRegistryOptions } from "../../src/github/registry.js";
import { startGitHubEmulator, type GitHubEmulator, type GitHubEmulatorOptions } from "../emulator/github/emulator.js";

export interface Harness {
  readonly github: GitHubEmulator;
  readonly registry: OctokitRunnerRegistry;
  /** Everything the client and registry logged, as `info: …` / `warning: …`. */
  readonly logs: string[];
  /** REST calls to the emulator with this method and route template. */
  calls(method: string, route: string): number;
}

export interface HarnessOptions {
  readonly emulator?: GitHubEmulatorOptions;
  readonly client?: Partial<GitHubClientOptions>;
  readonly registry?: OctokitRunnerRegistryOptions;
}

/** A real emulator over HTTP, with the real Octokit client and registry pointed at it. */
export async function startHarness(options: HarnessOptions = {}): Promise<Harness> {
  const github = await startGitHubEmulator(options.emulator);
  const logs: string[] = [];
  const logger = {
    info: (message: string) => logs.push(`info: ${message}`),
    warning: (message: string) => logs.push(`warning: ${message}`),
  };
  const octokit = createGitHubClient({
    token: github.token,
    baseUrl: github.url,
    version: "test",
    logger,
    retryBackoffMs: 10,
    ...options.client,
  });
  const registry = new OctokitRunnerRegistry(octokit, { logger, busyInitialDelayMs: 200, ...options.registry });
  return {
    github,
    registry,
    logs,
    calls: (method, route) =>
      github.requests.filter((entry) => entry.api === "rest" && entry.method === method && entry.route === route).length,
  };
}

export const JIT_ROUTE = {
  repository: "/repos/{owner}/{repo}/actions/runners/generate-jitconfig",
  organization: "/orgs/{org}/actions/runners/generate-jitconfig",
} as const;
export const RUNNER_ROUTE = {
  repository: "/repos/{owner}/{repo}/actions/runners/{runner_id}",
  organization: "/orgs/{org}/actions/runners/{runner_id}",
} as const;

/** Registers runners straight over HTTP (no client-side write pacing), to fill pages quickly. */
export async function registerDirectly(github: GitHubEmulator, path: string, names: readonly string[]): Promise<void> {
  for (const name of names) {
    const response = await fetch(`${github.url}${path}`, {
      method: "POST",
      headers: { authorization: `token ${github.token}` },
      body: JSON.stringify({ name, runner_group_id: 1, labels: ["filler"] }),
    });
    if (response.status !== 201) throw new Error(`could not register ${name}: ${response.status}`);
  }
}

/**
 * `test` with a `start` fixture: each harness it starts is closed after the test, once the test has
 * checked that no request or response broke GitHub's OpenAPI description. Safe with `describe.concurrent`.
 */
export const test = base.extend<{ start: (options?: HarnessOptions) => Promise<Harness> }>({
  // eslint-disable-next-line no-empty-pattern -- vitest fixtures must destructure what they depend on
  start: async ({}, use) => {
    const started: Harness[] = [];
    await use(async (options) => {
      const harness = await startHarness(options);
      started.push(harness);
      return harness;
    });
    for (const harness of started) await harness.github.close();
    // Thrown rather than asserted: under describe.concurrent a global `expect` may blame another test.
    const violations = started.flatMap((harness) => harness.github.violations);
    if (violations.length > 0) {
      throw new Error(`the GitHub emulator saw OpenAPI violations:\n${JSON.stringify(violations, null, 2)}`);
    }
  },
});
