import type { Readable } from "node:stream";
import type Docker from "dockerode";
import type { ContainerInfo, ContainerInspectInfo } from "dockerode";
import type {
  Arch,
  PullPolicy,
  RemoveOutcome,
  RunnerBackend,
  RunnerContainer,
  RunnerContainerSpec,
} from "../../runner/ports.js";
import { modemAgent } from "./connection.js";
import { deliverPrivateFiles } from "./container-files.js";
import { platformOf, runnerCreateOptions } from "./create-options.js";
import { renderEntrypoint } from "./entrypoint.js";
import { engineError, engineMessage, engineStatus, isConnectionError, unreachableError } from "./errors.js";
import { FrameDecoder, demuxBuffer } from "./frames.js";
import { ensureImage } from "./images.js";
import { LogTail } from "./log-tail.js";

export interface DockerRunnerBackendOptions {
  /** Output lines kept in memory per container. */
  readonly logLines?: number;
  /** How long `ping` waits for the engine. */
  readonly pingTimeoutMs?: number;
  /** How long `remove` waits for a removal the engine already started. */
  readonly removeWaitMs?: number;
}

/** Docker API 1.41 (Engine 20.10) is the first with `platform` on container create. */
const MIN_API = [1, 41] as const;
/** Output buffers kept for containers this process started; older ones are dropped first. */
const MAX_TAILS = 64;

/**
 * The RunnerBackend over one Docker engine. The client passed in belongs to the backend: `close` ends its
 * connections.
 */
export class DockerRunnerBackend implements RunnerBackend {
  private readonly tails = new Map<string, LogTail>();
  /** Attached output streams of containers this process started; each holds a connection to the engine open. */
  private readonly streams = new Set<Readable>();
  private readonly options: Required<DockerRunnerBackendOptions>;

  constructor(
    private readonly docker: Docker,
    readonly host: string,
    options: DockerRunnerBackendOptions = {},
  ) {
    this.options = {
      logLines: options.logLines ?? 500,
      pingTimeoutMs: options.pingTimeoutMs ?? 15_000,
      removeWaitMs: options.removeWaitMs ?? 30_000,
    };
  }

  async ping(): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(Object.assign(new Error(`no answer within ${this.options.pingTimeoutMs / 1000}s`), { code: "ETIMEDOUT" })),
        this.options.pingTimeoutMs,
      );
    });
    let apiVersion: string;
    try {
      apiVersion = (await Promise.race([this.docker.version(), timeout])).ApiVersion;
    } catch (error) {
      if (isConnectionError(error) || engineStatus(error) === undefined) throw unreachableError(this.host, error);
      throw engineError(this.host, "answer a version request (is this a Docker engine?)", error);
    } finally {
      clearTimeout(timer);
    }
    const [major = 0, minor = 0] = apiVersion.split(".").map(Number);
    if (major < MIN_API[0] || (major === MIN_API[0] && minor < MIN_API[1])) {
      throw new Error(
        `The Docker engine at ${this.host} speaks API ${apiVersion}; AutoGit needs ${MIN_API.join(".")} or later (Docker Engine 20.10+). Upgrade Docker on that host.`,
      );
    }
  }

  ensureImage(image: string, arch: Arch, pull: PullPolicy, onProgress?: (line: string) => void): Promise<void> {
    return ensureImage(this.docker, this.host, { image, arch, pull }, onProgress);
  }

  async startRunner(spec: RunnerContainerSpec): Promise<RunnerContainer> {
    const createOptions = runnerCreateOptions(spec);
    const script = renderEntrypoint(spec);
    let container: Docker.Container;
    try {
      container = await this.docker.createContainer(createOptions);
    } catch (error) {
      throw engineError(this.host, `create container ${spec.name} from ${spec.image} (${platformOf(spec.arch)})`, error);
    }
    try {
      await deliverPrivateFiles(container, spec.image, script, spec.encodedJitConfig);
      await this.attachTail(container, spec);
      await container.start();
    } catch (error) {
      const cleanup = await this.remove(container.id).then(
        () => "",
        (removeError: unknown) => ` Removing the container failed too: ${engineMessage(removeError)}`,
      );
      const failure = engineError(this.host, `start runner container ${spec.name}`, error);
      throw new Error(`${failure.message}${cleanup}`, { cause: error });
    }
    const started = await this.inspect(container.id);
    // A runner that failed at once may already be auto-removed.
    return (
      started ?? {
        id: container.id,
        name: spec.name,
        labels: createOptions.Labels ?? {},
        state: "exited",
        createdAt: new Date(),
      }
    );
  }

  async inspect(id: string): Promise<RunnerContainer | undefined> {
    let info: ContainerInspectInfo;
    try {
      info = await this.docker.getContainer(id).inspect();
    } catch (error) {
      if (engineStatus(error) === 404) return undefined;
      throw engineError(this.host, `inspect container ${id}`, error);
    }
    return {
      id: info.Id,
      name: info.Name.replace(/^\//, ""),
      labels: info.Config.Labels ?? {},
      state: containerState(info.State.Status),
      createdAt: new Date(info.Created),
    };
  }

  async list(labels: Readonly<Record<string, string>>): Promise<readonly RunnerContainer[]> {
    let infos: ContainerInfo[];
    try {
      infos = await this.docker.listContainers({
        all: true,
        filters: { label: Object.entries(labels).map(([key, value]) => `${key}=${value}`) },
      });
    } catch (error) {
      throw engineError(this.host, "list containers", error);
    }
    return infos.map((info) => ({
      id: info.Id,
      name: (info.Names[0] ?? info.Id).replace(/^\//, ""),
      labels: info.Labels,
      state: containerState(info.State),
      createdAt: new Date(info.Created * 1000),
    }));
  }

  async tailLogs(id: string, lines: number): Promise<readonly string[]> {
    const kept = this.tails.get(id);
    if (kept !== undefined) return kept.tail(lines);
    let buffer: Buffer;
    try {
      buffer = await this.docker.getContainer(id).logs({ stdout: true, stderr: true, tail: lines, follow: false });
    } catch (error) {
      const status = engineStatus(error);
      if (status === 404 || status === 409) return [];
      throw engineError(this.host, `read the logs of container ${id}`, error);
    }
    const tail = new LogTail(lines);
    for (const frame of demuxBuffer(buffer)) tail.write(frame.payload, frame.stream);
    tail.end();
    return tail.tail(lines);
  }

  async remove(id: string): Promise<RemoveOutcome> {
    try {
      await this.docker.getContainer(id).remove({ force: true });
      return "removed";
    } catch (error) {
      const status = engineStatus(error);
      if (status === 404) return "gone";
      // An auto-removed container that just exited is being removed by the engine already.
      if (status === 409 && /already in progress/i.test(engineMessage(error))) {
        await this.waitUntilGone(id);
        return "removed";
      }
      throw engineError(this.host, `remove container ${id}`, error);
    }
  }

  async close(): Promise<void> {
    for (const stream of this.streams) {
      endSshConnection(stream);
      stream.destroy();
    }
    this.streams.clear();
    // Pooled keep-alive sockets; over ssh:// each request has its own connection, ended with its response.
    modemAgent(this.docker)?.destroy();
    await Promise.resolve();
  }

  private async waitUntilGone(id: string): Promise<void> {
    const deadline = Date.now() + this.options.removeWaitMs;
    while (Date.now() < deadline) {
      if ((await this.inspect(id)) === undefined) return;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    throw new Error(
      `Container ${id} on ${this.host} is still being removed after ${this.options.removeWaitMs / 1000}s; check \`docker ps -a\` there.`,
    );
  }

  private async attachTail(container: Docker.Container, spec: RunnerContainerSpec): Promise<void> {
    const tail = new LogTail(this.options.logLines, 4096, [spec.encodedJitConfig]);
    // Without stdin, docker-modem hands back the HTTP response itself.
    const stream = (await container.attach({ stream: true, stdout: true, stderr: true, logs: true })) as unknown as Readable;
    this.streams.add(stream);
    const decoder = new FrameDecoder((source, payload) => tail.write(payload, source));
    const ended = (): void => {
      tail.end();
      this.streams.delete(stream);
    };
    stream.on("data", (chunk: Buffer) => decoder.push(chunk));
    stream.on("end", ended);
    stream.on("close", ended);
    // The container going away ends the stream; output read so far stays in the tail.
    stream.on("error", ended);
    this.keepTail(container.id, spec.name, tail);
  }

  private keepTail(id: string, name: string, tail: LogTail): void {
    this.tails.set(id, tail);
    this.tails.set(name, tail);
    while (this.tails.size > MAX_TAILS * 2) {
      const oldest = this.tails.keys().next().value;
      if (oldest === undefined) break;
      this.tails.delete(oldest);
    }
  }

}

/**
 * Over ssh:// docker-modem carries each request on an exec channel (`docker system dial-stdio`) of an SSH connection
 * of its own, which it ends only when the channel closes. Closing the channel of a running container's attach
 * stream is not enough: sshd closes it once dial-stdio exits, and dial-stdio waits for the engine, which keeps the
 * stream open. So the connection is ended from here; ssh2's channel knows its client (`_client`, not in its types).
 */
function endSshConnection(stream: Readable): void {
  const channel = (stream as Readable & { socket?: unknown }).socket;
  const client = (channel as { _client?: { end?: unknown } } | null | undefined)?._client;
  if (typeof client?.end === "function") (client as { end(): void }).end();
}

function containerState(status: string): RunnerContainer["state"] {
  return status === "created" || status === "running" || status === "exited" ? status : "other";
}
