/**
 * Runs the GitHub emulator until killed, printing `{"url": ..., "token": ...}` on one line.
 * `npx tsx tests/emulator/github/main.ts --port 0 [--token T] [--prefix /api/v3] [--runner-timeout SECONDS]`
 */
import { parseArgs } from "node:util";
import { startGitHubEmulator } from "./emulator.js";

const { values } = parseArgs({
  options: {
    port: { type: "string", default: "0" },
    token: { type: "string" },
    prefix: { type: "string" },
    "runner-timeout": { type: "string" },
  },
});
const port = Number(values.port);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  throw new Error(`--port must be an integer from 0 to 65535 (got "${values.port}")`);
}
const runnerTimeout = values["runner-timeout"] === undefined ? undefined : Number(values["runner-timeout"]);
if (runnerTimeout !== undefined && !(runnerTimeout > 0)) {
  throw new Error(`--runner-timeout must be a positive number of seconds (got "${values["runner-timeout"]}")`);
}
const emulator = await startGitHubEmulator({
  port,
  ...(values.token === undefined ? {} : { token: values.token }),
  ...(values.prefix === undefined ? {} : { pathPrefix: values.prefix }),
  ...(runnerTimeout === undefined ? {} : { runnerTimeoutSeconds: runnerTimeout }),
});
process.stdout.write(`${JSON.stringify({ url: emulator.url, token: emulator.token, origin: emulator.origin })}\n`);

const stop = (): void => {
  emulator.close().then(
    () => process.exit(0),
    () => process.exit(1),
  );
};
process.once("SIGTERM", stop);
process.once("SIGINT", stop);
