import { readdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { loadStackConfig } from "../../../src/cli/stack-config.js";
import type { DockerPlatformSpec, KubernetesPlatformSpec, PlatformSpec } from "../../../src/platform/spec/index.js";
import { parsePlatformSpec } from "../../../src/platform/spec/index.js";

/** Specs the renderer tests run on: every shipped stack file, and edge cases built from minimal raw configs. */

const STACKS_DIR = fileURLToPath(new URL("../../../stacks/", import.meta.url));

/** Every `stacks/Pulumi.<name>.yaml`, parsed through the spec engineer's loader and parser. */
export async function shippedStacks(): Promise<readonly { readonly name: string; readonly spec: PlatformSpec }[]> {
  const files = readdirSync(STACKS_DIR).filter((file) => /^Pulumi\.[\w-]+\.ya?ml$/.test(file)).sort();
  if (files.length === 0) throw new Error(`no stack files in ${STACKS_DIR}`);
  return Promise.all(files.map(async (file) => ({ name: file.replace(/^Pulumi\.|\.ya?ml$/g, ""), spec: parsePlatformSpec(await loadStackConfig(`${STACKS_DIR}${file}`)) })));
}

const HASH = "$argon2id$v=19$m=65536,t=3,p=4$2TLJA/yovlmAiqs5+Ply5A$MGz5idnKwEUltNwqV5X/xRbo2jHw6jU3IQ83fl8Gv5g";

const BASE = {
  target: "docker",
  domain: "lab.home.arpa",
  dns: { lanAddress: "192.168.1.10" },
  sso: { users: [{ username: "admin", email: "admin@lab.home.arpa", groups: ["admins"], passwordHash: HASH }] },
  runnerHosts: [{ name: "local", arch: "amd64" }],
} as const;

/** A Docker spec from `BASE` with top-level keys replaced. */
export function dockerSpec(overrides: Record<string, unknown> = {}): DockerPlatformSpec {
  const spec = parsePlatformSpec({ ...BASE, ...overrides });
  if (spec.target !== "docker") throw new Error("expected a docker spec");
  return spec;
}

export function kubernetesSpec(overrides: Record<string, unknown> = {}): KubernetesPlatformSpec {
  // Kubernetes takes the service address from Traefik's LoadBalancer, so the Docker base's lanAddress goes.
  const dns = Object.fromEntries(Object.entries((overrides["dns"] as Record<string, unknown> | undefined) ?? {}).filter(([key]) => key !== "lanAddress"));
  const spec = parsePlatformSpec({ ...BASE, domain: "ci.example.com", tls: { mode: "acme-http01", email: "ops@example.com" }, ...overrides, target: "kubernetes", dns });
  if (spec.target !== "kubernetes") throw new Error("expected a kubernetes spec");
  return spec;
}

const PUBLIC = { domain: "ci.example.com", sso: { users: [{ username: "admin", email: "admin@example.com", groups: ["admins"], passwordHash: HASH }] } };

/** One Docker spec per TLS mode and DNS-01 provider. */
export const TLS_CASES: readonly { readonly name: string; readonly spec: () => DockerPlatformSpec }[] = [
  { name: "local-ca", spec: () => dockerSpec({ tls: { mode: "local-ca" } }) },
  { name: "acme-http01", spec: () => dockerSpec({ ...PUBLIC, tls: { mode: "acme-http01", email: "ops@example.com" } }) },
  { name: "acme-http01 staging", spec: () => dockerSpec({ ...PUBLIC, tls: { mode: "acme-http01", email: "ops@example.com", staging: true } }) },
  {
    name: "acme-dns01 cloudflare",
    // A secret key the spec refers to is set in the stack, encrypted as Pulumi stores it.
    spec: () => dockerSpec({ ...PUBLIC, cfToken: { secure: "v1:AAAA" }, tls: { mode: "acme-dns01", email: "ops@example.com", dns01: { provider: "cloudflare", credentials: { apiToken: { secret: "cfToken" } } } } }),
  },
  {
    name: "acme-dns01 route53",
    spec: () =>
      dockerSpec({
        ...PUBLIC,
        tls: {
          mode: "acme-dns01",
          email: "ops@example.com",
          dns01: { provider: "route53", region: "eu-west-1", hostedZoneId: "Z0123456789ABC", credentials: { accessKeyId: { env: "AWS_KEY" }, secretAccessKey: { env: "AWS_SECRET" } } },
        },
      }),
  },
  {
    name: "acme-dns01 digitalocean",
    spec: () => dockerSpec({ ...PUBLIC, tls: { mode: "acme-dns01", email: "ops@example.com", dns01: { provider: "digitalocean", credentials: { accessToken: { env: "DO_TOKEN" } } } } }),
  },
  {
    name: "acme-dns01 rfc2136",
    spec: () =>
      dockerSpec({
        ...PUBLIC,
        tls: {
          mode: "acme-dns01",
          email: "ops@example.com",
          staging: true,
          dns01: { provider: "rfc2136", nameserver: "192.168.1.2:53", tsigKeyName: "acme-key", tsigAlgorithm: "hmac-sha512", credentials: { tsigSecret: { env: "TSIG_SECRET" } } },
        },
      }),
  },
];

/** A fleet with every GPU vendor, emulation, and many hosts. */
export function fleetSpec(hostCount = 24): DockerPlatformSpec {
  const gpus = [undefined, { vendor: "nvidia" }, { vendor: "nvidia", count: 2 }, { vendor: "amd" }, { vendor: "intel" }];
  return dockerSpec({
    runnerHosts: Array.from({ length: hostCount }, (_, index) => ({
      name: `host-${index}`,
      arch: index % 2 === 0 ? "amd64" : "arm64",
      ...(index % 3 === 0 ? { emulate: ["riscv64"] } : {}),
      ...(gpus[index % gpus.length] === undefined ? {} : { gpu: gpus[index % gpus.length] }),
      capacity: 1 + (index % 4),
    })),
  });
}

/** Every spec the renderers are checked with: the shipped stacks, each TLS mode, a large fleet and a Kubernetes spec. */
export async function renderCases(): Promise<{ name: string; spec: PlatformSpec }[]> {
  return [
    ...(await shippedStacks()).map(({ name, spec }) => ({ name: `stack ${name}`, spec })),
    ...TLS_CASES.map(({ name, spec }) => ({ name, spec: spec() })),
    { name: "fleet", spec: fleetSpec() },
    { name: "kubernetes", spec: kubernetesSpec() },
  ];
}

