import { execFile, execFileSync } from "node:child_process";
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:https";
import type { Server } from "node:https";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { registerRunnerScript } from "../../../src/platform/registration/runner-api.js";

/**
 * The Kubernetes target registers at GitLab's public URL without pinning its name (no GITLAB_ADDRESS): the script
 * runs with real curl against a fake GitLab on `localhost` over HTTPS, and a `curl` shim records its command lines.
 */

const ADMIN_TOKEN = "autogit-admin-token-for-unpinned-tests";
let dir: string;
let server: Server;
let port: number;
let certPem: string;
const registered: Record<string, string>[] = [];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "autogit-registration-unpinned-"));
  execFileSync("openssl", [
    "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-days", "1",
    "-subj", "/CN=localhost", "-addext", "subjectAltName=DNS:localhost",
    "-keyout", join(dir, "key.pem"), "-out", join(dir, "cert.pem"),
  ], { stdio: "ignore" });
  certPem = readFileSync(join(dir, "cert.pem"), "utf8");
  writeFileSync(join(dir, "curl"), `#!/bin/sh\nprintf '%s\\n' "$*" >> "${join(dir, "curl-argv.log")}"\nexec /usr/bin/curl "$@"\n`);
  chmodSync(join(dir, "curl"), 0o755);
  server = createServer({ key: readFileSync(join(dir, "key.pem")), cert: certPem }, (request, response) => {
    let body = "";
    request.on("data", (chunk: Buffer) => (body += chunk.toString()));
    request.on("end", () => {
      const authorized = request.headers["private-token"] === ADMIN_TOKEN;
      const send = (status: number, json: unknown): void => void response.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(json));
      if (request.method === "GET" && request.url === "/api/v4/user") return send(authorized ? 200 : 401, { id: 1 });
      if (request.method === "POST" && request.url === "/api/v4/user/runners" && authorized) {
        registered.push(Object.fromEntries(new URLSearchParams(body)));
        return send(201, { id: 1, token: "glrt-unpinned_0123456789abcdef" });
      }
      send(404, { message: "404 Not Found" });
    });
  });
  await new Promise<void>((done) => server.listen(0, "127.0.0.1", done));
  port = (server.address() as AddressInfo).port;
});

afterAll(async () => {
  await new Promise<void>((done) => server.close(() => done()));
  rmSync(dir, { recursive: true, force: true });
});

describe("runner registration without a pinned address", () => {
  it("resolves GitLab's name normally, verifies it with the CA and prints only the runner token", async () => {
    const result = await new Promise<{ code: number; stdout: string; stderr: string }>((done) => {
      execFile(
        "/bin/sh",
        ["-c", registerRunnerScript()],
        {
          env: {
            PATH: `${dir}:/usr/bin:/bin`,
            GITLAB_URL: `https://localhost:${port}`,
            GITLAB_CA_CERT: certPem,
            GITLAB_TOKEN: ADMIN_TOKEN,
            RUNNER_DESCRIPTION: "autogit cuda (amd64, nvidia GPU)",
            RUNNER_TAGS: "arch:amd64,gpu,gpu:nvidia",
          },
        },
        (error, stdout, stderr) => done({ code: typeof error?.code === "number" ? error.code : 0, stdout, stderr }),
      );
    });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toBe("glrt-unpinned_0123456789abcdef");
    expect(registered).toEqual([expect.objectContaining({ tag_list: "arch:amd64,gpu,gpu:nvidia", run_untagged: "false", runner_type: "instance_type" })]);
    const argv = readFileSync(join(dir, "curl-argv.log"), "utf8");
    expect(argv).not.toContain("--resolve");
    expect(argv).not.toContain(ADMIN_TOKEN);
  });
});
