export { startGitHubEmulator } from "./emulator.js";
export type { GitHubEmulator, GitHubEmulatorOptions, JobView, RequestLogEntry, RunnerView, Violation } from "./emulator.js";
export { primaryRateLimitHeaders } from "./faults.js";
export type { Fault } from "./faults.js";
export { decodeJitConfig, encodeJitConfig } from "./jit-config.js";
export type { JitConfigContent } from "./jit-config.js";
export { StandInRunner } from "./runner-client.js";
