import { spawn } from "node:child_process";
import { once } from "node:events";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { expect, it } from "vitest";

const tsx = fileURLToPath(new URL("../../../node_modules/tsx/dist/cli.mjs", import.meta.url));
const main = fileURLToPath(new URL("./main.ts", import.meta.url));

it("main prints one JSON line with url and token, serves until killed, and exits on SIGTERM", async () => {
  const child = spawn(process.execPath, [tsx, main, "--port", "0", "--token", "ghp_main_test", "--prefix", "/api/v3"], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  try {
    const lines = createInterface({ input: child.stdout });
    const [first] = (await once(lines, "line")) as [string];
    const printed = JSON.parse(first) as { url: string; token: string };
    expect(printed.token).toBe("ghp_main_test");
    expect(printed.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/api\/v3$/);
    const answer = await fetch(`${printed.url}/rate_limit`, { headers: { authorization: "token ghp_main_test" } });
    expect(answer.status).toBe(200);
    const exited = once(child, "exit");
    child.kill("SIGTERM");
    expect((await exited)[0]).toBe(0);
  } finally {
    if (child.exitCode === null) child.kill("SIGKILL");
  }
});
