/**
 * Imported before the program: completes the outputs the shared harness (tests/support/pulumi.ts) does not compute
 * the way the real providers do.
 * - `command:local:Command` gets a `stdout`: the runner registration's is the `glrt-` token config.toml is rendered with.
 * - `tls:index/privateKey:PrivateKey` gets a PEM of the real shape (`RSA PRIVATE KEY` / `EC PRIVATE KEY`, base64
 *   body), so configs that embed a key (Authelia's JWKS) can be checked against the upstream schema's PEM pattern.
 */
import * as pulumi from "@pulumi/pulumi";
import { mockPem, mockRunnerToken } from "./runner-token.js";

interface MockMonitor {
  mocks: pulumi.runtime.Mocks;
}

const monitor = pulumi.runtime.getMonitor() as unknown as MockMonitor | undefined;
if (monitor === undefined || typeof monitor.mocks !== "object") {
  throw new Error("provider-outputs: import this only under the mock engine (runStack/runConfig set the mocks first)");
}
const inner = monitor.mocks;
monitor.mocks = {
  async newResource(args) {
    const result = await inner.newResource(args);
    switch (args.type) {
      case "command:local:Command":
        // Registration commands print the runner token; the others print nothing anyone reads.
        return { ...result, state: { ...result.state, stdout: args.name.endsWith("-registration-api") ? mockRunnerToken(args.name) : "" } };
      case "tls:index/privateKey:PrivateKey": {
        const inputs = args.inputs as Record<string, unknown>;
        const label = inputs["algorithm"] === "RSA" ? "RSA PRIVATE KEY" : "EC PRIVATE KEY";
        return { ...result, state: { ...result.state, privateKeyPem: mockPem(label, `mock-${args.name}`) } };
      }
      default:
        return result;
    }
  },
  call: (args) => inner.call(args),
};
