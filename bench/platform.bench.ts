/**
 * Evaluation cost of the Pulumi program (target docker) under Pulumi's mock engine, as the fleet grows:
 * `npx tsx bench/platform.bench.ts`.
 * The dev stack's config with 1, 10 and 100 generated runner hosts (local, ssh, tcp with TLS; amd64 and arm64;
 * riscv64 under emulation; NVIDIA GPUs) is evaluated side by side in every round, in a rotating order, until every
 * resource is registered. Prints the median of each size as a ratio to the 1-host median, and that ratio per host
 * added: absolute times depend on the machine and are not printed.
 */
import * as pulumi from "@pulumi/pulumi";
import { CONFIG_NAMESPACE, loadStackConfig, stackFilePath } from "../src/cli/stack-config.js";
import { readPlatformSpec } from "../infra/config.js";
import { definePlatform } from "../infra/program.js";

const SIZES = [1, 10, 100] as const;
const ROUNDS = 7;
const CLIENT_KEY_SECRET = "benchClientKey";

const median = (values: readonly number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[middle] ?? 0) : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
};

/** `count` runner hosts covering every connection kind, both native arches, emulation and GPUs. */
function runnerHosts(count: number): Record<string, unknown>[] {
  return Array.from({ length: count }, (_, i) => {
    const name = `host-${i}`;
    const connection =
      i === 0
        ? { kind: "local" }
        : i % 10 === 9
          ? {
              kind: "tcp",
              host: `${name}.lab.home.arpa`,
              tls: {
                caCert: "-----BEGIN CERTIFICATE-----\nYmVuY2gtY2E=\n-----END CERTIFICATE-----",
                clientCert: "-----BEGIN CERTIFICATE-----\nYmVuY2gtY2VydA==\n-----END CERTIFICATE-----",
                clientKey: { secret: CLIENT_KEY_SECRET },
              },
            }
          : { kind: "ssh", host: `${name}.lab.home.arpa`, user: "ci" };
    return {
      name,
      arch: i % 4 === 1 ? "arm64" : "amd64",
      ...(i % 4 === 2 ? { emulate: ["riscv64"] } : {}),
      ...(i % 5 === 3 ? { gpu: { vendor: "nvidia", count: 1 }, labels: ["cuda"] } : {}),
      connection,
    };
  });
}

function stackConfig(raw: Readonly<Record<string, unknown>>): Record<string, string> {
  // The client key of the tcp hosts, as `pulumi config set --secret` would hold it; set only when a host refers to it.
  const referenced = JSON.stringify(raw).includes(CLIENT_KEY_SECRET);
  const config: Record<string, string> = referenced ? { [`${CONFIG_NAMESPACE}:${CLIENT_KEY_SECRET}`]: "-----BEGIN PRIVATE KEY-----\nYmVuY2gta2V5\n-----END PRIVATE KEY-----" } : {};
  for (const [key, value] of Object.entries(raw)) config[`${CONFIG_NAMESPACE}:${key}`] = typeof value === "string" ? value : JSON.stringify(value);
  return config;
}

/** One evaluation: the program declares everything and the mock engine has registered every resource. */
async function evaluate(config: Record<string, string>): Promise<{ readonly ms: number; readonly resources: number }> {
  let resources = 0;
  pulumi.runtime.setAllConfig(config, [`${CONFIG_NAMESPACE}:${CLIENT_KEY_SECRET}`]);
  await pulumi.runtime.setMocks(
    {
      newResource(args) {
        resources += 1;
        const stdout = args.type === "command:local:Command" ? { stdout: `glrt-bench-${args.name}` } : {};
        const computed = args.type.startsWith("random:") ? { result: `bench-${args.name}` } : args.type.startsWith("tls:") ? { privateKeyPem: "k", certPem: "c" } : {};
        const inputs = args.inputs as Record<string, unknown>;
        return { id: `${args.name}-id`, state: { ...inputs, ...computed, ...stdout } };
      },
      call: (args) => args.inputs as Record<string, unknown>,
    },
    "autogit",
    "bench",
    false,
  );
  const started = performance.now();
  const outputs = definePlatform(readPlatformSpec());
  await new Promise<void>((done) => outputs.runnerFleet?.apply(() => done()) ?? done());
  // Resources no output depends on may still be registering: wait for all of them.
  await pulumi.runtime.disconnect();
  return { ms: performance.now() - started, resources };
}

async function main(): Promise<void> {
  const dev = await loadStackConfig(stackFilePath("dev", "stacks"));
  const configs = new Map(SIZES.map((size) => [size, stackConfig({ ...dev, runnerHosts: runnerHosts(size) })]));
  const times = new Map<number, number[]>(SIZES.map((size) => [size, []]));
  const counts = new Map<number, number>();

  // Warm-up: module loading and JIT, not measured.
  for (const size of SIZES) await evaluate(configs.get(size)!);
  for (let round = 0; round < ROUNDS; round += 1) {
    // Rotate the order so no size always runs first (or last) in a round.
    const order = SIZES.map((_, i) => SIZES[(i + round) % SIZES.length]);
    for (const size of order) {
      const { ms, resources } = await evaluate(configs.get(size)!);
      times.get(size)!.push(ms);
      counts.set(size, resources);
    }
  }

  const base = median(times.get(1)!);
  console.log(`Program evaluation under the mock engine, median of ${ROUNDS} rounds, relative to 1 runner host:`);
  console.log("hosts  resources  time ratio  ratio per host");
  for (const size of SIZES) {
    const ratio = median(times.get(size)!) / base;
    console.log(`${String(size).padStart(5)}  ${String(counts.get(size)).padStart(9)}  ${ratio.toFixed(2).padStart(9)}x  ${(ratio / size).toFixed(3).padStart(13)}`);
  }
}

await main();
