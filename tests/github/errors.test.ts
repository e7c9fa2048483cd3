import { inspect } from "node:util";
import { describe } from "vitest";
import type { RunnerScope } from "../../src/runner/ports.js";
import { JIT_ROUTE, RUNNER_ROUTE, test } from "./harness.js";

const repo: RunnerScope = { kind: "repository", owner: "octo", repo: "hello" };
const org: RunnerScope = { kind: "organization", org: "octo-org" };

async function failure(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof Error) return error;
    throw new Error(`rejected with a non-Error: ${String(error)}`, { cause: error });
  }
  throw new Error("expected a failure, got success");
}

describe.concurrent("GitHub errors say what to fix", () => {
  test("a rejected token is reported as such, and the token appears nowhere", async ({ start, expect }) => {
    const { registry, logs } = await start({ client: { token: "ghp_thisIsTheWrongSecretToken000000000" } });
    const error = await failure(registry.listRunners(repo));
    expect(error.message).toMatch(/the github-token was rejected by GitHub \(401 Bad credentials\) while trying to list the runners of repository octo\/hello/);
    expect(inspect(error, { depth: 10 })).not.toContain("thisIsTheWrongSecretToken");
    expect(logs.join("\n")).not.toContain("thisIsTheWrongSecretToken");
  });

  test("a repository token without permission is told which permission it needs", async ({ start, expect }) => {
    const { github, registry } = await start();
    github.injectFault({ method: "POST", route: JIT_ROUTE.repository, status: 403 });
    const error = await failure(registry.createJitRunner({ scope: repo, name: "r", labels: ["x"], runnerGroupId: 1 }));
    expect(error.message).toMatch(/not allowed to create runner r in repository octo\/hello \(403 Resource not accessible by personal access token\)/);
    expect(error.message).toContain('repository permission "Administration: write"');
    expect(error.message).toContain('classic token needs the "repo" scope');
    expect(inspect(error, { depth: 10 })).not.toContain(github.token);
  });

  test("an organization token without permission is told which permission it needs", async ({ start, expect }) => {
    const { github, registry } = await start();
    github.injectFault({ method: "DELETE", route: RUNNER_ROUTE.organization, status: 403 });
    const error = await failure(registry.removeRunner(org, 5, { deadline: Date.now() + 5_000 }));
    expect(error.message).toContain('organization permission "Self-hosted runners: write" on octo-org');
    expect(error.message).toContain('"admin:org"');
  });

  test("an unknown repository is reported as not found or not visible, not as a missing runner list", async ({ start, expect }) => {
    const { registry } = await start({ emulator: { repositories: ["octo/hello"] } });
    const scope: RunnerScope = { kind: "repository", owner: "octo", repo: "missing" };
    const error = await failure(registry.listRunners(scope));
    expect(error.message).toMatch(/^repository octo\/missing not found, or the token cannot see it/);
    const create = await failure(registry.createJitRunner({ scope, name: "r", labels: ["x"], runnerGroupId: 1 }));
    expect(create.message).toMatch(/^repository octo\/missing not found, or the token cannot see it/);
  });

  test("an unknown organization is reported while resolving its runner group", async ({ start, expect }) => {
    const { registry } = await start({ emulator: { organizations: ["octo-org"] } });
    const scope: RunnerScope = { kind: "organization", org: "nope" };
    const error = await failure(registry.resolveRunnerGroup(scope, "gpu"));
    expect(error.message).toMatch(/^organization nope not found, or the token cannot see it/);
  });

  test("a request GitHub rejects as invalid is reported with GitHub's reasons", async ({ start, expect }) => {
    const { registry, github } = await start();
    const labels = Array.from({ length: 101 }, (_, i) => `l${i}`);
    const error = await failure(registry.createJitRunner({ scope: repo, name: "r", labels, runnerGroupId: 1 }));
    expect(error.message).toMatch(/GitHub refused to create runner r in repository octo\/hello \(422 Invalid request\. body\/labels must NOT have more than 100 items\)/);
    // Provoked on purpose: the emulator rejected it as GitHub would, and recorded it.
    expect(github.takeViolations()).toMatchObject([{ kind: "request", problems: ["body/labels must NOT have more than 100 items"] }]);
  });

  test("an unreachable GitHub is named as such after the retries", async ({ start, expect }) => {
    const { github } = await start();
    await github.close();
    const { registry } = await start({ client: { baseUrl: github.url, token: github.token, retries: 1 } });
    const error = await failure(registry.listRunners(repo));
    expect(error.message).toMatch(/could not reach GitHub to list the runners of repository octo\/hello/);
    expect(inspect(error, { depth: 10 })).not.toContain(github.token);
  });
});

describe.concurrent("GitHub client", () => {
  test("works against a GitHub Enterprise Server base URL with an /api/v3 prefix", async ({ start, expect }) => {
    const { github, registry } = await start({ emulator: { pathPrefix: "/api/v3" } });
    expect(github.url).toMatch(/\/api\/v3$/);
    const jit = await registry.createJitRunner({ scope: org, name: "ghes-1", labels: ["x"], runnerGroupId: 1 });
    expect(await registry.listRunners(org)).toMatchObject([{ id: jit.runner.id, name: "ghes-1" }]);
    const restPaths = github.requests.filter((entry) => entry.api === "rest").map((entry) => entry.path);
    expect(restPaths.length).toBeGreaterThan(0);
    expect(restPaths.every((path) => path.startsWith("/api/v3/"))).toBe(true);
  });

  test("identifies itself as autogit/<version>", async ({ start, expect }) => {
    const { github, registry } = await start({ client: { version: "1.2.3" } });
    await registry.listRunners(repo);
    expect(github.requests[0]?.userAgent).toMatch(/^autogit\/1\.2\.3 /);
  });
});
