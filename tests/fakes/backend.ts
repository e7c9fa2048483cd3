import { randomBytes } from "node:crypto";
import type {
  Arch,
  PullPolicy,
  RemoveOutcome,
  RunnerBackend,
  RunnerContainer,
  RunnerContainerSpec,
} from "../../src/runner/ports.js";
import type { FakeClock } from "./clock.js";
import type { FakeRegistry } from "./registry.js";

/** How the runner inside a started container behaves. */
export type RunnerBehaviour = "comes-online" | "never-online" | "exits-at-once";

export interface FakeContainerState {
  id: string;
  name: string;
  labels: Record<string, string>;
  state: RunnerContainer["state"];
  createdAt: Date;
  logs: string[];
  spec: RunnerContainerSpec;
}

type Method = "ping" | "ensureImage" | "startRunner" | "inspect" | "list" | "tailLogs" | "remove";

/**
 * A Docker host in memory. Containers are auto-removed when their runner exits, as the real backend asks
 * the engine to do; removing a container takes its runner offline at the fake GitHub.
 */
export class FakeBackend implements RunnerBackend {
  readonly host = "unix:///fake/docker.sock";
  readonly containers = new Map<string, FakeContainerState>();
  readonly images = new Set<string>();
  readonly pullable = new Set<string>(["ghcr.io/actions/actions-runner:2.335.1"]);
  readonly pulled: string[] = [];
  reachable = true;
  /** Set by `close`; any later call fails, as a closed client's would. */
  closed = false;
  behaviour: RunnerBehaviour = "comes-online";
  onlineAfterMs = 3000;
  private faults: { method: Method; error: Error }[] = [];

  constructor(
    private readonly clock: FakeClock,
    private readonly registry: FakeRegistry,
  ) {}

  failNext(method: Method, error: Error): void {
    this.faults.push({ method, error });
  }

  async ping(): Promise<void> {
    this.check("ping");
    await Promise.resolve();
    if (!this.reachable) throw new Error(`Docker engine at ${this.host} is unreachable: connect ECONNREFUSED`);
  }

  async ensureImage(image: string, arch: Arch, pull: PullPolicy, onProgress?: (line: string) => void): Promise<void> {
    this.check("ensureImage");
    await Promise.resolve();
    const present = this.images.has(image);
    if (pull === "never" || (pull === "missing" && present)) {
      if (!present) throw new Error(`image ${image} is not on ${this.host} and pull is "never"`);
      return;
    }
    if (!this.pullable.has(image)) throw new Error(`image ${image} (${arch}) could not be pulled to ${this.host}: manifest unknown`);
    onProgress?.(`pulled ${image}`);
    this.pulled.push(image);
    this.images.add(image);
  }

  async startRunner(spec: RunnerContainerSpec): Promise<RunnerContainer> {
    this.check("startRunner");
    await Promise.resolve();
    if (!this.images.has(spec.image)) throw new Error(`image ${spec.image} is not on ${this.host}`);
    if ([...this.containers.values()].some((c) => c.name === spec.name)) {
      throw new Error(`container name ${spec.name} is already in use on ${this.host}`);
    }
    const container: FakeContainerState = {
      id: randomBytes(32).toString("hex"),
      name: spec.name,
      labels: { ...spec.labels },
      state: "running",
      createdAt: new Date(this.clock.now()),
      logs: ["Starting runner"],
      spec,
    };
    this.containers.set(container.id, container);
    this.schedule(container);
    return view(container);
  }

  async inspect(id: string): Promise<RunnerContainer | undefined> {
    this.check("inspect");
    await Promise.resolve();
    const container = this.containers.get(id);
    return container === undefined ? undefined : view(container);
  }

  async list(labels: Readonly<Record<string, string>>): Promise<readonly RunnerContainer[]> {
    this.check("list");
    await Promise.resolve();
    return [...this.containers.values()]
      .filter((container) => Object.entries(labels).every(([key, value]) => container.labels[key] === value))
      .map(view);
  }

  async tailLogs(id: string, lines: number): Promise<readonly string[]> {
    this.check("tailLogs");
    await Promise.resolve();
    return this.containers.get(id)?.logs.slice(-lines) ?? [];
  }

  async remove(id: string): Promise<RemoveOutcome> {
    this.check("remove");
    await Promise.resolve();
    const container = this.containers.get(id);
    if (container === undefined) return "gone";
    this.exit(container);
    return "removed";
  }

  async close(): Promise<void> {
    await Promise.resolve();
    this.closed = true;
  }

  /** The runner process ends: the registration goes offline and the engine removes the container. */
  exit(container: FakeContainerState): void {
    const runner = this.registry.byJitConfig(container.spec.encodedJitConfig);
    if (runner !== undefined) runner.status = "offline";
    this.containers.delete(container.id);
  }

  private schedule(container: FakeContainerState): void {
    if (this.behaviour === "comes-online") {
      this.clock.schedule(this.onlineAfterMs, () => {
        const runner = this.registry.byJitConfig(container.spec.encodedJitConfig);
        if (runner === undefined || !this.containers.has(container.id)) return;
        runner.status = "online";
        container.logs.push("√ Connected to GitHub", "Listening for Jobs");
      });
    } else if (this.behaviour === "never-online") {
      container.logs.push("Http response code: Unauthorized from 'POST https://api.github.com/actions/runner-registration'");
    } else {
      container.logs.push("/home/runner/run.sh: not found");
      this.clock.schedule(500, () => {
        container.state = "exited";
      });
    }
  }

  private check(method: Method): void {
    if (this.closed) throw new Error(`${method} on ${this.host} after the backend was closed`);
    const index = this.faults.findIndex((fault) => fault.method === method);
    if (index >= 0) throw this.faults.splice(index, 1)[0]?.error ?? new Error("fault");
  }
}

function view(container: FakeContainerState): RunnerContainer {
  return { id: container.id, name: container.name, labels: { ...container.labels }, state: container.state, createdAt: container.createdAt };
}
