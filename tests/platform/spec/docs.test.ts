import { readFile } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { PLATFORM_CONFIG_KEYS, platformConfigSchema } from "../../../src/platform/spec/index.js";

const DOC = new URL("../../../docs/configuration.md", import.meta.url);

/** Keys of an object schema behind optional/default wrappers; [] for anything else. */
function objectKeys(schema: z.ZodType): string[] {
  let current: z.ZodType = schema;
  while (current instanceof z.ZodOptional || current instanceof z.ZodDefault || current instanceof z.ZodPrefault) current = current.unwrap() as z.ZodType;
  if (current instanceof z.ZodArray) return objectKeys(current.element as z.ZodType);
  return current instanceof z.ZodObject ? Object.keys(current.shape) : [];
}

describe("docs/configuration.md", () => {
  it("documents every key of the schema", async () => {
    const doc = await readFile(DOC, "utf8");
    const shape = platformConfigSchema.shape as Record<string, z.ZodType>;
    const missing: string[] = [];
    for (const key of PLATFORM_CONFIG_KEYS) {
      if (!doc.includes(`\`${key}\``)) missing.push(key);
      const nested = objectKeys(shape[key]);
      for (const child of nested) {
        // runnerHosts fields sit in their own table, named without the prefix.
        const name = key === "runnerHosts" ? `\`${child}\`` : `\`${key}.${child}`;
        if (!doc.includes(name)) missing.push(`${key}.${child}`);
      }
    }
    expect(missing).toEqual([]);
  });
});
