import { execFile } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { registerRunnerScript } from "../../../src/platform/registration/runner-api.js";
import { startFakeGitlab } from "../../support/fake-gitlab.js";
import type { FakeGitlab } from "../../support/fake-gitlab.js";

/**
 * The Kubernetes target registers at GitLab's public URL without pinning its name (no GITLAB_ADDRESS): the script
 * runs with real curl against a fake GitLab on `localhost` over HTTPS, and a `curl` shim records its command lines.
 */

const ADMIN_TOKEN = "autogit-admin-token-for-unpinned-tests";
let gitlab: FakeGitlab;

beforeAll(async () => {
  gitlab = await startFakeGitlab({ hostname: "localhost", adminToken: ADMIN_TOKEN, runnerToken: () => "glrt-unpinned_0123456789abcdef" });
});

afterAll(() => gitlab.close());

describe("runner registration without a pinned address", () => {
  it("resolves GitLab's name normally, verifies it with the CA and prints only the runner token", async () => {
    const result = await new Promise<{ code: number; stdout: string; stderr: string }>((done) => {
      execFile(
        "/bin/sh",
        ["-c", registerRunnerScript()],
        {
          env: {
            PATH: `${gitlab.curlDir}:/usr/bin:/bin`,
            GITLAB_URL: gitlab.url,
            GITLAB_CA_CERT: gitlab.certPem,
            GITLAB_TOKEN: ADMIN_TOKEN,
            RUNNER_DESCRIPTION: "autogit cuda (amd64, nvidia GPU)",
            RUNNER_TAGS: "arch:amd64,gpu,gpu:nvidia",
          },
        },
        (error, stdout, stderr) => done({ code: typeof error?.code === "number" ? error.code : 0, stdout, stderr }),
      );
    });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toBe("glrt-unpinned_0123456789abcdef");
    expect([...gitlab.runners.values()]).toEqual([expect.objectContaining({ tag_list: "arch:amd64,gpu,gpu:nvidia", run_untagged: "false", runner_type: "instance_type" })]);
    const argv = gitlab.curlArgv();
    expect(argv).not.toContain("--resolve");
    expect(argv).not.toContain(ADMIN_TOKEN);
  });
});
