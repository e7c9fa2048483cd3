/**
 * The official runner image, pinned. Bump the tag here (and in action.yml's `image` default and docs/action.md)
 * when actions/runner releases: https://github.com/actions/runner/releases — GitHub stops accepting runners
 * older than about 30 days after a newer release unless they can self-update.
 */
export const DEFAULT_RUNNER_IMAGE = "ghcr.io/actions/actions-runner:2.335.1";

export const Defaults = {
  mode: undefined,
  githubApiUrl: "https://api.github.com",
  runnerGroup: "Default",
  arch: "amd64",
  gpu: "none",
  gpuCount: "all",
  image: DEFAULT_RUNNER_IMAGE,
  pull: "missing",
  startTimeout: "5m",
  idleTimeout: "10m",
  maxLifetime: "6h",
  stopTimeout: "5m",
  gracePeriod: "15m",
} as const;

/** GitHub accepts at most 100 labels on a runner (generate-jitconfig `labels.maxItems`). */
export const MAX_RUNNER_LABELS = 100;
/** GitHub refuses runner names longer than 64 characters. */
export const MAX_RUNNER_NAME_LENGTH = 64;
/** Docker refuses a memory limit under 6 MiB. */
export const MIN_MEMORY_BYTES = 6 * 1024 * 1024;
