import { AUTOGIT_LABEL } from "../naming.js";
import { ContainerLabel } from "../ports.js";
import type { RegisteredRunner, RunnerContainer, RunnerScope } from "../ports.js";
import { Input } from "../config/input-names.js";
import { describeScope, scopeKey } from "../scope.js";
import { errorMessage } from "./deps.js";
import type { LifecycleDeps } from "./deps.js";

export interface TeardownTarget {
  readonly scope: RunnerScope;
  /** The runner's unique label (also its name). */
  readonly label: string;
  /** Ids already known from this process, in case a listing misses them. */
  readonly runnerId?: number;
  readonly containerId?: string;
  /** Epoch ms until which a busy runner (422) is waited on. */
  readonly deadline: number;
  /**
   * `containers-first` stops the runner process before it can take a job (a failed start);
   * `registrations-first` lets a busy runner finish its job before its container goes (stop).
   */
  readonly order: "containers-first" | "registrations-first";
}

export interface TeardownReport {
  /** What was removed, e.g. `container autogit-x (3f2a…)`. */
  readonly removed: readonly string[];
  /** What may still exist, each with the reason. Empty when nothing was left behind. */
  readonly leftBehind: readonly string[];
}

/**
 * Removes every container and registration carrying the label; 404 counts as removed, nothing else does.
 * Throws, removing nothing, when a container of that label belongs to another scope than `target.scope`:
 * its registration is there, out of this teardown's reach.
 */
export async function tearDown(deps: LifecycleDeps, target: TeardownTarget): Promise<TeardownReport> {
  const removed: string[] = [];
  const leftBehind: string[] = [];
  let containers: readonly RunnerContainer[];
  try {
    containers = await deps.backend.list({ [ContainerLabel.label]: target.label });
  } catch (error) {
    leftBehind.push(`containers labelled ${target.label} on ${deps.backend.host}: could not list them (${errorMessage(error)})`);
    containers = [];
  }
  checkScope(containers, target);
  const steps = [
    () => removeContainers(deps, target, containers, removed, leftBehind),
    () => removeRegistrations(deps, target, removed, leftBehind),
  ];
  if (target.order === "registrations-first") steps.reverse();
  for (const step of steps) await step();
  return { removed, leftBehind };
}

function checkScope(containers: readonly RunnerContainer[], target: TeardownTarget): void {
  const wanted = scopeKey(target.scope);
  const other = containers.map((container) => container.labels[ContainerLabel.scope]).find((key) => key !== undefined && key !== wanted);
  if (other === undefined) return;
  const colon = other.indexOf(":");
  const [kind, name] = [other.slice(0, colon), other.slice(colon + 1)];
  const fix =
    kind === "organization"
      ? `set ${Input.organization}: ${name}`
      : `set ${Input.repository}: ${name} and leave ${Input.organization} empty`;
  throw new Error(
    `runner ${target.label} was started for ${kind} ${name}, but this step is for ${target.scope.kind} ${describeScope(target.scope).replace(/^organization /, "")}: ` +
      `${fix} on this step. Nothing was removed.`,
  );
}

async function removeContainers(
  deps: LifecycleDeps,
  target: TeardownTarget,
  containers: readonly RunnerContainer[],
  removed: string[],
  leftBehind: string[],
): Promise<void> {
  const ids = new Set(containers.map((container) => container.id));
  if (target.containerId !== undefined && !ids.has(target.containerId)) ids.add(target.containerId);
  for (const id of ids) {
    const what = `container ${containers.find((c) => c.id === id)?.name ?? target.label} (${id.slice(0, 12)})`;
    try {
      const outcome = await deps.backend.remove(id);
      if (outcome === "removed") removed.push(what);
    } catch (error) {
      leftBehind.push(`${what} on ${deps.backend.host}: ${errorMessage(error)}`);
    }
  }
}

async function removeRegistrations(deps: LifecycleDeps, target: TeardownTarget, removed: string[], leftBehind: string[]): Promise<void> {
  let runners: RegisteredRunner[];
  try {
    runners = (await deps.registry.listRunners(target.scope)).filter((runner) => carries(runner, target.label));
  } catch (error) {
    // With the id known, the listing only looks for registrations whose creation answer was lost; names are unique, so there are none.
    if (target.runnerId === undefined) {
      leftBehind.push(`registrations labelled ${target.label}: could not list runners at GitHub (${errorMessage(error)})`);
    } else {
      deps.reporter.warning(`could not list runners at GitHub (${errorMessage(error)}); removing runner id ${target.runnerId} directly`);
    }
    runners = [];
  }
  const ids = new Map(runners.map((runner) => [runner.id, runner.name]));
  if (target.runnerId !== undefined && !ids.has(target.runnerId)) ids.set(target.runnerId, target.label);
  for (const [id, name] of ids) {
    const what = `registration ${name} (id ${id})`;
    try {
      const outcome = await deps.registry.removeRunner(target.scope, id, { deadline: target.deadline });
      if (outcome === "removed") removed.push(what);
    } catch (error) {
      leftBehind.push(`${what}: ${errorMessage(error)}`);
    }
  }
}

/** Ours and for this label: AutoGit never removes a runner without its `autogit` label. */
function carries(runner: RegisteredRunner, label: string): boolean {
  const labels = runner.labels.map((l) => l.toLowerCase());
  const matches = runner.name === label || labels.includes(label.toLowerCase());
  return matches && labels.includes(AUTOGIT_LABEL);
}
