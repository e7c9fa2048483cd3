import { describe, expect, it } from "vitest";
import { PlatformConfigError, parsePlatformSpec } from "../../../src/platform/spec/index.js";
import { shippedStack } from "./helpers.js";

const JUNK: readonly unknown[] = [null, 0, -1, 1.5, "", "x y", true, [], {}, [null], { secure: "v1:abc" }];

/** Every path to a value in a parsed YAML document. */
function valuePaths(value: unknown, path: (string | number)[] = []): (string | number)[][] {
  const here = path.length > 0 ? [path] : [];
  if (Array.isArray(value)) return [...here, ...value.flatMap((item, index) => valuePaths(item, [...path, index]))];
  if (typeof value === "object" && value !== null) {
    return [...here, ...Object.entries(value).flatMap(([key, item]) => valuePaths(item, [...path, key]))];
  }
  return here;
}

function replaced(root: Record<string, unknown>, path: readonly (string | number)[], junk: unknown): Record<string, unknown> {
  const copy = structuredClone(root);
  let parent: Record<string | number, unknown> = copy;
  for (const segment of path.slice(0, -1)) parent = parent[segment] as Record<string | number, unknown>;
  parent[path.at(-1) as string | number] = structuredClone(junk);
  return copy;
}

describe("parsePlatformSpec on damaged configs", () => {
  it("either parses or throws one PlatformConfigError in AutoGit's words, for any value anywhere", async () => {
    let rejected = 0;
    for (const stack of ["dev", "homelab", "prod"] as const) {
      const raw = await shippedStack(stack);
      for (const path of valuePaths(raw)) {
        for (const junk of JUNK) {
          try {
            parsePlatformSpec(replaced(raw, path, junk));
          } catch (error) {
            if (!(error instanceof PlatformConfigError)) throw new Error(`${stack} ${path.join(".")} = ${JSON.stringify(junk)} threw ${String(error)}`, { cause: error });
            expect(error.issues.length).toBeGreaterThan(0);
            for (const issue of error.issues) {
              // zod's own wording ("Invalid input: expected string, received number") never reaches the user.
              expect(issue.message, `${stack} ${path.join(".")} = ${JSON.stringify(junk)}`).not.toMatch(/^$|Invalid input|expected \w+, received/);
            }
            rejected++;
          }
        }
      }
    }
    expect(rejected).toBeGreaterThan(1000);
  });
});
