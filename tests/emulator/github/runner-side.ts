import type { IncomingHttpHeaders } from "node:http";
import type { Reply } from "./reply.js";
import type { GitHubState } from "./state.js";

const text = (status: number, body = ""): Reply => ({ status, text: body });

/** The private runner endpoints of PROTOCOL.md, under `/_runner/`. `rest` is the path after it. */
export function handleRunnerSide(state: GitHubState, method: string, rest: string, headers: IncomingHttpHeaders, now: number): Reply {
  const found = /^(\d+)\/(online|offline|job|job\/(\d+)\/(done|renew))$/.exec(rest);
  if (found === null) return text(404, "no such runner endpoint");
  const runner = state.runner(Number(found[1]));
  if (runner === undefined) return text(404, "runner is not registered");
  if (headers.authorization !== `Bearer ${runner.token}`) return text(401, "bad runner token");
  state.heardFrom(runner, now);
  const action = found[2];
  if (action === "online" && method === "POST") {
    return state.goOnline(runner) === "online" ? text(200, "ok") : text(403, "refused");
  }
  if (action === "offline" && method === "POST") {
    // The session ends; a job in progress stays assigned until the runner timeout fails it.
    runner.status = "offline";
    return text(200, "ok");
  }
  if (action === "job" && method === "GET") {
    const job = state.assignJob(runner);
    return job === undefined ? text(204) : text(200, `JOB ${job.id} ${job.seconds}`);
  }
  if (found[3] !== undefined && method === "POST") {
    const jobId = Number(found[3]);
    if (found[4] === "renew") return state.runningJob(runner, jobId) === undefined ? text(404, "not this runner's job") : text(200, "ok");
    return state.completeJob(runner, jobId) ? text(200, "ok") : text(404, "not this runner's job");
  }
  return text(405, "method not allowed");
}
