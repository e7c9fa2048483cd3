import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startGitHubEmulator } from "../emulator/github/index.js";
import type { GitHubEmulator } from "../emulator/github/index.js";
import { ensureTestRunnerImages, TestRunnerImage } from "../fixtures/runner-image/images.js";
import { containersOfScope, removeScopeContainers, runAction } from "./harness.js";

// GitHub Enterprise Server serves the REST API under /api/v3 and sets GITHUB_API_URL to it.
let ghes: GitHubEmulator;
const repository = `ghes/r${Date.now().toString(36)}`;
const org = `acme${Date.now().toString(36)}`;

beforeAll(async () => {
  await ensureTestRunnerImages();
  ghes = await startGitHubEmulator({ pathPrefix: "/api/v3", organizations: [org] });
});

afterAll(async () => {
  await removeScopeContainers(`organization:${org}`);
  await ghes.close();
});

describe("the action on GitHub Enterprise Server", () => {
  it("starts and stops an organization runner in a named runner group through the workflow's GITHUB_API_URL", async () => {
    expect(ghes.url).toMatch(/\/api\/v3$/);
    const groupId = ghes.addRunnerGroup(org, "gpu-runners");
    const env = { repository, runId: "31", apiUrl: ghes.url };
    const base = { "github-token": ghes.token, organization: org };
    const start = await runAction(
      { ...base, mode: "start", image: TestRunnerImage.amd64, pull: "never", network: "host", "start-timeout": "60s", "runner-group": "gpu-runners" },
      env,
    );
    expect(start.code, start.stdout).toBe(0);
    expect(ghes.runners({ kind: "organization", org }).map((r) => [r.name, r.status, r.runnerGroupId])).toEqual([
      [start.outputs.label, "online", groupId],
    ]);
    expect(ghes.requests.filter((r) => r.api === "rest").every((r) => r.path.startsWith("/api/v3/"))).toBe(true);

    const stop = await runAction({ ...base, mode: "stop", label: start.outputs.label ?? "" }, env);
    expect(stop.code, stop.stdout).toBe(0);
    expect(ghes.runners({ kind: "organization", org })).toEqual([]);
    expect(await containersOfScope(`organization:${org}`)).toEqual([]);
    expect(ghes.violations).toEqual([]);
  });
});
