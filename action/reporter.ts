import * as core from "@actions/core";
import type { Reporter } from "../src/runner/lifecycle/reporter.js";

/** The lifecycle's log, written as workflow commands. */
export const actionsReporter: Reporter = {
  info: (message) => core.info(message),
  warning: (message) => core.warning(message),
  mask: (secret) => core.setSecret(secret),
  group: (title, work) => core.group(title, work),
};
