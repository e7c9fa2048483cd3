import { execFile } from "node:child_process";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { deleteRunnerScript, registerRunnerScript, updateRunnerScript } from "../../../src/platform/registration/runner-api.js";
import { startFakeGitlab } from "../../support/fake-gitlab.js";
import type { FakeGitlab } from "../../support/fake-gitlab.js";

const ADMIN_TOKEN_URN =
  "urn:pulumi:dev::autogit::autogit:docker:Platform$autogit:docker:GitlabAdminToken$random:index/randomPassword:RandomPassword::autogit-gitlab-admin-token-value";

/**
 * The registration scripts run by `sh` with real curl against a fake GitLab over HTTPS (a throwaway certificate the
 * scripts trust through GITLAB_CA_CERT, the name pinned with --resolve as in production). A `curl` shim first on
 * PATH records every curl command line, to show no token is ever an argument.
 */

const ADMIN_TOKEN = "autogit-admin-token-for-tests-0123456789";
let gitlab: FakeGitlab;

beforeAll(async () => {
  gitlab = await startFakeGitlab({ hostname: "gitlab.test", adminToken: ADMIN_TOKEN });
});

afterAll(() => gitlab.close());

beforeEach(() => gitlab.reset());

interface ScriptResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

function runScript(script: string, env: Record<string, string> = {}): Promise<ScriptResult> {
  return new Promise((done) => {
    execFile(
      "/bin/sh",
      ["-c", script],
      {
        env: {
          PATH: `${gitlab.curlDir}:/usr/bin:/bin`,
          // A URL with a port: --resolve must pin host and port together.
          GITLAB_URL: gitlab.url,
          GITLAB_ADDRESS: "127.0.0.1",
          GITLAB_CA_CERT: gitlab.certPem,
          GITLAB_TOKEN: ADMIN_TOKEN,
          RUNNER_DESCRIPTION: "autogit nuc (amd64, riscv64)",
          RUNNER_TAGS: "arch:amd64,arch:riscv64",
          ...env,
        },
      },
      (error, stdout, stderr) => done({ code: typeof error?.code === "number" ? error.code : 0, stdout, stderr }),
    );
  });
}

describe("runner registration scripts against a fake GitLab", () => {
  it("create registers an untagged-refusing instance runner with the host's tags and prints only its glrt- token", async () => {
    const result = await runScript(registerRunnerScript());
    expect(result).toMatchObject({ code: 0, stderr: "" });
    expect(result.stdout).toMatch(/^glrt-t\d+_x{20}$/);
    expect(gitlab.runners.get(result.stdout)).toEqual({
      runner_type: "instance_type",
      description: "autogit nuc (amd64, riscv64)",
      tag_list: "arch:amd64,arch:riscv64",
      run_untagged: "false",
    });
    expect(gitlab.curlArgv()).toContain("--resolve");
    expect(gitlab.curlArgv()).not.toContain(ADMIN_TOKEN);
  });

  it("create fails naming the status and the exact pulumi up --replace that rotates an expired admin token, and registers nothing", async () => {
    const result = await runScript(registerRunnerScript(), { GITLAB_TOKEN: "expired-token", ADMIN_TOKEN_URN });
    expect(result.code).not.toBe(0);
    expect(result.stdout).toBe("");
    expect(result.stderr).toContain("rejects the registration token (HTTP 401)");
    expect(result.stderr).toContain(`pulumi up --replace '${ADMIN_TOKEN_URN}'`);
    expect(result.stderr).not.toContain("run pulumi up again");
    expect(gitlab.runners.size).toBe(0);
  });

  it("delete removes the runner by its own token, read from stdin, and then treats it as gone", async () => {
    const token = (await runScript(registerRunnerScript())).stdout;
    const deleted = await runScript(deleteRunnerScript(), { PULUMI_COMMAND_STDOUT: token });
    expect(deleted).toMatchObject({ code: 0, stderr: "" });
    expect(gitlab.runners.size).toBe(0);
    expect(gitlab.curlArgv()).not.toContain(token);
    // Deleted meanwhile in GitLab's UI: 403 for an unknown token is success.
    expect((await runScript(deleteRunnerScript(), { PULUMI_COMMAND_STDOUT: token })).code).toBe(0);
  });

  it("delete fails loudly when GitLab answers with an error, instead of assuming the runner is gone", async () => {
    const token = (await runScript(registerRunnerScript())).stdout;
    gitlab.deleteStatus = 500;
    const result = await runScript(deleteRunnerScript(), { PULUMI_COMMAND_STDOUT: token });
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain("answered HTTP 500");
    expect(gitlab.runners.has(token)).toBe(true);
  });

  it("update after an admin-token rotation keeps the runner: the same token again, nothing registered or deleted", async () => {
    const old = (await runScript(registerRunnerScript())).stdout;
    gitlab.requests = [];
    // The old admin token was revoked by the rotation; keeping the runner needs only the runner's own token.
    const updated = await runScript(updateRunnerScript(), { PULUMI_COMMAND_STDOUT: old, GITLAB_TOKEN: "rotated-admin-token", ADMIN_TOKEN_URN });
    expect(updated).toMatchObject({ code: 0, stdout: old, stderr: "" });
    expect(gitlab.requests).toEqual(["POST /api/v4/runners/verify"]);
    expect([...gitlab.runners.keys()]).toEqual([old]);
    expect(gitlab.curlArgv()).not.toContain(old);
  });

  it("update registers the runner again when GitLab no longer knows it (deleted in the UI)", async () => {
    const old = (await runScript(registerRunnerScript())).stdout;
    gitlab.runners.delete(old);
    const updated = await runScript(updateRunnerScript(), { PULUMI_COMMAND_STDOUT: old });
    expect(updated.code).toBe(0);
    expect(updated.stdout).toMatch(/^glrt-t\d+_x{20}$/);
    expect(updated.stdout).not.toBe(old);
    expect([...gitlab.runners.keys()]).toEqual([updated.stdout]);
    expect(updated.stderr).toContain("registering it again");
  });
});
