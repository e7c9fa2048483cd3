import * as core from "@actions/core";
import { run } from "./run.js";

try {
  await run();
} catch (error) {
  core.setFailed(error instanceof Error ? error.message : String(error));
}
// The Docker client keeps the runner's output stream and SSH sessions open; the step is done, so end here.
process.exit();
