/**
 * A fake of GitLab's runner API over HTTPS, for running the registration scripts with real curl:
 * `const gitlab = await startFakeGitlab({ hostname: "gitlab.test", adminToken })`, then run a script with
 * `PATH=${gitlab.curlDir}:/usr/bin:/bin`, `GITLAB_URL=${gitlab.url}` and `GITLAB_CA_CERT=${gitlab.certPem}`.
 *
 * The server presents a throwaway self-signed certificate for `hostname` (made with `openssl`) and listens on
 * 127.0.0.1; a name other than `localhost` has to be pinned there (the scripts' `--resolve`). `curlDir` holds a
 * `curl` shim that records each command line (`curlArgv()`) and then runs /usr/bin/curl.
 *
 * It answers, checking the `private-token` header against `adminToken` where GitLab would:
 * - `GET /api/v4/user`: 200, or 401 for another token;
 * - `POST /api/v4/user/runners`: 201 with a new runner's token, its form kept in `runners`; 401 for another token;
 * - `POST /api/v4/runners/verify`: 200 for a token in `runners`, else 403;
 * - `DELETE /api/v4/runners`: `deleteStatus` when set, else 204 removing the token in `runners`, or 403 if unknown;
 * - anything else: 404.
 */
import { execFileSync } from "node:child_process";
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:https";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";

export interface FakeGitlabOptions {
  /** The name the certificate is for (CN and subjectAltName), and the host of `url`. */
  readonly hostname: string;
  /** The only `private-token` the admin endpoints accept. */
  readonly adminToken: string;
  /** The token of the runner registered with id `id` (1, 2, …); `glrt-t<id>_xxxxxxxxxxxxxxxxxxxx` by default. */
  readonly runnerToken?: (id: number) => string;
}

export interface FakeGitlab {
  /** `https://<hostname>:<port>`. */
  readonly url: string;
  readonly port: number;
  /** The server's certificate, PEM: the CA the scripts must trust. */
  readonly certPem: string;
  /** The same certificate as a file. */
  readonly caFile: string;
  /** A directory holding only the recording `curl` shim, to put first on PATH. */
  readonly curlDir: string;
  /** Every curl command line since the start or `reset()`, one a line; empty when curl has not run. */
  curlArgv(): string;
  /** Registered runners: token → the form fields they were registered with. */
  readonly runners: Map<string, Record<string, string>>;
  /** `METHOD /path` of every request, in order. */
  requests: string[];
  /** The status DELETE answers with instead of deleting, when set. */
  deleteStatus: number | undefined;
  /** Forgets runners, requests, `deleteStatus` and recorded curl command lines (runner ids keep counting). */
  reset(): void;
  /** Stops the server and removes its files. */
  close(): Promise<void>;
}

export async function startFakeGitlab(options: FakeGitlabOptions): Promise<FakeGitlab> {
  const { hostname, adminToken } = options;
  const runnerToken = options.runnerToken ?? ((id: number) => `glrt-t${id}_${"x".repeat(20)}`);
  const dir = mkdtempSync(join(tmpdir(), "autogit-fake-gitlab-"));
  const curlDir = join(dir, "bin");
  const caFile = join(dir, "cert.pem");
  const curlLog = join(dir, "curl-argv.log");
  execFileSync("openssl", [
    "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-days", "1",
    "-subj", `/CN=${hostname}`, "-addext", `subjectAltName=DNS:${hostname}`,
    "-keyout", join(dir, "key.pem"), "-out", caFile,
  ], { stdio: "ignore" });
  const certPem = readFileSync(caFile, "utf8");
  mkdirSync(curlDir);
  writeFileSync(join(curlDir, "curl"), `#!/bin/sh\nprintf '%s\\n' "$*" >> "${curlLog}"\nexec /usr/bin/curl "$@"\n`);
  chmodSync(join(curlDir, "curl"), 0o755);

  let nextId = 1;
  const server = createServer({ key: readFileSync(join(dir, "key.pem")), cert: certPem }, (request, response) => {
    let body = "";
    request.on("data", (chunk: Buffer) => (body += chunk.toString()));
    request.on("end", () => {
      const form = new URLSearchParams(body);
      gitlab.requests.push(`${request.method} ${request.url}`);
      const authorized = request.headers["private-token"] === adminToken;
      const send = (status: number, json?: unknown): void => {
        response.writeHead(status, { "content-type": "application/json" }).end(json === undefined ? "" : JSON.stringify(json));
      };
      if (request.method === "GET" && request.url === "/api/v4/user") return send(authorized ? 200 : 401, { id: 1, username: "root" });
      if (request.method === "POST" && request.url === "/api/v4/user/runners") {
        if (!authorized) return send(401, { message: "401 Unauthorized" });
        const id = nextId++;
        const token = runnerToken(id);
        gitlab.runners.set(token, Object.fromEntries(form));
        return send(201, { id, token, token_expires_at: null });
      }
      if (request.method === "POST" && request.url === "/api/v4/runners/verify") {
        const token = form.get("token") ?? "";
        return gitlab.runners.has(token) ? send(200, { id: 1, token, token_expires_at: null }) : send(403, { message: "403 Forbidden" });
      }
      if (request.method === "DELETE" && request.url === "/api/v4/runners") {
        if (gitlab.deleteStatus !== undefined) return send(gitlab.deleteStatus, { message: "failure" });
        const token = form.get("token") ?? "";
        return gitlab.runners.delete(token) ? send(204) : send(403, { message: "403 Forbidden" });
      }
      send(404, { message: "404 Not Found" });
    });
  });
  await new Promise<void>((done) => server.listen(0, "127.0.0.1", done));
  const port = (server.address() as AddressInfo).port;

  const gitlab: FakeGitlab = {
    url: `https://${hostname}:${port}`,
    port,
    certPem,
    caFile,
    curlDir,
    curlArgv: () => (existsSync(curlLog) ? readFileSync(curlLog, "utf8") : ""),
    runners: new Map(),
    requests: [],
    deleteStatus: undefined,
    reset() {
      gitlab.runners.clear();
      gitlab.requests = [];
      gitlab.deleteStatus = undefined;
      rmSync(curlLog, { force: true });
    },
    async close() {
      await new Promise<void>((done) => server.close(() => done()));
      rmSync(dir, { recursive: true, force: true });
    },
  };
  return gitlab;
}
