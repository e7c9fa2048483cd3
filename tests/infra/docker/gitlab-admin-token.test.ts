import { execFile } from "node:child_process";
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ADMIN_TOKEN_SCOPES, CREATE_TOKEN_RUBY, createAdminTokenScript, revokeAdminTokenScript } from "../../../src/platform/registration/admin-token.js";

/**
 * The bootstrap scripts run by `sh` with a `docker` shim first on PATH that answers `inspect` with a health status
 * and records every command line and the token `docker exec -e` would pass on.
 */

const TOKEN = "autogit-bootstrap-token-for-tests-abcdef";
let dir: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "autogit-admin-token-"));
  writeFileSync(
    join(dir, "docker"),
    [
      "#!/bin/sh",
      `printf '%s\\n' "$*" >> "${join(dir, "argv.log")}"`,
      'case "$1" in',
      '  inspect) [ "$HEALTH" = missing ] && exit 1; echo "$HEALTH" ;;',
      `  exec) printf '%s' "$AUTOGIT_ADMIN_TOKEN" > "${join(dir, "exec-env.log")}" ;;`,
      "esac",
    ].join("\n"),
  );
  chmodSync(join(dir, "docker"), 0o755);
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

function run(script: string, health: string): Promise<{ code: number; stderr: string; argv: string }> {
  rmSync(join(dir, "argv.log"), { force: true });
  rmSync(join(dir, "exec-env.log"), { force: true });
  return new Promise((done) => {
    execFile(
      "/bin/sh",
      ["-c", script],
      { env: { PATH: `${dir}:/usr/bin:/bin`, HEALTH: health, DOCKER_HOST: "unix:///var/run/docker.sock", GITLAB_CONTAINER: "autogit-gitlab", AUTOGIT_ADMIN_TOKEN: TOKEN } },
      (error, _stdout, stderr) => done({ code: typeof error?.code === "number" ? error.code : 0, stderr, argv: readFileSync(join(dir, "argv.log"), "utf8") }),
    );
  });
}

describe("GitLab registration-token bootstrap", () => {
  it("creates root's token inside the healthy GitLab container, the value passed through the environment only", async () => {
    const result = await run(createAdminTokenScript(), "healthy");
    expect(result.code).toBe(0);
    expect(result.argv).toContain("exec -e AUTOGIT_ADMIN_TOKEN autogit-gitlab gitlab-rails runner");
    expect(result.argv).not.toContain(TOKEN);
    expect(readFileSync(join(dir, "exec-env.log"), "utf8")).toBe(TOKEN);
  });

  it("the Ruby grants only the runner scopes, reads the value from ENV and revokes an earlier token of the same name", () => {
    expect([...ADMIN_TOKEN_SCOPES]).toEqual(["create_runner", "manage_runner"]);
    expect(CREATE_TOKEN_RUBY).toContain("ENV.fetch('AUTOGIT_ADMIN_TOKEN')");
    expect(CREATE_TOKEN_RUBY).toContain("each(&:revoke!)");
    expect(CREATE_TOKEN_RUBY).not.toMatch(/["$`]/);
  });

  it("revoke does nothing when the GitLab container is already gone", async () => {
    const result = await run(revokeAdminTokenScript(), "missing");
    expect(result.code).toBe(0);
    expect(result.argv).not.toContain("exec");
  });
});
