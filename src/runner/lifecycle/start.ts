import type { ActionRequest } from "../config/request.js";
import { newRunnerName, runnerLabels } from "../naming.js";
import { ContainerLabel } from "../ports.js";
import type { JitRunner, RunnerContainer, RunnerContainerSpec } from "../ports.js";
import { describeScope, scopeKey } from "../scope.js";
import { CancelledError, throwIfCancelled, unlessCancelled } from "./cancel.js";
import { errorMessage } from "./deps.js";
import type { LifecycleDeps } from "./deps.js";
import { tearDown } from "./teardown.js";
import { waitForOnline } from "./wait-online.js";

export type StartInput = Pick<ActionRequest, "scope" | "repository" | "runId" | "start">;

export interface RunnerIdentity {
  /** The unique label jobs use in `runs-on`; equal to the runner name. */
  readonly label: string;
  readonly runnerName: string;
}

export interface StartedRunner extends RunnerIdentity {
  readonly runnerId: number;
  readonly containerId: string;
}

export interface StartHooks {
  /** Called before any side effect, so a cancelled start still leaves the label for `stop`. */
  readonly onNamed?: (identity: RunnerIdentity) => void;
  /**
   * Fires when the workflow is cancelled: the start stops waiting, removes the container and registration it
   * created, and fails.
   */
  readonly signal?: AbortSignal;
}

const LOG_LINES_ON_FAILURE = 50;
const CLEANUP_BUSY_WAIT_MS = 30_000;

/**
 * Starts one ephemeral JIT runner: checks the engine, makes sure of the image, registers the runner,
 * starts its container and waits until GitHub sees it online. On any failure after registering,
 * prints the container's last log lines and removes both container and registration before failing.
 */
export async function startRunner(deps: LifecycleDeps, input: StartInput, hooks: StartHooks = {}): Promise<StartedRunner> {
  const { registry, backend, reporter, clock } = deps;
  const options = input.start;
  const name = newRunnerName({ repository: input.repository, runId: input.runId, now: new Date(clock.now()) });
  const identity: RunnerIdentity = { label: name, runnerName: name };
  hooks.onNamed?.(identity);
  const labels = runnerLabels({ unique: name, arch: options.arch, gpu: options.gpu.vendor, extra: options.extraLabels });
  reporter.info(`runner ${name}: labels ${labels.join(", ")}`);

  const { signal } = hooks;
  const gpu = options.gpu;
  if ((gpu.vendor === "amd" || gpu.vendor === "intel") && (gpu.groups ?? []).length === 0) {
    reporter.warning(
      `gpu ${gpu.vendor}: no gpu-groups given, so the runner joins no group that owns /dev/dri${gpu.vendor === "amd" ? " and /dev/kfd" : ""}. ` +
        "GPU device access usually needs the host's video and render gids: run `getent group video render` on the Docker host and pass them as gpu-groups, e.g. gpu-groups: 44,993",
    );
  }

  // The engine first: when it is unreachable nothing may be registered at GitHub (RELIABILITY 10).
  await reporter.group(`Check the Docker engine at ${backend.host}`, () => unlessCancelled(signal, backend.ping()));
  // Before a pull that may take minutes: a mistyped group or a token without access fails now.
  const runnerGroupId = await reporter.group(`Runner group ${options.runnerGroup} of ${describeScope(input.scope)}`, async () => {
    const id = await unlessCancelled(signal, registry.resolveRunnerGroup(input.scope, options.runnerGroup));
    reporter.info(`runner group ${options.runnerGroup} has id ${id}`);
    return id;
  });
  await reporter.group(`Image ${options.image} (${options.arch}, pull ${options.pull})`, () =>
    unlessCancelled(signal, backend.ensureImage(options.image, options.arch, options.pull, (line) => reporter.info(line))),
  );

  let jit: JitRunner | undefined;
  let container: RunnerContainer | undefined;
  try {
    // Creates are awaited to their end even when cancelled, so what they made is known and torn down.
    jit = await reporter.group(`Register runner ${name} at GitHub`, async () => {
      const created = await registry.createJitRunner({ scope: input.scope, name, labels, runnerGroupId });
      reporter.mask(created.encodedJitConfig);
      reporter.info(`registered runner id ${created.runner.id}`);
      return created;
    });
    throwIfCancelled(signal);
    const registered = jit;
    container = await reporter.group(`Start container ${name} on ${backend.host}`, async () => {
      const started = await backend.startRunner(containerSpec(input, name, registered.encodedJitConfig, clock.now()));
      reporter.info(`container ${started.id.slice(0, 12)} is ${started.state}`);
      return started;
    });
    throwIfCancelled(signal);
    const running = container;
    await reporter.group(`Wait for runner ${name} to come online`, () =>
      waitForOnline(deps, {
        scope: input.scope,
        runnerId: registered.runner.id,
        runnerName: name,
        containerId: running.id,
        timeoutSeconds: options.startTimeoutSeconds,
        ...(signal === undefined ? {} : { signal }),
      }),
    );
    return { ...identity, runnerId: registered.runner.id, containerId: running.id };
  } catch (error) {
    const cancelled = error instanceof CancelledError;
    if (cancelled) reporter.warning(`start of runner ${name} was ${error.message}: removing the container and registration it created`);
    const cleanup = await reporter.group(`Start ${cancelled ? "cancelled" : "failed"}: removing runner ${name}`, async () => {
      if (container !== undefined && !cancelled) await printLastLines(deps, container.id, name);
      return tearDown(deps, {
        scope: input.scope,
        label: name,
        ...(jit === undefined ? {} : { runnerId: jit.runner.id }),
        ...(container === undefined ? {} : { containerId: container.id }),
        deadline: clock.now() + CLEANUP_BUSY_WAIT_MS,
        order: "containers-first",
      });
    });
    for (const line of cleanup.removed) reporter.info(`removed ${line}`);
    const left = cleanup.leftBehind.length === 0 ? "" : `\nLeft behind (remove by hand or run mode: reap):\n${cleanup.leftBehind.map((l) => `  - ${l}`).join("\n")}`;
    const what = cancelled ? `was ${errorMessage(error)}` : `failed: ${errorMessage(error)}`;
    throw new Error(`start of runner ${name} ${what}${left}`, { cause: error });
  }
}

function containerSpec(input: StartInput, name: string, encodedJitConfig: string, now: number): RunnerContainerSpec {
  const options = input.start;
  return {
    name,
    image: options.image,
    arch: options.arch,
    pull: options.pull,
    gpu: options.gpu,
    limits: options.limits,
    ...(options.network === undefined ? {} : { network: options.network }),
    labels: {
      [ContainerLabel.managed]: "true",
      [ContainerLabel.runnerName]: name,
      [ContainerLabel.label]: name,
      [ContainerLabel.scope]: scopeKey(input.scope),
      [ContainerLabel.arch]: options.arch,
      [ContainerLabel.gpu]: options.gpu.vendor,
      [ContainerLabel.createdAt]: new Date(now).toISOString(),
      [ContainerLabel.expiresAt]: new Date(now + options.maxLifetimeSeconds * 1000).toISOString(),
    },
    encodedJitConfig,
    idleTimeoutSeconds: options.idleTimeoutSeconds,
    maxLifetimeSeconds: options.maxLifetimeSeconds,
  };
}

async function printLastLines(deps: LifecycleDeps, containerId: string, name: string): Promise<void> {
  try {
    const lines = await deps.backend.tailLogs(containerId, LOG_LINES_ON_FAILURE);
    if (lines.length === 0) {
      deps.reporter.info(`container ${name} left no log lines (it may have been removed already)`);
      return;
    }
    deps.reporter.info(`last ${lines.length} log lines of container ${name}:`);
    for (const line of lines) deps.reporter.info(`  | ${line}`);
  } catch (error) {
    deps.reporter.warning(`could not read the log of container ${name}: ${errorMessage(error)}`);
  }
}
