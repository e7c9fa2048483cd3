import { randomBytes } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { RunnerScope } from "../../../src/runner/ports.js";
import { handleControl } from "./control.js";
import { defaultFaultBody, FaultQueue, type Fault } from "./faults.js";
import { OpenApiCatalog, type RouteMatch } from "./openapi.js";
import { error, type Reply } from "./reply.js";
import { handleRest } from "./rest-handlers.js";
import { handleRunnerSide } from "./runner-side.js";
import { GitHubState, scopeKey, type JobConclusion, type JobState, type KnownScopes } from "./state.js";

export interface GitHubEmulatorOptions extends KnownScopes {
  /** 0 (default) picks a free port. */
  readonly port?: number;
  /** The token clients must send; random when omitted. */
  readonly token?: string;
  /** Serve the REST API under a path, as GitHub Enterprise Server does under `/api/v3`. */
  readonly pathPrefix?: string;
  /**
   * Seconds a runner may go without a call before it counts as gone: offline, and its job (if any) failed.
   * GitHub waits minutes (the default, 600); tests that kill runners set a few seconds. Fractions allowed.
   */
  readonly runnerTimeoutSeconds?: number;
}

export interface RequestLogEntry {
  readonly api: "rest" | "runner" | "control";
  readonly method: string;
  /** OpenAPI route template for REST calls (`/repos/{owner}/{repo}/actions/runners`), else the path. */
  readonly route: string;
  readonly path: string;
  /** 0 when the connection was reset instead of answered. */
  readonly status: number;
  readonly userAgent: string;
  readonly startedAt: number;
  readonly endedAt: number;
}

export interface Violation {
  readonly kind: "request" | "response" | "unknown-route";
  readonly method: string;
  readonly path: string;
  readonly problems: readonly string[];
}

export interface RunnerView {
  readonly id: number;
  readonly name: string;
  readonly scope: string;
  readonly runnerGroupId: number;
  readonly labels: readonly string[];
  readonly status: "online" | "offline";
  readonly busy: boolean;
}

export interface JobView {
  readonly id: number;
  readonly state: JobState;
  /** Only once `completed`. */
  readonly conclusion?: JobConclusion;
  readonly runnerName?: string;
}

export interface GitHubEmulator {
  /** REST base URL, prefix included: pass it to Octokit as `baseUrl`. */
  readonly url: string;
  /** `http://127.0.0.1:<port>`; runner-side endpoints live under `${origin}/_runner/`. */
  readonly origin: string;
  readonly token: string;
  /** Every request so far, oldest first. */
  readonly requests: readonly RequestLogEntry[];
  /** Requests or responses that break GitHub's OpenAPI description. Tests assert this stays empty. */
  readonly violations: readonly Violation[];
  /** Returns the violations so far and forgets them: for tests that provoke one on purpose. */
  takeViolations(): Violation[];
  injectFault(fault: Fault): void;
  queueJob(labels: readonly string[], seconds: number): number;
  jobState(id: number): JobView | undefined;
  refuseOnline(namePrefix: string): void;
  runners(scope?: RunnerScope): readonly RunnerView[];
  addRunnerGroup(org: string, name: string): number;
  close(): Promise<void>;
}

let catalog: Promise<OpenApiCatalog> | undefined;

/** About how long GitHub waits before it fails the job of a runner that lost communication. */
const DEFAULT_RUNNER_TIMEOUT_SECONDS = 600;

const routeMethods = (method: string): string => (method === "HEAD" ? "GET" : method);

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

/** Starts the emulator on 127.0.0.1. The OpenAPI description is loaded once per process. */
export async function startGitHubEmulator(options: GitHubEmulatorOptions = {}): Promise<GitHubEmulator> {
  catalog ??= OpenApiCatalog.load();
  const openapi = await catalog;
  const token = options.token ?? `ghp_${randomBytes(18).toString("hex")}`;
  const prefix = (options.pathPrefix ?? "").replace(/\/+$/, "");
  const runnerTimeoutSeconds = options.runnerTimeoutSeconds ?? DEFAULT_RUNNER_TIMEOUT_SECONDS;
  if (!(runnerTimeoutSeconds > 0)) throw new Error(`runnerTimeoutSeconds must be positive (got ${runnerTimeoutSeconds})`);
  const state = new GitHubState({ ...options, runnerTimeoutSeconds });
  /** The state as of now: runners that went silent are expired first. */
  const current = (): GitHubState => {
    state.expireSilentRunners(Date.now());
    return state;
  };
  const faults = new FaultQueue();
  const requests: RequestLogEntry[] = [];
  const violations: Violation[] = [];
  let origin = "";
  let closing: Promise<void> | undefined;

  const runnerView = (runner: ReturnType<GitHubState["runnersOf"]>[number]): RunnerView => ({
    id: runner.id,
    name: runner.name,
    scope: runner.scopeKey,
    runnerGroupId: runner.runnerGroupId,
    labels: [...runner.labels],
    status: runner.status,
    busy: runner.busy,
  });

  const jobView = (id: number): JobView | undefined => {
    const job = current().job(id);
    if (job === undefined) return undefined;
    return {
      id: job.id,
      state: job.state,
      ...(job.conclusion === undefined ? {} : { conclusion: job.conclusion }),
      ...(job.runnerName === undefined ? {} : { runnerName: job.runnerName }),
    };
  };

  const injectFault = (fault: Fault): void => faults.add(fault);

  async function serve(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const startedAt = Date.now();
    const method = routeMethods(request.method ?? "GET");
    const url = new URL(request.url ?? "/", origin);
    const raw = await readBody(request);
    current();
    const log = (api: RequestLogEntry["api"], route: string, status: number): void => {
      requests.push({
        api,
        method,
        route,
        path: url.pathname,
        status,
        userAgent: request.headers["user-agent"] ?? "",
        startedAt,
        endedAt: Date.now(),
      });
    };
    const send = (reply: Reply): void => {
      const headers: Record<string, string> = { ...reply.headers };
      let payload = "";
      if (reply.text !== undefined) {
        headers["content-type"] = "text/plain; charset=utf-8";
        payload = reply.text;
      } else if (reply.body !== undefined) {
        headers["content-type"] = "application/json; charset=utf-8";
        payload = JSON.stringify(reply.body);
      }
      response.writeHead(reply.status, headers);
      response.end(payload);
    };
    let body: unknown;
    if (raw !== "") {
      try {
        body = JSON.parse(raw) as unknown;
      } catch {
        if (!url.pathname.startsWith("/_runner/")) {
          send(error(400, "Problems parsing JSON"));
          log("rest", url.pathname, 400);
          violations.push({ kind: "request", method, path: url.pathname, problems: ["body is not JSON"] });
          return;
        }
      }
    }

    if (url.pathname.startsWith("/_runner/")) {
      const reply = handleRunnerSide(state, method, url.pathname.slice("/_runner/".length), request.headers, Date.now());
      send(reply);
      log("runner", url.pathname, reply.status);
      return;
    }
    if (url.pathname.startsWith("/_control/")) {
      const reply = handleControl({ state, injectFault, snapshot }, method, url.pathname.slice("/_control/".length), body);
      send(reply);
      log("control", url.pathname, reply.status);
      return;
    }

    const authorization = request.headers.authorization ?? "";
    if (authorization !== `token ${token}` && authorization !== `Bearer ${token}`) {
      send(error(401, "Bad credentials"));
      log("rest", url.pathname, 401);
      return;
    }
    const path = prefix !== "" && url.pathname.startsWith(`${prefix}/`) ? url.pathname.slice(prefix.length) : prefix === "" ? url.pathname : undefined;
    const match: RouteMatch | undefined = path === undefined ? undefined : openapi.match(method, path);
    if (match === undefined || path === undefined) {
      violations.push({ kind: "unknown-route", method, path: url.pathname, problems: [`the emulator serves no ${method} ${url.pathname}`] });
      send(error(404, "Not Found"));
      log("rest", url.pathname, 404);
      return;
    }
    const route = match.route.slice(match.route.indexOf(" ") + 1);
    const problems = openapi.checkRequest(match, url.searchParams, body);
    if (problems.length > 0) {
      violations.push({ kind: "request", method, path: url.pathname, problems });
      const reply = { status: 422, body: { message: "Invalid request.", documentation_url: "https://docs.github.com/rest", errors: problems } };
      send(reply);
      log("rest", route, 422);
      return;
    }

    const fault = faults.take(method, route);
    if (fault?.kind === "reset") {
      request.socket.destroy();
      log("rest", route, 0);
      return;
    }
    if (fault !== undefined && (fault.kind === undefined || fault.kind === "respond")) {
      const headers = fault.headers ?? {};
      send({ status: fault.status, headers, body: fault.body ?? defaultFaultBody(fault.status, headers) });
      log("rest", route, fault.status);
      return;
    }
    const reply = handleRest(match, { state, origin, apiUrl: `${origin}${prefix}`, path, query: url.searchParams, body });
    const responseProblems = openapi.checkResponse(match.route, reply.status, reply.body);
    if (responseProblems.length > 0) {
      violations.push({ kind: "response", method, path: url.pathname, problems: responseProblems });
    }
    if (fault?.kind === "reset-after-processing") {
      request.socket.destroy();
      log("rest", route, 0);
      return;
    }
    send(reply);
    log("rest", route, reply.status);
  }

  function snapshot(): unknown {
    return {
      runners: current().runnersOf().map(runnerView),
      jobs: state.jobs().map((job) => ({
        id: job.id,
        labels: job.labels,
        state: job.state,
        ...(job.conclusion === undefined ? {} : { conclusion: job.conclusion }),
        ...(job.runnerName === undefined ? {} : { runner_name: job.runnerName }),
      })),
      pendingFaults: faults.size,
      violations,
    };
  }

  const server = createServer((request, response) => {
    serve(request, response).catch((failure: unknown) => {
      violations.push({ kind: "response", method: request.method ?? "", path: request.url ?? "", problems: [`emulator crashed: ${String(failure)}`] });
      if (!response.headersSent) response.writeHead(500).end();
    });
  });
  server.keepAliveTimeout = 1_000;
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, "127.0.0.1", resolve);
  });
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    url: `${origin}${prefix}`,
    origin,
    token,
    get requests() {
      return requests;
    },
    get violations() {
      return violations;
    },
    takeViolations: () => violations.splice(0),
    injectFault,
    queueJob: (labels, seconds) => state.queueJob(labels, seconds),
    jobState: jobView,
    refuseOnline: (namePrefix) => state.refuseOnline(namePrefix),
    runners: (scope) => current().runnersOf(scope === undefined ? undefined : scopeKey(scope)).map(runnerView),
    addRunnerGroup: (org, name) => state.addRunnerGroup(org, name),
    close: () => {
      // Idempotent: tests close early to simulate an unreachable GitHub, and cleanup closes again.
      closing ??= new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((failure) => (failure === undefined ? resolve() : reject(failure)));
      });
      return closing;
    },
  };
}
