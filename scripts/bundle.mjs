// Builds dist/index.js, the committed bundle action.yml runs. Deterministic: same sources, same bytes
// (tests/action/bundle.test.ts rebuilds and compares).
import { build } from "esbuild";
import { mkdir, writeFile } from "node:fs/promises";
import { dirname, resolve } from "node:path";
import { argv, stdout } from "node:process";
import { fileURLToPath } from "node:url";

const BANNER = [
  'import { createRequire as __autogitCreateRequire } from "node:module";',
  'import { fileURLToPath as __autogitFileURLToPath } from "node:url";',
  "const require = __autogitCreateRequire(import.meta.url);",
  "const __filename = __autogitFileURLToPath(import.meta.url);",
  'const __dirname = __autogitFileURLToPath(new URL(".", import.meta.url));',
].join("\n");

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");

/** Bundles the action; returns the output text, writing it to `outfile` unless `write` is false. */
export async function bundle({ write = true, outfile = resolve(root, "dist/index.js") } = {}) {
  const result = await build({
    absWorkingDir: root,
    entryPoints: ["action/main.ts"],
    bundle: true,
    platform: "node",
    target: "node24",
    format: "esm",
    // ESM output, because @actions/core 3 and @octokit/rest 22 are ESM-only; dockerode and ssh2 are CommonJS
    // and use require() and __dirname, which an ES module has to make for itself.
    banner: { js: BANNER },
    // ssh2's optional native speed-ups; it falls back to JavaScript when they are missing.
    external: ["cpu-features", "*.node"],
    legalComments: "eof",
    charset: "utf8",
    sourcemap: false,
    minify: false,
    write: false,
    logLevel: "warning",
  });
  const text = result.outputFiles[0].text;
  if (write) {
    await mkdir(dirname(outfile), { recursive: true });
    await writeFile(outfile, text);
  }
  return text;
}

if (argv[1] === fileURLToPath(import.meta.url)) {
  // `--outfile PATH` writes elsewhere (the freshness test builds into a temp dir and compares).
  const at = argv.indexOf("--outfile");
  const outfile = at > 0 ? resolve(argv[at + 1] ?? "") : resolve(root, "dist/index.js");
  await bundle({ outfile });
  stdout.write(`wrote ${outfile}\n`);
}
