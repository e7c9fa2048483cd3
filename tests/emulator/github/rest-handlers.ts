import type { RunnerScope } from "../../../src/runner/ports.js";
import { encodeJitConfig } from "./jit-config.js";
import type { RouteMatch } from "./openapi.js";
import { DOCS, error, type Reply } from "./reply.js";
import { scopeKey, type EmulatedRunner, type GitHubState, type RunnerGroup } from "./state.js";

export interface RestContext {
  readonly state: GitHubState;
  /** `http://127.0.0.1:<port>` */
  readonly origin: string;
  /** Absolute API base URL (origin + prefix), for links. */
  readonly apiUrl: string;
  readonly path: string;
  readonly query: URLSearchParams;
  readonly body: unknown;
}

function scopeOf(params: Readonly<Record<string, string>>): RunnerScope {
  return params["org"] !== undefined
    ? { kind: "organization", org: params["org"] }
    : { kind: "repository", owner: params["owner"] ?? "", repo: params["repo"] ?? "" };
}

function runnerJson(state: GitHubState, runner: EmulatedRunner): Record<string, unknown> {
  return {
    id: runner.id,
    runner_group_id: runner.runnerGroupId,
    name: runner.name,
    os: runner.status === "online" || runner.busy ? "linux" : "unknown",
    status: runner.status,
    busy: runner.busy,
    ephemeral: runner.ephemeral,
    labels: runner.labels.map((name, index) => ({
      id: state.labelId(name),
      name,
      type: index === 0 ? "read-only" : "custom",
    })),
  };
}

function groupJson(ctx: RestContext, org: string, group: RunnerGroup): Record<string, unknown> {
  return {
    id: group.id,
    name: group.name,
    visibility: "all",
    default: group.id === 1,
    runners_url: `${ctx.apiUrl}/orgs/${org}/actions/runner-groups/${group.id}/runners`,
    inherited: false,
    allows_public_repositories: false,
    restricted_to_workflows: false,
    selected_workflows: [],
    workflow_restrictions_read_only: false,
  };
}

/** One page of `items` per GitHub's `per_page`/`page`, with its `link` header. */
function paginate<T>(ctx: RestContext, items: readonly T[]): { page: readonly T[]; headers: Record<string, string> } {
  const perPage = Math.min(Math.max(Number(ctx.query.get("per_page") ?? 30), 1), 100);
  const page = Math.max(Number(ctx.query.get("page") ?? 1), 1);
  const last = Math.max(Math.ceil(items.length / perPage), 1);
  const link = (n: number, rel: string): string => {
    const query = new URLSearchParams(ctx.query);
    query.set("per_page", String(perPage));
    query.set("page", String(n));
    return `<${ctx.apiUrl}${ctx.path}?${query.toString()}>; rel="${rel}"`;
  };
  const links: string[] = [];
  if (page > 1) links.push(link(page - 1, "prev"), link(1, "first"));
  if (page < last) links.push(link(page + 1, "next"), link(last, "last"));
  return {
    page: items.slice((page - 1) * perPage, page * perPage),
    headers: links.length === 0 ? {} : { link: links.join(", ") },
  };
}

export function handleRest(match: RouteMatch, ctx: RestContext): Reply {
  const { state } = ctx;
  if (match.route === "GET /rate_limit") {
    const rate = { limit: 5000, remaining: 4999, reset: Math.ceil(Date.now() / 1000) + 3600, used: 1 };
    return { status: 200, body: { resources: { core: rate, search: { ...rate, limit: 30, remaining: 30, used: 0 } }, rate } };
  }
  const scope = scopeOf(match.params);
  if (!state.scopeExists(scope)) return error(404, "Not Found");
  const key = scopeKey(scope);
  const runnerId = Number(match.params["runner_id"]);
  const runner = Number.isInteger(runnerId) ? state.runner(runnerId) : undefined;
  const inScope = runner !== undefined && runner.scopeKey === key ? runner : undefined;

  switch (match.route) {
    case "GET /repos/{owner}/{repo}/actions/runners":
    case "GET /orgs/{org}/actions/runners": {
      const name = ctx.query.get("name");
      const all = state.runnersOf(key).filter((candidate) => name === null || candidate.name === name);
      const { page, headers } = paginate(ctx, all);
      return { status: 200, headers, body: { total_count: all.length, runners: page.map((r) => runnerJson(state, r)) } };
    }
    case "GET /repos/{owner}/{repo}/actions/runners/{runner_id}":
    case "GET /orgs/{org}/actions/runners/{runner_id}":
      return inScope === undefined ? error(404, "Not Found") : { status: 200, body: runnerJson(state, inScope) };
    case "DELETE /repos/{owner}/{repo}/actions/runners/{runner_id}":
    case "DELETE /orgs/{org}/actions/runners/{runner_id}": {
      const outcome = state.deleteRunner(key, runnerId);
      if (outcome === "missing") return error(404, "Not Found");
      if (outcome === "busy") {
        return { status: 422, body: { message: `Bad request - Runner "${runner?.name ?? runnerId}" is still running a job`, documentation_url: DOCS } };
      }
      return { status: 204 };
    }
    case "GET /orgs/{org}/actions/runner-groups": {
      const org = match.params["org"] ?? "";
      const { page, headers } = paginate(ctx, state.runnerGroups(org));
      const all = state.runnerGroups(org);
      return { status: 200, headers, body: { total_count: all.length, runner_groups: page.map((g) => groupJson(ctx, org, g)) } };
    }
    case "POST /repos/{owner}/{repo}/actions/runners/generate-jitconfig":
    case "POST /orgs/{org}/actions/runners/generate-jitconfig":
      return generateJitConfig(ctx, scope, key);
  }
}

function generateJitConfig(ctx: RestContext, scope: RunnerScope, key: string): Reply {
  const body = ctx.body as { name: string; runner_group_id: number; labels: string[]; work_folder?: string };
  const groupExists =
    scope.kind === "repository"
      ? body.runner_group_id === 1
      : ctx.state.runnerGroups(scope.org).some((group) => group.id === body.runner_group_id);
  if (!groupExists) return error(404, `Runner group ${body.runner_group_id} not found`);
  const created = ctx.state.createRunner(key, body.name, body.runner_group_id, body.labels, Date.now());
  if (created === "exists") {
    return error(409, `Already exists - A runner with the name ${body.name} already exists.`);
  }
  const encoded = encodeJitConfig({
    agentId: created.id,
    agentName: created.name,
    serverUrl: `${ctx.origin}/_runner/`,
    runnerToken: created.token,
    ...(body.work_folder === undefined ? {} : { workFolder: body.work_folder }),
  });
  return { status: 201, body: { runner: runnerJson(ctx.state, created), encoded_jit_config: encoded } };
}
