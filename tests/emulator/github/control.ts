import { z } from "zod";
import type { Fault } from "./faults.js";
import { error, type Reply } from "./reply.js";
import type { GitHubState } from "./state.js";

const jobBody = z.object({ labels: z.array(z.string()).min(1), seconds: z.number().nonnegative() });
const refuseBody = z.object({ namePrefix: z.string().min(1) });
const faultBody = z.union([
  z.object({
    kind: z.literal("respond").optional(),
    method: z.string(),
    route: z.string(),
    status: z.union([z.literal(403), z.literal(404), z.literal(422), z.literal(429), z.literal(500), z.literal(502), z.literal(503), z.literal(504)]),
    headers: z.record(z.string(), z.string()).optional(),
    body: z.unknown().optional(),
    times: z.number().int().positive().optional(),
  }),
  z.object({
    kind: z.enum(["reset-after-processing", "reset"]),
    method: z.string(),
    route: z.string(),
    times: z.number().int().positive().optional(),
  }),
]);

export interface ControlTarget {
  readonly state: GitHubState;
  injectFault(fault: Fault): void;
  snapshot(): unknown;
}

type Parsed<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly reply: Reply };

function parse<T>(schema: z.ZodType<T>, body: unknown): Parsed<T> {
  const parsed = schema.safeParse(body);
  return parsed.success ? { ok: true, value: parsed.data } : { ok: false, reply: error(400, z.prettifyError(parsed.error)) };
}

/** The `/_control/` test API of PROTOCOL.md. `rest` is the path after it. */
export function handleControl(target: ControlTarget, method: string, rest: string, body: unknown): Reply {
  if (method === "POST" && rest === "jobs") {
    const input = parse(jobBody, body);
    if (!input.ok) return input.reply;
    return { status: 201, body: { id: target.state.queueJob(input.value.labels, input.value.seconds) } };
  }
  const jobId = /^jobs\/(\d+)$/.exec(rest);
  if (method === "GET" && jobId !== null) {
    const job = target.state.job(Number(jobId[1]));
    if (job === undefined) return error(404, `no job ${jobId[1]}`);
    const conclusion = job.conclusion === undefined ? {} : { conclusion: job.conclusion };
    return { status: 200, body: { id: job.id, state: job.state, ...conclusion, ...(job.runnerName === undefined ? {} : { runner_name: job.runnerName }) } };
  }
  if (method === "POST" && rest === "faults") {
    const input = parse(faultBody, body);
    if (!input.ok) return input.reply;
    target.injectFault(input.value as Fault);
    return { status: 201, body: { ok: true } };
  }
  if (method === "POST" && rest === "refuse-online") {
    const input = parse(refuseBody, body);
    if (!input.ok) return input.reply;
    target.state.refuseOnline(input.value.namePrefix);
    return { status: 200, body: { ok: true } };
  }
  if (method === "GET" && rest === "state") return { status: 200, body: target.snapshot() };
  return error(404, `no control endpoint ${method} /_control/${rest}`);
}
