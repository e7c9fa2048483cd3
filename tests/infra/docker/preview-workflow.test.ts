import { execFileSync, spawnSync } from "node:child_process";
import * as fs from "node:fs";
import { tmpdir } from "node:os";
import { runInNewContext } from "node:vm";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { parse } from "yaml";

/**
 * .github/workflows/preview.yml, run in parts: the stack-picking shell step with a fake `pulumi` (what the Pulumi
 * organisation holds) in a throwaway git repository, and the github-script step that writes the PR comment against a
 * fake GitHub API. The workflow's own text is what runs, taken from the YAML.
 */

interface Step {
  readonly id?: string;
  readonly uses?: string;
  readonly run?: string;
  readonly with?: Record<string, string>;
}
interface Workflow {
  readonly on: { pull_request: { paths: string[] } };
  readonly permissions: Record<string, string>;
  readonly env: Record<string, string>;
  readonly jobs: Record<string, { permissions?: Record<string, string>; steps: Step[] }>;
}

const WORKFLOW = parse(fs.readFileSync(new URL("../../../.github/workflows/preview.yml", import.meta.url), "utf8")) as Workflow;
const CI = parse(fs.readFileSync(new URL("../../../.github/workflows/ci.yml", import.meta.url), "utf8")) as Workflow;

function step(job: string, match: (step: Step) => boolean): Step {
  const found = WORKFLOW.jobs[job]?.steps.find(match);
  if (found === undefined) throw new Error(`preview.yml: no such step in job ${job}`);
  return found;
}

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(join(tmpdir(), "autogit-preview-"));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

describe("preview.yml: which stacks are previewed", () => {
  const STACK_FILES = ["dev", "homelab", "k8s-pools", "prod"];

  /** A repository with the four stack files, then one commit touching `changed`; runs the pick step in it. */
  function pick(changed: string, options: { pulumiFails?: boolean; skip?: string } = {}) {
    const repo = join(dir, "repo");
    const bin = join(dir, "bin");
    fs.mkdirSync(join(repo, "stacks"), { recursive: true });
    fs.mkdirSync(bin);
    const git = (...args: string[]): string => execFileSync("git", ["-c", "user.name=t", "-c", "user.email=t@example.com", ...args], { cwd: repo, encoding: "utf8" }).trim();
    git("init", "-q");
    for (const stack of STACK_FILES) fs.writeFileSync(join(repo, "stacks", `Pulumi.${stack}.yaml`), "config: {}\n");
    fs.mkdirSync(join(repo, "src"));
    fs.writeFileSync(join(repo, "src", "a.ts"), "");
    git("add", "-A");
    git("commit", "-qm", "base");
    const base = git("rev-parse", "HEAD");
    fs.mkdirSync(join(repo, changed, ".."), { recursive: true });
    fs.writeFileSync(join(repo, changed), "changed\n");
    git("add", "-A");
    git("commit", "-qm", "change");
    // The organisation holds dev and prod only; homelab and k8s-pools are examples never created there.
    fs.writeFileSync(
      join(bin, "pulumi"),
      [
        "#!/bin/sh",
        `printf '%s\\n' "$*" >> "${join(dir, "pulumi.log")}"`,
        'case "$1 $2" in',
        '  "org get-default") echo acme ;;',
        `  "stack ls") ${options.pulumiFails === true ? 'echo "error: unauthorized" >&2; exit 255' : `echo '[{"name":"acme/autogit/dev","current":false},{"name":"prod","current":false}]'`} ;;`,
        "  *) exit 64 ;;",
        "esac",
      ].join("\n"),
      { mode: 0o755 },
    );
    const output = join(dir, "github-output");
    fs.writeFileSync(output, "");
    const result = spawnSync("bash", ["-e", "-c", step("stacks", (s) => s.id === "pick").run ?? ""], {
      cwd: repo,
      encoding: "utf8",
      env: { PATH: `${bin}:/usr/bin:/bin`, BASE_SHA: base, SKIP: options.skip ?? "", PULUMI_ORG: "", PULUMI_ACCESS_TOKEN: "t", GITHUB_OUTPUT: output },
    });
    const outputs = Object.fromEntries(
      fs
        .readFileSync(output, "utf8")
        .split("\n")
        .filter((line) => line.includes("="))
        .map((line) => [line.slice(0, line.indexOf("=")), line.slice(line.indexOf("=") + 1)]),
    );
    return { code: result.status, stdout: result.stdout, stderr: result.stderr, outputs, pulumiCalls: fs.existsSync(join(dir, "pulumi.log")) ? fs.readFileSync(join(dir, "pulumi.log"), "utf8") : "" };
  }

  it("previews only the stacks that exist in the Pulumi organisation when shared code changes, with a notice for each skipped one", () => {
    const result = pick("src/b.ts");
    expect(result.code).toBe(0);
    expect(JSON.parse(result.outputs["stacks"] ?? "")).toEqual(["dev", "prod"]);
    expect(JSON.parse(result.outputs["skipped"] ?? "")).toEqual(["homelab: no stack acme/homelab in Pulumi", "k8s-pools: no stack acme/k8s-pools in Pulumi"]);
    expect(result.outputs["org"]).toBe("acme");
    expect(result.stdout).toContain("::notice title=preview skips homelab::");
    expect(result.pulumiCalls).toContain("stack ls --all --json --organization acme --project autogit");
  });

  it("treats a change to the workflow itself as shared, and one stack file as that stack only", () => {
    expect(JSON.parse(pick(".github/workflows/preview.yml").outputs["stacks"] ?? "")).toEqual(["dev", "prod"]);
  });

  it("previews a changed stack file alone, and honours PREVIEW_SKIP_STACKS", () => {
    expect(JSON.parse(pick("stacks/Pulumi.prod.yaml").outputs["stacks"] ?? "")).toEqual(["prod"]);
    fs.rmSync(join(dir, "repo"), { recursive: true, force: true });
    fs.rmSync(join(dir, "bin"), { recursive: true, force: true });
    fs.rmSync(join(dir, "pulumi.log"), { force: true });
    const skipped = pick("src/b.ts", { skip: "prod" });
    expect(JSON.parse(skipped.outputs["stacks"] ?? "")).toEqual(["dev"]);
    expect(JSON.parse(skipped.outputs["skipped"] ?? "")).toContain("prod: in PREVIEW_SKIP_STACKS");
  });

  it("fails, instead of previewing nothing, when pulumi stack ls fails", () => {
    const result = pick("src/b.ts", { pulumiFails: true });
    expect(result.code).not.toBe(0);
    expect(result.outputs["stacks"]).toBeUndefined();
  });

  it("pins the Pulumi CLI and every action by version, runs on its own changes and keeps least permissions", () => {
    expect(WORKFLOW.env["PULUMI_VERSION"]).toMatch(/^\d+\.\d+\.\d+$/);
    expect(CI.env["PULUMI_VERSION"]).toBe(WORKFLOW.env["PULUMI_VERSION"]);
    const lock = JSON.parse(fs.readFileSync(new URL("../../../package-lock.json", import.meta.url), "utf8")) as { packages: Record<string, { version: string }> };
    expect(WORKFLOW.env["PULUMI_VERSION"]).toBe(lock.packages["node_modules/@pulumi/pulumi"]?.version);
    for (const workflow of [WORKFLOW, CI]) {
      for (const job of Object.values(workflow.jobs)) {
        for (const { uses, with: args } of job.steps) {
          if (uses !== undefined) expect(uses).toMatch(/^[\w-]+\/[\w-]+@v\d+$/);
          if (uses?.startsWith("pulumi/actions@") === true) expect(args?.["pulumi-version"]).toBe("${{ env.PULUMI_VERSION }}");
        }
      }
    }
    expect(WORKFLOW.on.pull_request.paths).toContain(".github/workflows/preview.yml");
    expect(WORKFLOW.permissions).toEqual({ contents: "read" });
    expect(WORKFLOW.jobs["comment"]?.permissions).toEqual({ "pull-requests": "write" });
  });
});

describe("preview.yml: one PR comment for all stacks", () => {
  interface Comment {
    id: number;
    body: string;
    user: { type: string };
  }

  function fakeGithub(comments: Comment[]) {
    const calls: { method: string; body: string; id?: number }[] = [];
    const listComments = (): never => {
      throw new Error("listComments is only called through paginate");
    };
    return {
      calls,
      github: {
        paginate: (method: unknown) => Promise.resolve(method === listComments ? comments : []),
        rest: {
          issues: {
            listComments,
            createComment: (params: { body: string }) => {
              calls.push({ method: "create", body: params.body });
              return Promise.resolve({});
            },
            updateComment: (params: { body: string; comment_id: number }) => {
              calls.push({ method: "update", body: params.body, id: params.comment_id });
              return Promise.resolve({});
            },
          },
        },
      },
    };
  }

  /** Runs the github-script step's script with the artifacts in `dir/previews`, as downloaded. */
  async function comment(comments: Comment[], stacks: string[], skipped: string[] = []) {
    const { github, calls } = fakeGithub(comments);
    const script = step("comment", (s) => s.uses?.startsWith("actions/github-script@") === true).with?.["script"] ?? "";
    const inDir = {
      existsSync: (path: string) => fs.existsSync(join(dir, path)),
      readFileSync: (path: string, encoding: BufferEncoding) => fs.readFileSync(join(dir, path), encoding),
    };
    const context = {
      serverUrl: "https://github.com",
      runId: 42,
      repo: { owner: "o", repo: "autogit" },
      issue: { number: 7 },
      payload: { pull_request: { head: { sha: "0123456789abcdef" } } },
    };
    const env = { STACKS: JSON.stringify(stacks), SKIPPED: JSON.stringify(skipped), ORG: "acme" };
    // actions/github-script runs the script as the body of an async function with these names in scope.
    await (runInNewContext(`(async () => {\n${script}\n})()`, { require: () => inDir, github, context, process: { env } }) as Promise<void>);
    return calls;
  }

  function artifact(stack: string, output: string, code: number): void {
    fs.mkdirSync(join(dir, "previews", `preview-${stack}`), { recursive: true });
    fs.writeFileSync(join(dir, "previews", `preview-${stack}`, "output.txt"), output);
    fs.writeFileSync(join(dir, "previews", `preview-${stack}`, "exit-code"), `${code}\n`);
  }

  it("creates one comment with a section per stack, failures open and named", async () => {
    artifact("dev", "Previewing update (acme/dev)\n+ 3 to create\n", 0);
    artifact("prod", "error: could not reach the cluster\n", 255);
    const calls = await comment([], ["dev", "prod"], ["homelab: no stack acme/homelab in Pulumi"]);
    expect(calls.map((call) => call.method)).toEqual(["create"]);
    const body = calls[0]?.body ?? "";
    expect(body).toContain("<!-- autogit-pulumi-preview -->");
    expect(body.match(/<details/g)).toHaveLength(2);
    expect(body).toContain("<details><summary><b>acme/dev</b>: ✅ preview succeeded</summary>");
    expect(body).toContain("<details open><summary><b>acme/prod</b>: ❌ preview failed (exit 255)</summary>");
    expect(body).toContain("+ 3 to create");
    expect(body).toContain("- homelab: no stack acme/homelab in Pulumi");
  });

  it("updates the comment it made before, found by its hidden marker, instead of adding another", async () => {
    artifact("dev", "~ 1 to update\n", 0);
    const calls = await comment(
      [
        { id: 1, body: "<!-- autogit-pulumi-preview --> written by a person quoting it", user: { type: "User" } },
        { id: 2, body: "<!-- autogit-pulumi-preview -->\nold", user: { type: "Bot" } },
      ],
      ["dev"],
    );
    expect(calls).toEqual([{ method: "update", id: 2, body: expect.stringContaining("~ 1 to update") as string }]);
  });

  it("keeps the comment under GitHub's size limit and says where the rest is; a stack without output points at the run", async () => {
    artifact("dev", `${"+ resource line\n".repeat(10_000)}Resources:\n    + 10000 to create\n`, 0);
    const calls = await comment([], ["dev", "prod"]);
    const body = calls[0]?.body ?? "";
    expect(body.length).toBeLessThan(65_536);
    expect(body).toContain("truncated: the whole output is in the job log and the artifact preview-dev");
    expect(body).toContain("+ 10000 to create");
    expect(body).toContain("<b>acme/prod</b>: ⚠️ no preview (validate or setup failed)");
    expect(body).toContain("https://github.com/o/autogit/actions/runs/42");
  });

  it("adds no comment when no stack is left to preview, but clears an earlier one", async () => {
    expect(await comment([], [])).toEqual([]);
    const calls = await comment([{ id: 5, body: "<!-- autogit-pulumi-preview -->\nold diff", user: { type: "Bot" } }], []);
    expect(calls).toEqual([{ method: "update", id: 5, body: expect.stringContaining("No stack to preview in this push.") as string }]);
  });
});
