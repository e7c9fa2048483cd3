import { createServer } from "node:http";
import type { AddressInfo } from "node:net";

/**
 * A minimal server for the runner side of tests/emulator/PROTOCOL.md (online, job, renew, done, offline),
 * so these tests do not depend on the full GitHub emulator. Only JIT runners it issued may call it.
 */
export interface RunnerService {
  /** A base64 JIT config in the shape PROTOCOL.md describes, for a new agent. */
  issueJitConfig(name: string): { agentId: number; encoded: string; token: string };
  /** Queues a job the next polling runner takes; resolves to its id. */
  queueJob(seconds: number): number;
  /** Deletes an agent's registration: its calls then answer 404, as the emulator does. */
  deleteRegistration(agentId: number): void;
  /** What runners did, e.g. `online 1`, `job 1 7`, `done 1 7`, `unauthorized 1`. */
  readonly events: readonly string[];
  waitFor(event: string, timeoutMs: number): Promise<void>;
  close(): Promise<void>;
}

export async function startRunnerService(): Promise<RunnerService> {
  const tokens = new Map<number, string>();
  const jobs: { id: number; seconds: number }[] = [];
  const events: string[] = [];
  const deleted = new Set<number>();
  let nextAgent = 1;
  let nextJob = 1;

  const server = createServer((request, response) => {
    const match = /^\/_runner\/(\d+)\/(online|offline|job)(?:\/(\d+)\/(done|renew))?$/.exec(request.url ?? "");
    const agentId = Number(match?.[1]);
    if (match === null) {
      response.writeHead(404).end("not found");
      return;
    }
    if (deleted.has(agentId)) {
      events.push(`gone ${agentId}`);
      response.writeHead(404).end("runner not found");
      return;
    }
    if (request.headers.authorization !== `Bearer ${tokens.get(agentId) ?? "\u0000"}`) {
      events.push(`unauthorized ${agentId}`);
      response.writeHead(401).end("bad credentials");
      return;
    }
    const action = match[2];
    if (action === "job" && match[4] === "renew") {
      response.writeHead(200).end("ok");
    } else if (action === "job" && match[3] !== undefined) {
      events.push(`done ${agentId} ${match[3]}`);
      response.writeHead(200).end("ok");
    } else if (action === "job") {
      const job = jobs.shift();
      if (job === undefined) {
        response.writeHead(204).end();
        return;
      }
      events.push(`job ${agentId} ${job.id}`);
      response.writeHead(200, { "content-type": "text/plain" }).end(`JOB ${job.id} ${job.seconds}`);
    } else {
      events.push(`${action} ${agentId}`);
      response.writeHead(200).end("ok");
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  const serverUrl = `http://127.0.0.1:${port}/_runner/`;

  const b64 = (text: string): string => Buffer.from(text).toString("base64");
  return {
    issueJitConfig(name) {
      const agentId = nextAgent++;
      const token = `runner-token-${agentId}-${Math.random().toString(36).slice(2)}`;
      tokens.set(agentId, token);
      const runnerFile = `{"AgentId":${agentId},"AgentName":"${name}","PoolId":1,"ServerUrl":"${serverUrl}","WorkFolder":"_work","Ephemeral":true}`;
      const credentials = `{"Scheme":"OAuth","Data":{"token":"${token}"}}`;
      const outer = JSON.stringify({ ".runner": b64(runnerFile), ".credentials": b64(credentials), ".credentials_rsaparams": b64("{}") });
      return { agentId, encoded: b64(outer), token };
    },
    deleteRegistration(agentId) {
      deleted.add(agentId);
    },
    queueJob(seconds) {
      const id = nextJob++;
      jobs.push({ id, seconds });
      return id;
    },
    events,
    async waitFor(event, timeoutMs) {
      const deadline = Date.now() + timeoutMs;
      while (!events.includes(event)) {
        if (Date.now() > deadline) throw new Error(`no "${event}" within ${timeoutMs} ms; saw: ${events.join(", ")}`);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    },
    close: () => new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve()))),
  };
}
