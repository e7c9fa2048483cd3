import * as core from "@actions/core";
import { Output } from "../src/runner/config/input-names.js";
import { parseActionRequest } from "../src/runner/config/request.js";
import type { LifecycleDeps } from "../src/runner/lifecycle/deps.js";
import { reap } from "../src/runner/lifecycle/reap.js";
import { startRunner } from "../src/runner/lifecycle/start.js";
import { stopRunner } from "../src/runner/lifecycle/stop.js";
import type { ActionRequest } from "../src/runner/config/request.js";
import type { Reporter } from "../src/runner/lifecycle/reporter.js";
import { listenForCancel } from "./cancel.js";
import { createLifecycleDeps } from "./deps.js";
import { readInputs, workflowContext } from "./inputs.js";
import { actionsReporter } from "./reporter.js";

export type DepsFactory = (request: ActionRequest, reporter: Reporter) => LifecycleDeps;

/** Reads and validates every input (secrets masked first), then starts, stops or reaps. */
export async function run(createDeps: DepsFactory = createLifecycleDeps): Promise<void> {
  const raw = readInputs();
  const request = parseActionRequest(raw, workflowContext());
  const deps = createDeps(request, actionsReporter);
  const cancel = listenForCancel(request.mode === "start" ? "removing what this start created" : `finishing the ${request.mode}`);
  try {
    await runMode(deps, request, cancel.signal);
  } finally {
    cancel.dispose();
    // Lets the step end on its own: started containers keep running, only this process's connections go.
    await deps.backend.close();
  }
}

async function runMode(deps: LifecycleDeps, request: ActionRequest, signal: AbortSignal): Promise<void> {
  switch (request.mode) {
    case "start": {
      const started = await startRunner(deps, request, {
        onNamed: (identity) => {
          core.setOutput(Output.label, identity.label);
          core.setOutput(Output.runnerName, identity.runnerName);
        },
        signal,
      });
      core.setOutput(Output.runnerId, String(started.runnerId));
      core.setOutput(Output.containerId, started.containerId);
      core.info(`runner ${started.runnerName} is online; run jobs on it with runs-on: ${started.label}`);
      return;
    }
    // Stop and reap are the cleanup: a cancel lets them run to the end.
    case "stop":
      await stopRunner(deps, request);
      return;
    case "reap": {
      const report = await reap(deps, request);
      core.setOutput(Output.reaped, JSON.stringify({ containers: report.containers, registrations: report.registrations }));
      if (report.failures.length > 0) {
        throw new Error(`reap could not remove everything:\n${report.failures.map((line) => `  - ${line}`).join("\n")}`);
      }
      return;
    }
  }
}
