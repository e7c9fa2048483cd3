import { formatDuration } from "../config/duration.js";
import type { ActionRequest } from "../config/request.js";
import { AUTOGIT_LABEL, runnerNameCreatedAt } from "../naming.js";
import { ContainerLabel } from "../ports.js";
import type { RegisteredRunner, RunnerContainer } from "../ports.js";
import { describeScope, scopeKey } from "../scope.js";
import { errorMessage } from "./deps.js";
import type { LifecycleDeps } from "./deps.js";

export type ReapInput = Pick<ActionRequest, "scope" | "reap">;

export interface ReapReport {
  /** Names of removed containers. */
  readonly containers: readonly string[];
  /** Names of removed registrations. */
  readonly registrations: readonly string[];
  /** What could not be removed, with the reason. */
  readonly failures: readonly string[];
}

const REMOVE_DEADLINE_MS = 30_000;

/**
 * Removes what leaked on this Docker host and at GitHub: containers past their `autogit.expires-at` (or stopped
 * for longer than the grace period), and offline, idle AutoGit registrations older than the grace period
 * with no live container here. Younger ones may be starting elsewhere and are left alone.
 */
export async function reap(deps: LifecycleDeps, input: ReapInput): Promise<ReapReport> {
  const { registry, backend, reporter, clock } = deps;
  const now = clock.now();
  const graceMs = input.reap.gracePeriodSeconds * 1000;
  const report = { containers: [] as string[], registrations: [] as string[], failures: [] as string[] };

  // Only this scope's containers: another repository's runners on a shared host are its own reap's to remove, as
  // their registrations are out of this token's reach (stop refuses a scope mismatch for the same reason).
  const containers = await backend.list({ [ContainerLabel.managed]: "true", [ContainerLabel.scope]: scopeKey(input.scope) });
  const live = new Set<string>();
  const reapedNames = new Set<string>();
  await reporter.group(`Reap containers on ${backend.host}`, async () => {
    for (const container of containers) {
      const name = container.labels[ContainerLabel.runnerName] ?? container.name;
      const why = containerVerdict(container, now, graceMs);
      if (why === undefined) {
        live.add(name);
        continue;
      }
      try {
        await backend.remove(container.id);
        report.containers.push(name);
        reapedNames.add(name);
        reporter.info(`removed container ${name} (${why})`);
      } catch (error) {
        live.add(name);
        report.failures.push(`container ${name} on ${backend.host}: ${errorMessage(error)}`);
      }
    }
  });

  const runners = await registry.listRunners(input.scope);
  await reporter.group(`Reap registrations of ${describeScope(input.scope)}`, async () => {
    for (const runner of runners) {
      const why = registrationVerdict(runner, { now, graceMs, live, reapedNames });
      if (why === undefined) continue;
      try {
        await registry.removeRunner(input.scope, runner.id, { deadline: clock.now() + REMOVE_DEADLINE_MS });
        report.registrations.push(runner.name);
        reporter.info(`removed registration ${runner.name} (id ${runner.id}, ${why})`);
      } catch (error) {
        report.failures.push(`registration ${runner.name} (id ${runner.id}): ${errorMessage(error)}`);
      }
    }
  });

  reporter.info(
    `reaped ${report.containers.length} container(s) and ${report.registrations.length} registration(s); grace period ${formatDuration(input.reap.gracePeriodSeconds)}`,
  );
  return report;
}

/** Why the container should go, or undefined to keep it. */
function containerVerdict(container: RunnerContainer, now: number, graceMs: number): string | undefined {
  const expiresAt = Date.parse(container.labels[ContainerLabel.expiresAt] ?? "");
  if (Number.isFinite(expiresAt) && expiresAt <= now) {
    return `expired ${formatDuration(Math.round((now - expiresAt) / 1000))} ago`;
  }
  if (!Number.isFinite(expiresAt) && container.createdAt.getTime() + graceMs <= now) {
    return "no valid autogit.expires-at label";
  }
  if (container.state !== "running" && container.createdAt.getTime() + graceMs <= now) {
    return `${container.state} and older than the grace period`;
  }
  return undefined;
}

interface RegistrationContext {
  readonly now: number;
  readonly graceMs: number;
  /** Runner names with a live container on this host. */
  readonly live: ReadonlySet<string>;
  /** Runner names whose container this reap just removed. */
  readonly reapedNames: ReadonlySet<string>;
}

function registrationVerdict(runner: RegisteredRunner, context: RegistrationContext): string | undefined {
  if (!runner.labels.some((label) => label.toLowerCase() === AUTOGIT_LABEL)) return undefined;
  if (context.reapedNames.has(runner.name)) return "its container was reaped";
  if (runner.status !== "offline" || runner.busy || context.live.has(runner.name)) return undefined;
  const createdAt = runnerNameCreatedAt(runner.name);
  if (createdAt === undefined || createdAt.getTime() + context.graceMs > context.now) return undefined;
  return `offline, created ${formatDuration(Math.round((context.now - createdAt.getTime()) / 1000))} ago`;
}
