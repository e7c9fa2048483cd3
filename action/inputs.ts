import * as core from "@actions/core";
import { INPUT_NAMES, Input } from "../src/runner/config/input-names.js";
import type { InputName, RawInputs } from "../src/runner/config/input-names.js";
import type { WorkflowContext } from "../src/runner/config/request.js";

/** Inputs whose values are secrets: masked before anything else happens. */
const SECRET_INPUTS: readonly InputName[] = [Input.githubToken, Input.dockerTlsKey, Input.dockerSshKey];

/** Every input as the raw string the workflow gave; validation happens in src/runner/config. */
export function readInputs(): RawInputs {
  const raw = Object.fromEntries(INPUT_NAMES.map((name) => [name, core.getInput(name)])) as Record<InputName, string>;
  for (const name of SECRET_INPUTS) {
    const value = raw[name];
    if (value !== "") maskLines(value);
  }
  return raw;
}

/** The defaults GitHub provides to every step. */
export function workflowContext(env: NodeJS.ProcessEnv = process.env): WorkflowContext {
  return {
    ...(env.GITHUB_REPOSITORY === undefined ? {} : { repository: env.GITHUB_REPOSITORY }),
    ...(env.GITHUB_RUN_ID === undefined ? {} : { runId: env.GITHUB_RUN_ID }),
    ...(env.GITHUB_API_URL === undefined ? {} : { apiUrl: env.GITHUB_API_URL }),
    dockerEnv: { DOCKER_HOST: env.DOCKER_HOST, DOCKER_CERT_PATH: env.DOCKER_CERT_PATH, SSH_AUTH_SOCK: env.SSH_AUTH_SOCK },
  };
}

// The runner masks line by line, so a multi-line PEM key needs each line masked too.
function maskLines(secret: string): void {
  core.setSecret(secret);
  if (!secret.includes("\n")) return;
  for (const line of secret.split(/\r?\n/)) {
    if (line.trim().length >= 8 && !line.startsWith("-----")) core.setSecret(line.trim());
  }
}
