import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { Ajv, type ErrorObject, type ValidateFunction } from "ajv";
import addFormats from "ajv-formats";

/** The REST routes the emulator serves; each is checked against GitHub's OpenAPI description. */
export const SERVED_ROUTES = [
  "GET /repos/{owner}/{repo}/actions/runners",
  "GET /repos/{owner}/{repo}/actions/runners/{runner_id}",
  "DELETE /repos/{owner}/{repo}/actions/runners/{runner_id}",
  "POST /repos/{owner}/{repo}/actions/runners/generate-jitconfig",
  "GET /orgs/{org}/actions/runner-groups",
  "GET /orgs/{org}/actions/runners",
  "GET /orgs/{org}/actions/runners/{runner_id}",
  "DELETE /orgs/{org}/actions/runners/{runner_id}",
  "POST /orgs/{org}/actions/runners/generate-jitconfig",
  "GET /rate_limit",
] as const;
export type ServedRoute = (typeof SERVED_ROUTES)[number];

interface OpenApiParameter {
  readonly name: string;
  readonly in: "path" | "query" | "header" | "cookie";
  readonly required?: boolean;
  readonly schema?: object;
}
interface OpenApiOperation {
  readonly operationId: string;
  readonly parameters?: readonly OpenApiParameter[];
  readonly requestBody?: { readonly content: Record<string, { readonly schema: object }> };
  readonly responses: Record<string, { readonly content?: Record<string, { readonly schema?: object }> }>;
}
interface OpenApiDocument {
  readonly paths: Record<string, Record<string, OpenApiOperation>>;
}

export interface RouteMatch {
  readonly route: ServedRoute;
  readonly operationId: string;
  readonly params: Readonly<Record<string, string>>;
}

interface CompiledOperation {
  readonly route: ServedRoute;
  readonly method: string;
  readonly template: string;
  readonly pattern: RegExp;
  readonly operationId: string;
  readonly pathParams: ValidateFunction;
  readonly queryParams: ValidateFunction;
  readonly body: ValidateFunction | undefined;
  readonly responses: ReadonlyMap<string, ValidateFunction | undefined>;
}

const SPEC_PATH = "@octokit/openapi/generated/api.github.com.deref.json";

function newAjv(coerceTypes: boolean): Ajv {
  // strict: false because GitHub's schemas carry OpenAPI-only keywords (example, x-github…); ajv knows `nullable`.
  const ajv = new Ajv({ strict: false, allErrors: true, coerceTypes, useDefaults: false, validateFormats: true });
  addFormats.default(ajv);
  return ajv;
}

function parameterSchema(parameters: readonly OpenApiParameter[], location: "path" | "query"): object {
  const chosen = parameters.filter((parameter) => parameter.in === location);
  return {
    type: "object",
    properties: Object.fromEntries(chosen.map((parameter) => [parameter.name, parameter.schema ?? {}])),
    required: chosen.filter((parameter) => parameter.required === true).map((parameter) => parameter.name),
  };
}

export function formatErrors(errors: readonly ErrorObject[] | null | undefined, where: string): string[] {
  return (errors ?? []).map((error) => `${where}${error.instancePath} ${error.message ?? "is invalid"}`);
}

/** The served operations compiled from GitHub's OpenAPI description. */
export class OpenApiCatalog {
  private constructor(private readonly operations: readonly CompiledOperation[]) {}

  static async load(): Promise<OpenApiCatalog> {
    const require = createRequire(import.meta.url);
    const document = JSON.parse(await readFile(require.resolve(SPEC_PATH), "utf8")) as OpenApiDocument;
    const coercing = newAjv(true);
    const exact = newAjv(false);
    const operations = SERVED_ROUTES.map((route): CompiledOperation => {
      const [method, template] = route.split(" ") as [string, string];
      const operation = document.paths[template]?.[method.toLowerCase()];
      if (operation === undefined) throw new Error(`GitHub's OpenAPI description has no ${route}`);
      const parameters = operation.parameters ?? [];
      const bodySchema = operation.requestBody?.content["application/json"]?.schema;
      const responses = new Map<string, ValidateFunction | undefined>();
      for (const [status, response] of Object.entries(operation.responses)) {
        const schema = response.content?.["application/json"]?.schema;
        responses.set(status, schema === undefined ? undefined : exact.compile(schema));
      }
      return {
        route,
        method,
        template,
        pattern: new RegExp(`^${template.replace(/\{(\w+)\}/g, "(?<$1>[^/]+)")}$`),
        operationId: operation.operationId,
        pathParams: coercing.compile(parameterSchema(parameters, "path")),
        queryParams: coercing.compile(parameterSchema(parameters, "query")),
        body: bodySchema === undefined ? undefined : exact.compile(bodySchema),
        responses,
      };
    });
    return new OpenApiCatalog(operations);
  }

  /** The operation for a method and path (no prefix, no query), or undefined. */
  match(method: string, path: string): RouteMatch | undefined {
    for (const operation of this.operations) {
      if (operation.method !== method) continue;
      const found = operation.pattern.exec(path);
      if (found === null) continue;
      const params = Object.fromEntries(
        Object.entries(found.groups ?? {}).map(([name, value]) => [name, decodeURIComponent(value)]),
      );
      return { route: operation.route, operationId: operation.operationId, params };
    }
    return undefined;
  }

  /** The problems with a request: path and query parameters, and the JSON body. Empty when valid. */
  checkRequest(match: RouteMatch, query: URLSearchParams, body: unknown): string[] {
    const operation = this.#operation(match.route);
    const problems: string[] = [];
    if (!operation.pathParams({ ...match.params })) problems.push(...formatErrors(operation.pathParams.errors, "path"));
    const queryObject: Record<string, string> = {};
    for (const [name, value] of query) queryObject[name] = value;
    if (!operation.queryParams(queryObject)) problems.push(...formatErrors(operation.queryParams.errors, "query"));
    if (operation.body !== undefined) {
      if (body === undefined) problems.push("body is required");
      else if (!operation.body(body)) problems.push(...formatErrors(operation.body.errors, "body"));
    } else if (body !== undefined && match.route.startsWith("GET ")) {
      problems.push("body must be empty for GET");
    }
    return problems;
  }

  /**
   * The problems with a response. Statuses the description lists are checked against their schema;
   * an unlisted error status is accepted (GitHub documents few of them), an unlisted 2xx is not.
   */
  checkResponse(route: ServedRoute, status: number, body: unknown): string[] {
    const operation = this.#operation(route);
    const key = String(status);
    if (!operation.responses.has(key)) {
      return status < 300 ? [`status ${status} is not a documented answer of ${route}`] : [];
    }
    const validate = operation.responses.get(key);
    if (validate === undefined) return body === undefined ? [] : [`status ${status} of ${route} must have no body`];
    return validate(body) ? [] : formatErrors(validate.errors, `response ${status} body`);
  }

  #operation(route: ServedRoute): CompiledOperation {
    const operation = this.operations.find((candidate) => candidate.route === route);
    if (operation === undefined) throw new Error(`not a served route: ${route}`);
    return operation;
  }
}
