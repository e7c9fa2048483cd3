import { readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { Ajv, type AnySchema, type ErrorObject, type ValidateFunction } from "ajv";
import { Ajv2020 } from "ajv/dist/2020.js";
import addFormatsModule from "ajv-formats";
import { expect } from "vitest";

/**
 * Validates generated configs against the JSON Schemas the upstream projects publish (copied verbatim into
 * `../shared/schemas/`, see its README): `expectValid("traefik-static", config)`. Each schema is compiled once.
 */

/** The upstream schemas, by the name tests use. */
export const UPSTREAM_SCHEMA_FILES = {
  "authelia-config": "authelia-4.39-configuration.schema.json",
  "authelia-users": "authelia-4.39-user-database.schema.json",
  "traefik-static": "traefik-v3-static.schema.json",
  "traefik-dynamic": "traefik-v3-file-provider.schema.json",
  "helm-traefik": "helm-traefik-41.3.0-values.schema.json",
  "helm-cert-manager": "helm-cert-manager-1.21.1-values.schema.json",
  "helm-authelia": "helm-authelia-0.11.5-values.schema.json",
} as const;
export type UpstreamSchema = keyof typeof UPSTREAM_SCHEMA_FILES;
export const UPSTREAM_SCHEMAS = Object.keys(UPSTREAM_SCHEMA_FILES) as UpstreamSchema[];

/** Where the schema files live: `../shared/schemas/` beside the repository. */
export const SCHEMAS_DIR = fileURLToPath(new URL("../../../shared/schemas/", import.meta.url));

export interface SchemaCheckOptions {
  /**
   * The value is a Helm values *override* (what we pass to the chart), not the merged values Helm validates:
   * `required` is not enforced, because the chart's own values.yaml supplies those keys. Types, enums, patterns
   * and `additionalProperties: false` still are. Default false.
   */
  readonly overrides?: boolean;
}

// The Authelia chart refers to four Kubernetes object definitions at this URL; they are not what these tests
// check, so the permissive document registered under it accepts any value there.
const AUTHELIA_CHART_DEFINITIONS_ID = "https://charts.authelia.com/definitions.json";

// ajv-formats is CommonJS (`module.exports = fn`, plus `.default`); under NodeNext the default import may be either.
const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ?? addFormatsModule) as (ajv: Ajv) => Ajv;

const cache = new Map<string, ValidateFunction>();

/**
 * Compiles the upstream schema `name` read from `dir`. Throws naming the path when the file is missing or not
 * JSON: validation never silently passes for want of a schema.
 */
export function compileUpstreamSchema(name: UpstreamSchema, options: SchemaCheckOptions = {}, dir = SCHEMAS_DIR): ValidateFunction {
  const key = `${dir}\u0000${name}\u0000${options.overrides === true ? "overrides" : "full"}`;
  const cached = cache.get(key);
  if (cached !== undefined) return cached;
  const loaded = loadSchema(name, dir);
  const schema = options.overrides === true ? withoutRequired(loaded) : loaded;
  const draft = typeof schema["$schema"] === "string" ? schema["$schema"] : "";
  const ajv = newAjv(draft.includes("2020-12"));
  ajv.addSchema(permissiveDefinitions(schema), AUTHELIA_CHART_DEFINITIONS_ID);
  const validate = ajv.compile(schema);
  cache.set(key, validate);
  return validate;
}

/**
 * Every reason `value` does not match the upstream schema `name`, each prefixed with its instance path
 * (`/entryPoints/web/address: must be string`). Empty = valid. Throws when the schema file is missing.
 */
export function schemaErrors(name: UpstreamSchema, value: unknown, options: SchemaCheckOptions = {}): string[] {
  const validate = compileUpstreamSchema(name, options);
  if (validate(value)) return [];
  return [...new Set((validate.errors ?? []).map(describeError))];
}

/** Fails the test, listing every schema error, when `value` does not match the upstream schema `name`. */
export function expectValid(name: UpstreamSchema, value: unknown, options: SchemaCheckOptions = {}): void {
  expect(schemaErrors(name, value, options), `${name} schema errors`).toEqual([]);
}

function loadSchema(name: UpstreamSchema, dir: string): Record<string, unknown> {
  const path = join(dir, UPSTREAM_SCHEMA_FILES[name]);
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (error) {
    throw new Error(`upstream schema "${name}" not found at ${path}: the files of ../shared/schemas/ are required; tests never skip without them`, {
      cause: error,
    });
  }
  try {
    return JSON.parse(text) as Record<string, unknown>;
  } catch (error) {
    throw new Error(`upstream schema "${name}" at ${path} is not JSON: restore the upstream file`, { cause: error });
  }
}

function newAjv(draft2020: boolean): Ajv {
  // strict: false — upstream schemas carry keywords Ajv's strict mode rejects (`markdownDescription`, …);
  // unicodeRegExp: false — Authelia's patterns escape `<` and `>`, a syntax error under the `u` flag;
  // allErrors — a failing test lists every problem at once.
  const options = { strict: false, allErrors: true, unicodeRegExp: false } as const;
  const ajv = draft2020 ? new Ajv2020(options) : new Ajv(options);
  addFormats(ajv);
  return ajv;
}

/** A definitions document with an always-true entry for every `definitions.json#/definitions/<name>` the schema refers to. */
function permissiveDefinitions(schema: unknown): AnySchema {
  const names = new Set<string>();
  const prefix = `${AUTHELIA_CHART_DEFINITIONS_ID}#/definitions/`;
  JSON.stringify(schema, (key, value: unknown) => {
    if (key === "$ref" && typeof value === "string" && value.startsWith(prefix)) names.add(value.slice(prefix.length));
    return value;
  });
  return { $id: AUTHELIA_CHART_DEFINITIONS_ID, definitions: Object.fromEntries([...names].map((n) => [n, true])) };
}

/** A deep copy of a schema with every `required` keyword removed (property *names* called `required` are kept). */
function withoutRequired(schema: Record<string, unknown>): Record<string, unknown> {
  const strip = (node: unknown, underProperties: boolean): unknown => {
    if (Array.isArray(node)) return node.map((item) => strip(item, false));
    if (node === null || typeof node !== "object") return node;
    const out: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(node as Record<string, unknown>)) {
      if (key === "required" && !underProperties && Array.isArray(value)) continue;
      out[key] = strip(value, !underProperties && (key === "properties" || key === "patternProperties" || key === "$defs" || key === "definitions"));
    }
    return out;
  };
  return strip(schema, false) as Record<string, unknown>;
}

function describeError(error: ErrorObject): string {
  const where = error.instancePath === "" ? "/" : error.instancePath;
  const params = error.params as Record<string, unknown>;
  const extra = params["additionalProperty"];
  const allowed = params["allowedValues"];
  const detail =
    typeof extra === "string" ? ` ("${extra}")` : Array.isArray(allowed) ? ` (${allowed.map((v) => JSON.stringify(v)).join(", ")})` : "";
  return `${where}: ${error.message ?? error.keyword}${detail}`;
}
