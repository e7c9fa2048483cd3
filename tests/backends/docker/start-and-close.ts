/**
 * Starts one runner container through a fresh backend, waits until it ran `seconds`, closes the backend and prints
 * the container id. Nothing else ends this process: it exits by itself only if `close` let go of every connection.
 * `tsx start-and-close.ts` with AUTOGIT_TEST_DOCKER_HOST, optional AUTOGIT_TEST_SSH_KEY, AUTOGIT_TEST_SPEC (JSON).
 */
import { createDockerRunnerBackend } from "../../../src/backends/docker/index.js";
import type { RunnerContainerSpec } from "../../../src/runner/ports.js";

const env = process.env;
const backend = createDockerRunnerBackend(
  { host: env["AUTOGIT_TEST_DOCKER_HOST"] ?? "", ...(env["AUTOGIT_TEST_SSH_KEY"] === undefined ? {} : { sshPrivateKey: env["AUTOGIT_TEST_SSH_KEY"] }) },
  { env: {} },
);
const spec = JSON.parse(env["AUTOGIT_TEST_SPEC"] ?? "{}") as RunnerContainerSpec;
await backend.ping();
const started = await backend.startRunner(spec);
// Some traffic on the pooled connections besides the attached output stream.
await backend.inspect(started.id);
await backend.list(spec.labels);
await backend.close();
process.stdout.write(`${started.id}\n`);
