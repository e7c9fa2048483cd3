/**
 * Runs the real Pulumi program (`infra/index.ts`) under Pulumi's mock engine with a stack's config, read from the
 * stack file as `pulumi up` would, and records every resource the program declares. A resource's state is its
 * inputs plus what the real provider would compute (`computedState`), the same for every target's tests.
 */
import { fileURLToPath, pathToFileURL } from "node:url";
import * as pulumi from "@pulumi/pulumi";
import { vi } from "vitest";
import { CONFIG_NAMESPACE, loadStackConfig, stackFilePath } from "../../src/cli/stack-config.js";

const REPO = fileURLToPath(new URL("../../", import.meta.url));
const ENTRY = fileURLToPath(new URL("../../infra/index.ts", import.meta.url));
const SECRET_SIG_KEY = "4dabf18193072939515e22adb298388d";
const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";

export interface MockedResource {
  readonly type: string;
  readonly name: string;
  /** Inputs as the engine received them, secrets unwrapped. */
  readonly inputs: Record<string, unknown>;
  /** Dotted paths (`envs`, `uploads[0].content`) of inputs that arrived as Pulumi secrets; the SDK may mark a whole
   * property secret when a value nested in it is, so assert with the outermost path. */
  readonly secretPaths: readonly string[];
  readonly provider: string | undefined;
}

export interface ProgramRun {
  readonly resources: readonly MockedResource[];
  /** Stack outputs, resolved. */
  readonly outputs: Readonly<Record<string, unknown>>;
  /** Names of stack outputs that are Pulumi secrets. */
  readonly secretOutputs: readonly string[];
  /** All resources of a type token, e.g. `docker:index/container:Container`. */
  ofType(type: string): readonly MockedResource[];
  /** The one resource of that type and name; throws listing what exists otherwise. */
  get(type: string, name: string): MockedResource;
}

export interface RunOptions {
  /** Values merged over the stack file's `autogit:` config (top-level keys replace). */
  readonly overrides?: Readonly<Record<string, unknown>>;
  /** Plaintext for secret config keys (`pulumi config set --secret`); `{ secure: … }` keys get a fake value otherwise. */
  readonly secrets?: Readonly<Record<string, string>>;
  /** Other namespaces' config, e.g. `{ "kubernetes:context": "lab" }`. */
  readonly extraConfig?: Readonly<Record<string, string>>;
  /** Environment variables of the `pulumi up` process, set for this run only (what `{ env: NAME }` references read). */
  readonly env?: Readonly<Record<string, string>>;
}

/** A run the program refused: its error, and the resources it had declared by then. */
export interface FailedRun {
  readonly error: Error;
  readonly resources: readonly MockedResource[];
}

/** Runs the program with `stacks/Pulumi.<stack>.yaml` (or a path). */
export async function runStack(stackOrPath: string, options: RunOptions = {}): Promise<ProgramRun> {
  const path = stackFilePath(stackOrPath, `${REPO}stacks`);
  const raw = await loadStackConfig(path);
  return runConfig({ ...raw, ...options.overrides }, { ...options, stackName: stackOrPath.replace(/^.*Pulumi\.|\.ya?ml$/g, "") });
}

/** Runs the program with a raw `autogit:` config object (keys without the namespace). */
export async function runConfig(raw: Readonly<Record<string, unknown>>, options: RunOptions & { readonly stackName?: string } = {}): Promise<ProgramRun> {
  const resources: MockedResource[] = [];
  const { outputs, secretOutputs } = await withEnv(options.env ?? {}, () => execute(raw, options, resources));
  return {
    resources,
    outputs,
    secretOutputs,
    ofType: (type) => resources.filter((r) => r.type === type),
    get(type, name) {
      const found = resources.find((r) => r.type === type && r.name === name);
      if (found === undefined) {
        const names = resources.filter((r) => r.type === type).map((r) => r.name);
        throw new Error(`no ${type} named ${name}; declared: ${names.join(", ") || "none"}`);
      }
      return found;
    },
  };
}

/** Runs the program with a config it must refuse; throws when the program succeeds. */
export async function runFailure(raw: Readonly<Record<string, unknown>>, options: RunOptions = {}): Promise<FailedRun> {
  const resources: MockedResource[] = [];
  try {
    await withEnv(options.env ?? {}, () => execute(raw, options, resources));
  } catch (error) {
    return { error: error instanceof Error ? error : new Error(String(error)), resources };
  }
  throw new Error(`the program accepted the configuration and declared ${resources.length} resources`);
}

async function execute(
  raw: Readonly<Record<string, unknown>>,
  options: RunOptions & { readonly stackName?: string },
  resources: MockedResource[],
): Promise<{ outputs: Record<string, unknown>; secretOutputs: string[] }> {
  const config: Record<string, string> = { ...options.extraConfig };
  const secretKeys: string[] = [];
  for (const [key, value] of Object.entries(raw)) {
    const fullKey = `${CONFIG_NAMESPACE}:${key}`;
    if (isSecure(value)) {
      config[fullKey] = options.secrets?.[key] ?? `test-secret-value-of-${key}`;
      secretKeys.push(fullKey);
    } else {
      config[fullKey] = typeof value === "string" ? value : JSON.stringify(value);
    }
  }
  for (const [key, value] of Object.entries(options.secrets ?? {})) {
    const fullKey = `${CONFIG_NAMESPACE}:${key}`;
    if (!(fullKey in config)) {
      config[fullKey] = value;
      secretKeys.push(fullKey);
    }
  }

  pulumi.runtime.setAllConfig(config, secretKeys);
  await pulumi.runtime.setMocks(
    {
      newResource(args) {
        const secretPaths: string[] = [];
        const inputs = unwrapSecrets(args.inputs, "", secretPaths) as Record<string, unknown>;
        resources.push({ type: args.type, name: args.name, inputs, secretPaths, provider: args.provider });
        const state: Record<string, unknown> = { ...(args.inputs as Record<string, unknown>), ...computedState(args) };
        return { id: `${args.name}-id`, state };
      },
      call(args): Record<string, unknown> {
        return args.inputs as Record<string, unknown>;
      },
    },
    "autogit",
    options.stackName ?? "test",
    false,
  );

  vi.resetModules();
  const program = (await import(/* @vite-ignore */ pathToFileURL(ENTRY).href)) as Record<string, unknown>;
  const outputs: Record<string, unknown> = {};
  const secretOutputs: string[] = [];
  for (const [name, value] of Object.entries(program)) {
    if (pulumi.Output.isInstance(value)) {
      outputs[name] = await resolve(value);
      if (await pulumi.isSecret(value)) secretOutputs.push(name);
    } else if (value !== undefined) {
      outputs[name] = value;
    }
  }
  // Resources that no output depends on may still be registering.
  await pulumi.runtime.disconnect();
  return { outputs, secretOutputs };
}

async function withEnv<T>(env: Readonly<Record<string, string>>, body: () => Promise<T>): Promise<T> {
  const saved = Object.fromEntries(Object.keys(env).map((key) => [key, process.env[key]]));
  Object.assign(process.env, env);
  try {
    return await body();
  } finally {
    for (const [key, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
  }
}

function resolve<T>(output: pulumi.Output<T>): Promise<T> {
  return new Promise((done) => {
    output.apply((value) => {
      done(value);
      return value;
    });
  });
}

function isSecure(value: unknown): value is { secure: string } {
  return typeof value === "object" && value !== null && "secure" in value && Object.keys(value).length === 1;
}

function unwrapSecrets(value: unknown, path: string, secretPaths: string[]): unknown {
  if (Array.isArray(value)) return value.map((item, i) => unwrapSecrets(item, `${path}[${i}]`, secretPaths));
  if (typeof value !== "object" || value === null) return value;
  const record = value as Record<string, unknown>;
  if (record[SECRET_SIG_KEY] === SECRET_SIG) {
    secretPaths.push(path);
    return unwrapSecrets(record["value"], path, []);
  }
  const out: Record<string, unknown> = {};
  for (const [key, inner] of Object.entries(record)) {
    out[key] = unwrapSecrets(inner, path === "" ? key : `${path}.${key}`, secretPaths);
  }
  return out;
}

/** What the mocked Kubernetes provider reports as a LoadBalancer Service's external address. */
export const MOCK_LOAD_BALANCER_IP = "203.0.113.10";
/** The token the cluster's token controller fills a service-account token Secret with. */
export const MOCK_SERVICE_ACCOUNT_TOKEN = "mock-service-account-token";
/** The cluster CA (base64 PEM, as in a kubeconfig or a token Secret's `ca.crt`). */
export const MOCK_CLUSTER_CA = Buffer.from("-----BEGIN CERTIFICATE-----\nmock-cluster-ca\n-----END CERTIFICATE-----\n").toString("base64");

/** The CA cert-manager puts in a certificate Secret's `ca.crt` (the local CA's root), as PEM. */
export const MOCK_CA_BUNDLE_PEM = "-----BEGIN CERTIFICATE-----\nmock-local-ca-root\n-----END CERTIFICATE-----\n";

/** What a mocked runner registration prints: a token of GitLab's runner-token shape, named after the resource. */
export function mockRunnerToken(resourceName: string): string {
  return `glrt-mock-${resourceName.replace(/[^\w-]/g, "-")}`;
}

/** A PEM block of the real shape (several 64-column base64 lines) whose body decodes to `marker`, a newline and filler. */
export function mockPem(label: string, marker: string): string {
  const body = Buffer.from(`${marker}\n${"0".repeat(120)}`).toString("base64").match(/.{1,64}/g) ?? [];
  return `-----BEGIN ${label}-----\n${body.join("\n")}\n-----END ${label}-----\n`;
}

/** The marker inside a `mockPem`, or undefined when `pem` is not one. */
export function mockPemMarker(pem: string): string | undefined {
  const body = /-----BEGIN [A-Z ]+-----\n([\s\S]+?)\n-----END/.exec(pem)?.[1];
  return body === undefined ? undefined : Buffer.from(body.replace(/\n/g, ""), "base64").toString().split("\n")[0];
}

/**
 * The outputs the real providers compute and the program reads, by resource type; everything else a resource
 * reports is its inputs. Values are derived from the resource's name, so tests can predict them.
 */
function computedState(args: pulumi.runtime.MockResourceArgs): Record<string, unknown> {
  const inputs = args.inputs as Record<string, unknown>;
  switch (args.type) {
    // random: the generated value.
    case "random:index/randomPassword:RandomPassword":
    case "random:index/randomString:RandomString":
      return { result: `mock-random-${args.name}` };
    // tls: a key PEM of the real shape (`RSA PRIVATE KEY` / `EC PRIVATE KEY`, base64 body decoding to
    // `mock-<name>`), so configs that embed a key (Authelia's JWKS) pass the upstream schemas' PEM pattern.
    case "tls:index/privateKey:PrivateKey":
      return {
        privateKeyPem: mockPem(inputs["algorithm"] === "RSA" ? "RSA PRIVATE KEY" : "EC PRIVATE KEY", `mock-${args.name}`),
        publicKeyPem: `mock-public-${args.name}`,
      };
    case "tls:index/selfSignedCert:SelfSignedCert":
    case "tls:index/locallySignedCert:LocallySignedCert":
      return { certPem: `-----BEGIN CERTIFICATE-----\nmock-${args.name}\n-----END CERTIFICATE-----\n` };
    // command: what the command prints. A runner registration (`*-registration-api`) prints the `glrt-` token
    // config.toml is rendered with; the others print nothing anyone reads.
    case "command:local:Command":
      return { stdout: args.name.endsWith("-registration-api") ? mockRunnerToken(args.name) : "" };
    // kubernetes: a LoadBalancer Service's assigned address. Read Services (`Service.get`, e.g. the chart's Traefik
    // Service) have no inputs; the stacks' type is LoadBalancer.
    case "kubernetes:core/v1:Service": {
      const spec = inputs["spec"] as { type?: string } | undefined;
      return spec?.type === "LoadBalancer" || args.id !== undefined ? { status: { loadBalancer: { ingress: [{ ip: MOCK_LOAD_BALANCER_IP }] } } } : {};
    }
    // kubernetes: the token controller fills a `kubernetes.io/service-account-token` Secret with a token and the CA;
    // a read Secret (`Secret.get`, e.g. cert-manager's CA bundle) is a certificate Secret holding `MOCK_CA_BUNDLE_PEM`.
    case "kubernetes:core/v1:Secret":
      if (inputs["type"] === "kubernetes.io/service-account-token") {
        return { data: { token: Buffer.from(MOCK_SERVICE_ACCOUNT_TOKEN).toString("base64"), "ca.crt": MOCK_CLUSTER_CA } };
      }
      return args.id !== undefined && args.id !== "" ? { data: { "ca.crt": Buffer.from(MOCK_CA_BUNDLE_PEM).toString("base64") } } : {};
    default:
      return {};
  }
}
