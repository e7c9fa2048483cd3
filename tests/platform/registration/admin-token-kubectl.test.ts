import { execFile } from "node:child_process";
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CREATE_TOKEN_RUBY, REVOKE_TOKEN_RUBY, createAdminTokenKubectlScript, revokeAdminTokenKubectlScript } from "../../../src/platform/registration/admin-token.js";

/**
 * The Kubernetes bootstrap scripts run by `sh` with a `kubectl` shim first on PATH. The shim records every command
 * line and the kubeconfig it was given, and plays the toolbox pod for `exec`: it runs the command after `--` with
 * `/bin/sh`, stdin passed on, and a `gitlab-rails` shim that records its argv and AUTOGIT_ADMIN_TOKEN.
 */

const TOKEN = "autogit-bootstrap-token-for-tests-kubectl";
const KUBECONFIG_TEXT = "apiVersion: v1\nkind: Config\ncurrent-context: lab\n";
let dir: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "autogit-admin-token-kubectl-"));
  const pod = join(dir, "pod");
  writeFileSync(
    join(dir, "kubectl"),
    [
      "#!/bin/sh",
      `printf '%s\\n' "$*" >> "${join(dir, "argv.log")}"`,
      `cat "$KUBECONFIG" > "${join(dir, "kubeconfig.seen")}" 2>/dev/null || true`,
      `printf '%s' "\${KUBECONFIG:-}" > "${join(dir, "kubeconfig.path")}"`,
      'for arg; do case $arg in rollout) [ "$TOOLBOX_READY" = yes ] || exit 1 ;; get) [ "$TOOLBOX_READY" = yes ] || exit 1 ;; esac; done',
      'while [ $# -gt 0 ] && [ "$1" != -- ]; do shift; done',
      '[ $# -gt 0 ] || exit 0',
      "shift",
      `PATH="${pod}:$PATH" exec "$@"`,
    ].join("\n"),
  );
  chmodSync(join(dir, "kubectl"), 0o755);
  mkdirSync(pod);
  writeFileSync(
    join(pod, "gitlab-rails"),
    ["#!/bin/sh", `printf '%s\\n' "$*" >> "${join(dir, "rails-argv.log")}"`, `printf '%s' "\${AUTOGIT_ADMIN_TOKEN:-}" > "${join(dir, "rails-env.log")}"`].join("\n"),
  );
  chmodSync(join(pod, "gitlab-rails"), 0o755);
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface Result {
  readonly code: number;
  readonly stderr: string;
  readonly argv: string;
}

function run(script: string, env: Readonly<Record<string, string>>): Promise<Result> {
  for (const file of ["argv.log", "rails-argv.log", "rails-env.log", "kubeconfig.seen", "kubeconfig.path"]) rmSync(join(dir, file), { force: true });
  return new Promise((done) => {
    execFile(
      "/bin/sh",
      ["-c", script],
      { env: { PATH: `${dir}:/usr/bin:/bin`, GITLAB_NAMESPACE: "gitlab", GITLAB_TOOLBOX: "gitlab-toolbox", AUTOGIT_ADMIN_TOKEN: TOKEN, ...env } },
      (error, _stdout, stderr) =>
        done({ code: typeof error?.code === "number" ? error.code : 0, stderr, argv: existsSync(join(dir, "argv.log")) ? readFileSync(join(dir, "argv.log"), "utf8") : "" }),
    );
  });
}

const read = (file: string) => (existsSync(join(dir, file)) ? readFileSync(join(dir, file), "utf8") : "");

describe("GitLab registration-token bootstrap on Kubernetes", () => {
  it("waits for the toolbox and creates root's token in it, the value over stdin into gitlab-rails' environment only", async () => {
    const result = await run(createAdminTokenKubectlScript(), { TOOLBOX_READY: "yes", KUBE_CONTEXT: "lab" });
    expect(result.code, result.stderr).toBe(0);
    expect(result.argv).toContain("--namespace gitlab --context lab rollout status deployment/gitlab-toolbox");
    expect(result.argv).toContain("--namespace gitlab --context lab exec -i deployment/gitlab-toolbox --container toolbox -- sh -c");
    expect(result.argv).not.toContain(TOKEN);
    expect(read("rails-argv.log")).toBe(`runner ${CREATE_TOKEN_RUBY}\n`);
    expect(read("rails-env.log")).toBe(TOKEN);
  });

  it("uses the provider's kubeconfig contents through a temporary file, and removes it", async () => {
    const result = await run(createAdminTokenKubectlScript(), { TOOLBOX_READY: "yes", KUBECONFIG_DATA: KUBECONFIG_TEXT });
    expect(result.code, result.stderr).toBe(0);
    expect(read("kubeconfig.seen")).toBe(`${KUBECONFIG_TEXT}\n`);
    expect(read("kubeconfig.path")).not.toBe("");
    expect(existsSync(read("kubeconfig.path"))).toBe(false);
    expect(result.argv).not.toContain("--context");
  });

  it("fails naming the toolbox when it does not become ready", async () => {
    const result = await run(createAdminTokenKubectlScript(), { TOOLBOX_READY: "no" });
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain("deployment/gitlab-toolbox in namespace gitlab is not ready");
    expect(read("rails-argv.log")).toBe("");
  });

  it("revokes the token in the toolbox, and does nothing when GitLab is gone", async () => {
    const revoked = await run(revokeAdminTokenKubectlScript(), { TOOLBOX_READY: "yes" });
    expect(revoked.code, revoked.stderr).toBe(0);
    expect(read("rails-argv.log")).toBe(`runner ${REVOKE_TOKEN_RUBY}\n`);
    const gone = await run(revokeAdminTokenKubectlScript(), { TOOLBOX_READY: "no" });
    expect(gone.code).toBe(0);
    expect(read("rails-argv.log")).toBe("");
  });
});
