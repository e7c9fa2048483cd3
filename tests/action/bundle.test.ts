import { execFile } from "node:child_process";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { BUNDLE, ROOT } from "./harness.js";

const run = promisify(execFile);

async function freshBuild(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "autogit-bundle-"));
  try {
    const outfile = join(dir, "index.js");
    await run(process.execPath, [join(ROOT, "scripts/bundle.mjs"), "--outfile", outfile], { cwd: ROOT });
    return await readFile(outfile, "utf8");
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

describe("the committed bundle", () => {
  it("is byte for byte what npm run bundle builds from the sources now (run it and commit dist/ if this fails)", async () => {
    const [committed, fresh] = await Promise.all([readFile(BUNDLE, "utf8"), freshBuild()]);
    expect(committed.length).toBe(fresh.length);
    expect(committed === fresh).toBe(true);
  });

  it("builds the same bytes twice", async () => {
    const [first, second] = await Promise.all([freshBuild(), freshBuild()]);
    expect(first === second).toBe(true);
  });

  it("holds no absolute path of the machine that built it", async () => {
    const committed = await readFile(BUNDLE, "utf8");
    expect(committed.includes(ROOT)).toBe(false);
  });
});
