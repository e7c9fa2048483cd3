/**
 * Runs the real Pulumi program (`infra/index.ts`) under Pulumi's mock engine with a stack's config, read from the
 * stack file as `pulumi up` would, and records every resource the program declares.
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
  /** The program to import; default the real entry `infra/index.ts`. */
  readonly entry?: string;
}

/** Runs the program with `stacks/Pulumi.<stack>.yaml` (or a path). */
export async function runStack(stackOrPath: string, options: RunOptions = {}): Promise<ProgramRun> {
  const path = stackFilePath(stackOrPath, `${REPO}stacks`);
  const raw = await loadStackConfig(path);
  return runConfig({ ...raw, ...options.overrides }, { ...options, stackName: stackOrPath.replace(/^.*Pulumi\.|\.ya?ml$/g, "") });
}

/** Runs the program with a raw `autogit:` config object (keys without the namespace). */
export async function runConfig(raw: Readonly<Record<string, unknown>>, options: RunOptions & { readonly stackName?: string } = {}): Promise<ProgramRun> {
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

  const resources: MockedResource[] = [];
  pulumi.runtime.setAllConfig(config, secretKeys);
  await pulumi.runtime.setMocks(
    {
      newResource(args) {
        const secretPaths: string[] = [];
        const inputs = unwrapSecrets(args.inputs, "", secretPaths) as Record<string, unknown>;
        resources.push({ type: args.type, name: args.name, inputs, secretPaths, provider: args.provider });
        const state: Record<string, unknown> = { ...(args.inputs as Record<string, unknown>), ...computedState(args.type, args.name) };
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
  const entry = pathToFileURL(options.entry ?? ENTRY).href;
  const program = (await import(/* @vite-ignore */ entry)) as Record<string, unknown>;
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

/** Outputs the real providers compute that programs commonly read. */
function computedState(type: string, name: string): Record<string, unknown> {
  switch (type) {
    case "random:index/randomPassword:RandomPassword":
    case "random:index/randomString:RandomString":
      return { result: `mock-random-${name}` };
    case "tls:index/privateKey:PrivateKey":
      return { privateKeyPem: `-----BEGIN PRIVATE KEY-----\nmock-${name}\n-----END PRIVATE KEY-----\n`, publicKeyPem: `mock-public-${name}` };
    case "tls:index/selfSignedCert:SelfSignedCert":
    case "tls:index/locallySignedCert:LocallySignedCert":
      return { certPem: `-----BEGIN CERTIFICATE-----\nmock-${name}\n-----END CERTIFICATE-----\n` };
    default:
      return {};
  }
}
