import { randomBytes } from "node:crypto";
import type {
  JitRequest,
  JitRunner,
  RegisteredRunner,
  RemoveOutcome,
  RunnerRegistry,
  RunnerScope,
} from "../../src/runner/ports.js";
import type { FakeClock } from "./clock.js";

export interface FakeRunnerState {
  id: number;
  name: string;
  status: "online" | "offline";
  busy: boolean;
  labels: string[];
  scope: string;
  runnerGroupId: number;
  jitConfig: string;
}

type Method = "resolveRunnerGroup" | "createJitRunner" | "getRunner" | "listRunners" | "removeRunner";

interface Fault {
  readonly method: Method;
  readonly error: Error;
  /** The call takes effect at GitHub but its answer is lost (a reset after the write). */
  readonly afterEffect: boolean;
}

export class HttpError extends Error {
  constructor(readonly status: number, message: string) {
    super(message);
  }
}

const scopeOf = (scope: RunnerScope): string => (scope.kind === "repository" ? `${scope.owner}/${scope.repo}` : scope.org);

/**
 * GitHub's runner registrations in memory, behaving as GitHub does: names unique per scope, 404 for what is gone,
 * 422 while a runner is busy, ephemeral runners deleted when their job ends. Faults are queued per method.
 */
export class FakeRegistry implements RunnerRegistry {
  readonly runners = new Map<number, FakeRunnerState>();
  readonly calls: Method[] = [];
  private nextId = 100;
  private faults: Fault[] = [];
  private hung = new Set<Method>();
  /** Runner groups of every organization, by lower-case name; repositories only have Default (id 1). */
  readonly orgGroups = new Map<string, number>([["default", 1]]);

  constructor(private readonly clock: FakeClock) {}

  failNext(method: Method, error: Error, options: { afterEffect?: boolean } = {}): void {
    this.faults.push({ method, error, afterEffect: options.afterEffect ?? false });
  }

  /** Every later call of `method` never answers: the process is as good as killed there (a cancelled workflow). */
  hang(method: Method): void {
    this.hung.add(method);
  }

  inScope(scope: RunnerScope): FakeRunnerState[] {
    return [...this.runners.values()].filter((runner) => runner.scope === scopeOf(scope));
  }

  byJitConfig(config: string): FakeRunnerState | undefined {
    return [...this.runners.values()].find((runner) => runner.jitConfig === config);
  }

  /** Adds a registration directly, as another tool or an earlier run would have left it. */
  seed(scope: RunnerScope, runner: Omit<FakeRunnerState, "id" | "scope" | "jitConfig" | "runnerGroupId">): FakeRunnerState {
    const state = { ...runner, id: this.nextId++, scope: scopeOf(scope), jitConfig: "", runnerGroupId: 1 };
    this.runners.set(state.id, state);
    return state;
  }

  async resolveRunnerGroup(scope: RunnerScope, nameOrId: string): Promise<number> {
    this.check("resolveRunnerGroup");
    await Promise.resolve();
    const groups = scope.kind === "organization" ? this.orgGroups : new Map([["default", 1]]);
    const id = /^\d+$/.test(nameOrId) ? Number(nameOrId) : groups.get(nameOrId.toLowerCase());
    if (id === undefined || ![...groups.values()].includes(id)) {
      throw new Error(`runner-group "${nameOrId}" does not exist in ${scopeOf(scope)}`);
    }
    return id;
  }

  async createJitRunner(request: JitRequest): Promise<JitRunner> {
    const fault = this.takeFault("createJitRunner");
    if (fault !== undefined && !fault.afterEffect) throw fault.error;
    const existing = this.inScope(request.scope).find((runner) => runner.name === request.name);
    if (existing !== undefined) this.runners.delete(existing.id);
    const state: FakeRunnerState = {
      id: this.nextId++,
      name: request.name,
      status: "offline",
      busy: false,
      labels: [...request.labels],
      scope: scopeOf(request.scope),
      runnerGroupId: request.runnerGroupId,
      jitConfig: randomBytes(48).toString("base64"),
    };
    this.runners.set(state.id, state);
    await Promise.resolve();
    if (fault !== undefined) throw fault.error;
    return { runner: view(state), encodedJitConfig: state.jitConfig };
  }

  async getRunner(scope: RunnerScope, id: number): Promise<RegisteredRunner | undefined> {
    this.check("getRunner");
    if (this.hung.has("getRunner")) await new Promise<never>(() => undefined);
    await Promise.resolve();
    const state = this.runners.get(id);
    return state !== undefined && state.scope === scopeOf(scope) ? view(state) : undefined;
  }

  async listRunners(scope: RunnerScope): Promise<readonly RegisteredRunner[]> {
    this.check("listRunners");
    await Promise.resolve();
    return this.inScope(scope).map(view);
  }

  async removeRunner(scope: RunnerScope, id: number, options: { readonly deadline: number }): Promise<RemoveOutcome> {
    this.check("removeRunner");
    for (;;) {
      const state = this.runners.get(id);
      if (state === undefined || state.scope !== scopeOf(scope)) return "gone";
      if (!state.busy) {
        this.runners.delete(id);
        return "removed";
      }
      if (this.clock.now() >= options.deadline) {
        throw new HttpError(422, `runner ${state.name} is still running a job; it was not removed`);
      }
      await this.clock.sleep(Math.min(5000, options.deadline - this.clock.now()));
    }
  }

  private check(method: Method): void {
    const fault = this.takeFault(method);
    if (fault !== undefined) throw fault.error;
  }

  private takeFault(method: Method): Fault | undefined {
    this.calls.push(method);
    const index = this.faults.findIndex((fault) => fault.method === method);
    if (index < 0) return undefined;
    return this.faults.splice(index, 1)[0];
  }
}

function view(state: FakeRunnerState): RegisteredRunner {
  return { id: state.id, name: state.name, status: state.status, busy: state.busy, labels: [...state.labels] };
}
