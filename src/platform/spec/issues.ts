import { z } from "zod";
import type { PlatformConfigIssue } from "./errors.js";
import { formatPath } from "./errors.js";
import { gotSuffix } from "./fields.js";
import { didYouMean } from "./did-you-mean.js";

/**
 * Turns zod issues into `path message` pairs that name the allowed values and what was found, reading the
 * offending value from the raw config (never for secret fields).
 */

const SENSITIVE = /(passwordHash|credentials|clientKey)/;

const EXPECTED: Readonly<Record<string, string>> = {
  string: "a string",
  number: "a number",
  int: "a whole number",
  boolean: "true or false",
  array: "a list",
  object: "a mapping (key: value)",
  record: "a mapping (key: value)",
};

const REQUIRED_HINTS: Readonly<Record<string, string>> = {
  target: "docker (one machine) or kubernetes (a cluster)",
  domain: "the DNS domain the services live under, e.g. lab.home.arpa",
  sso: "{ users: [...] } with at least one administrator",
  runnerHosts: "a list of at least one runner host, e.g. [{ name: builder-1, arch: amd64 }]",
};

function valueAt(raw: unknown, path: readonly PropertyKey[]): unknown {
  let current = raw;
  for (const segment of path) {
    if (typeof current !== "object" || current === null) return undefined;
    current = (current as Record<PropertyKey, unknown>)[segment];
  }
  return current;
}

/** Schema reached by following `path` (through optionals, defaults, arrays and unions). */
function schemasAt(schema: z.ZodType, path: readonly PropertyKey[]): z.ZodType[] {
  if (schema instanceof z.ZodOptional || schema instanceof z.ZodDefault || schema instanceof z.ZodPrefault || schema instanceof z.ZodNullable) {
    return schemasAt(schema.unwrap() as z.ZodType, path);
  }
  if (schema instanceof z.ZodPipe) return schemasAt(schema.in as z.ZodType, path);
  if (schema instanceof z.ZodUnion) return (schema.options as z.ZodType[]).flatMap((option) => schemasAt(option, path));
  const [head, ...rest] = path;
  if (head === undefined) return [schema];
  if (schema instanceof z.ZodObject && typeof head === "string") {
    const child = (schema.shape as Record<string, z.ZodType | undefined>)[head];
    return child === undefined ? [] : schemasAt(child, rest);
  }
  if (schema instanceof z.ZodArray && typeof head === "number") return schemasAt(schema.element as z.ZodType, rest);
  if (schema instanceof z.ZodRecord) return schemasAt(schema.valueType as z.ZodType, rest);
  return [];
}

function knownKeys(schema: z.ZodType, path: readonly PropertyKey[]): string[] {
  const keys = schemasAt(schema, path).flatMap((s) => (s instanceof z.ZodObject ? Object.keys(s.shape as object) : []));
  return [...new Set(keys)];
}

const isDefault = (message: string): boolean => /^(Invalid|Too (small|big))/.test(message);

export function toPlatformIssues(error: z.ZodError, raw: unknown, schema: z.ZodType): PlatformConfigIssue[] {
  const out: PlatformConfigIssue[] = [];
  for (const issue of error.issues) {
    const path = formatPath(issue.path);
    const value = valueAt(raw, issue.path);
    const got = SENSITIVE.test(path) ? "" : gotSuffix(value);
    switch (issue.code) {
      case "invalid_type":
        if (value === undefined) {
          const hint = REQUIRED_HINTS[path];
          out.push({ path, message: hint === undefined ? "is required" : `is required: ${hint}` });
        } else {
          out.push({ path, message: `must be ${EXPECTED[issue.expected] ?? issue.expected}${got}` });
        }
        break;
      case "invalid_value": {
        const allowed = issue.values.map(String);
        const guess = typeof value === "string" ? didYouMean(value, allowed) : undefined;
        const message = allowed.length === 1 ? `must be ${JSON.stringify(issue.values[0])}` : `must be one of ${allowed.join(", ")}`;
        const required = `is required: ${REQUIRED_HINTS[path] ?? `one of ${allowed.join(", ")}`}`;
        out.push({ path, message: value === undefined ? required : `${message}${got}${guess === undefined ? "" : `; did you mean ${guess}?`}` });
        break;
      }
      case "unrecognized_keys": {
        const known = knownKeys(schema, issue.path);
        for (const key of issue.keys) {
          const guess = didYouMean(key, known);
          out.push({
            path: formatPath([...issue.path, key]),
            message: `is not a known setting${guess !== undefined ? `; did you mean ${guess}?` : known.length > 0 ? ` (known: ${known.join(", ")})` : ""}`,
          });
        }
        break;
      }
      case "invalid_union": {
        const options = "options" in issue ? issue.options : undefined;
        if (issue.discriminator !== undefined && options !== undefined) {
          const allowed = options.map(String).join(", ");
          out.push({ path, message: value === undefined ? `is required: one of ${allowed}` : `must be one of ${allowed}${got}` });
        } else {
          out.push({ path, message: isDefault(issue.message) ? `has the wrong shape${got}` : issue.message });
        }
        break;
      }
      case "too_small":
      case "too_big": {
        if (!isDefault(issue.message)) out.push({ path, message: issue.message });
        else {
          const bound = issue.code === "too_small" ? `at least ${issue.minimum}` : `at most ${issue.maximum}`;
          const what = issue.origin === "array" ? `list ${bound} entries` : issue.origin === "string" ? `be ${bound} characters long` : `be ${bound}`;
          out.push({ path, message: `must ${what}${got}` });
        }
        break;
      }
      default:
        out.push({ path, message: isDefault(issue.message) ? `is not valid${got}` : issue.message });
    }
  }
  return out;
}
