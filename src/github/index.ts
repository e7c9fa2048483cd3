export { createGitHubClient, GITHUB_DEFAULTS } from "./client.js";
export type { GitHubClient, GitHubClientOptions, GitHubLogger } from "./client.js";
export { GitHubApiError, explainGitHubError } from "./errors.js";
export { OctokitRunnerRegistry } from "./registry.js";
export type { OctokitRunnerRegistryOptions } from "./registry.js";
export { DEFAULT_RUNNER_GROUP, resolveRunnerGroupId } from "./runner-groups.js";
