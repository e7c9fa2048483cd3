/**
 * Where the Docker engine is: parses the `docker-host` input (or DOCKER_HOST) into a typed endpoint.
 * Pure: TLS and SSH key material is only classified here (PEM contents or a file path); reading files is
 * `connection.ts`'s job.
 */

/** Input names as the action exposes them; errors name these. */
export const DockerHostField = {
  host: "docker-host",
  tlsCa: "docker-tls-ca",
  tlsCert: "docker-tls-cert",
  tlsKey: "docker-tls-key",
  insecureTcp: "docker-insecure-tcp",
  sshKey: "docker-ssh-key",
} as const;
export type DockerHostField = (typeof DockerHostField)[keyof typeof DockerHostField];

export interface DockerHostInput {
  /** `unix:///path`, `tcp://host[:port]` or `ssh://user@host[:port]`; empty = DOCKER_HOST, then the local socket. */
  readonly host?: string;
  /** PEM contents or file paths. */
  readonly tlsCa?: string;
  readonly tlsCert?: string;
  readonly tlsKey?: string;
  /** Allows plain `tcp://` to a non-loopback host. */
  readonly insecureTcp?: boolean;
  /** SSH private key, PEM contents or a file path; otherwise the agent at SSH_AUTH_SOCK. */
  readonly sshPrivateKey?: string;
}

/** The environment variables the Docker CLI honours that matter here. */
export interface DockerHostEnv {
  readonly DOCKER_HOST?: string | undefined;
  readonly DOCKER_CERT_PATH?: string | undefined;
  readonly SSH_AUTH_SOCK?: string | undefined;
}

export type KeyMaterial =
  | { readonly kind: "pem"; readonly pem: string; readonly field: string }
  | { readonly kind: "file"; readonly path: string; readonly field: string };

export interface TlsMaterial {
  readonly ca?: KeyMaterial;
  readonly cert?: KeyMaterial;
  readonly key?: KeyMaterial;
}

export type DockerEndpoint =
  | { readonly kind: "unix"; readonly socketPath: string; readonly display: string }
  | {
      readonly kind: "tcp";
      readonly hostname: string;
      readonly port: number;
      readonly tls: TlsMaterial | undefined;
      readonly display: string;
    }
  | {
      readonly kind: "ssh";
      readonly hostname: string;
      readonly port: number;
      readonly username: string;
      readonly agent: string | undefined;
      readonly privateKey: KeyMaterial | undefined;
      readonly display: string;
    };

export const DEFAULT_DOCKER_SOCKET = "/var/run/docker.sock";

const ACCEPTED_FORMS =
  "unix:///var/run/docker.sock, tcp://host:2376 (with docker-tls-ca, docker-tls-cert, docker-tls-key), or ssh://user@host[:port]";

export function parseDockerHost(input: DockerHostInput, env: DockerHostEnv): DockerEndpoint {
  const given = input.host?.trim() ?? "";
  const fromEnv = given === "" && (env.DOCKER_HOST?.trim() ?? "") !== "";
  const raw = given !== "" ? given : (env.DOCKER_HOST?.trim() ?? "");
  const field = fromEnv ? "DOCKER_HOST" : DockerHostField.host;
  if (raw === "") return unixEndpoint(DEFAULT_DOCKER_SOCKET);

  // A password in the URL is refused, and never echoed: errors end up in workflow logs.
  const shown = redactPassword(raw);
  const bad = (why: string): Error =>
    new Error(`${field} ${JSON.stringify(shown)} is not a Docker host: ${why}. Accepted forms: ${ACCEPTED_FORMS}.`);

  const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(raw)?.[1]?.toLowerCase();
  if (scheme === undefined) throw bad("it has no scheme");
  if (scheme === "unix") {
    const socketPath = raw.slice("unix://".length);
    if (socketPath === "") return unixEndpoint(DEFAULT_DOCKER_SOCKET);
    if (!socketPath.startsWith("/")) throw bad("the socket path must be absolute (unix:///path/to/docker.sock)");
    return unixEndpoint(socketPath);
  }
  if (scheme !== "tcp" && scheme !== "ssh") throw bad(`the scheme "${scheme}" is not supported`);

  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw bad("it is not a valid URL");
  }
  if (url.hostname === "") throw bad("it names no host");
  if (url.pathname !== "" && url.pathname !== "/") throw bad("a path is not allowed after the host");
  if (url.search !== "" || url.hash !== "") throw bad("a query or fragment is not allowed");
  const hostname = url.hostname.replace(/^\[(.*)\]$/, "$1");

  if (scheme === "ssh") return sshEndpoint(url, hostname, input, env, bad);
  return tcpEndpoint(url, hostname, input, env, field, shown, bad);
}

/** `ssh://user:secret@host` → `ssh://user:***@host`; anything else unchanged. */
export function redactPassword(uri: string): string {
  return uri.replace(/^([a-z][a-z0-9+.-]*:\/\/[^/@:]*):[^/@]*@/i, "$1:***@");
}

function unixEndpoint(socketPath: string): DockerEndpoint {
  return { kind: "unix", socketPath, display: `unix://${socketPath}` };
}

function tcpEndpoint(
  url: URL,
  hostname: string,
  input: DockerHostInput,
  env: DockerHostEnv,
  field: string,
  raw: string,
  bad: (why: string) => Error,
): DockerEndpoint {
  if (url.username !== "" || url.password !== "") throw bad("tcp:// takes no user name or password");
  const tls = tlsMaterial(input, env);
  const port = url.port === "" ? (tls === undefined ? 2375 : 2376) : Number(url.port);
  const hostPart = hostname.includes(":") ? `[${hostname}]` : hostname;
  if (tls === undefined && input.insecureTcp !== true && !isLoopback(hostname)) {
    throw new Error(
      `${field} ${JSON.stringify(raw)} is plain TCP without TLS: anyone who can reach that port controls the engine. ` +
        `Give ${DockerHostField.tlsCa}, ${DockerHostField.tlsCert} and ${DockerHostField.tlsKey} (PEM contents or file paths), ` +
        `use ssh://user@${hostPart}, or set ${DockerHostField.insecureTcp}: true to accept the risk.`,
    );
  }
  const display = `tcp://${hostPart}:${port}${tls === undefined ? "" : " (TLS)"}`;
  return { kind: "tcp", hostname, port, tls, display };
}

function tlsMaterial(input: DockerHostInput, env: DockerHostEnv): TlsMaterial | undefined {
  const ca = keyMaterial(input.tlsCa, DockerHostField.tlsCa);
  const cert = keyMaterial(input.tlsCert, DockerHostField.tlsCert);
  const key = keyMaterial(input.tlsKey, DockerHostField.tlsKey);
  if (ca === undefined && cert === undefined && key === undefined) {
    const dir = env.DOCKER_CERT_PATH?.trim();
    if (dir === undefined || dir === "") return undefined;
    const inDir = (file: string): KeyMaterial => ({ kind: "file", path: `${dir.replace(/\/$/, "")}/${file}`, field: "DOCKER_CERT_PATH" });
    return { ca: inDir("ca.pem"), cert: inDir("cert.pem"), key: inDir("key.pem") };
  }
  if ((cert === undefined) !== (key === undefined)) {
    const missing = cert === undefined ? DockerHostField.tlsCert : DockerHostField.tlsKey;
    throw new Error(
      `${missing} is missing: a TLS client certificate and its key go together. Give both ${DockerHostField.tlsCert} and ${DockerHostField.tlsKey}, or neither.`,
    );
  }
  return { ...(ca && { ca }), ...(cert && { cert }), ...(key && { key }) };
}

function sshEndpoint(
  url: URL,
  hostname: string,
  input: DockerHostInput,
  env: DockerHostEnv,
  bad: (why: string) => Error,
): DockerEndpoint {
  if (url.username === "") throw bad("ssh:// needs a user name (ssh://user@host)");
  if (url.password !== "") throw bad(`a password in the URL is not allowed; use ${DockerHostField.sshKey} or an SSH agent`);
  const username = decodeURIComponent(url.username);
  const port = url.port === "" ? 22 : Number(url.port);
  const privateKey = keyMaterial(input.sshPrivateKey, DockerHostField.sshKey);
  const agent = env.SSH_AUTH_SOCK?.trim() === "" ? undefined : env.SSH_AUTH_SOCK?.trim();
  if (privateKey === undefined && agent === undefined) {
    throw new Error(
      `${DockerHostField.host} ssh://${username}@${hostname} needs a way to log in: give ${DockerHostField.sshKey} ` +
        `(a private key, PEM contents or a file path) or run an SSH agent (SSH_AUTH_SOCK, e.g. webfactory/ssh-agent).`,
    );
  }
  const hostPart = hostname.includes(":") ? `[${hostname}]` : hostname;
  const display = `ssh://${username}@${hostPart}${port === 22 ? "" : `:${port}`}`;
  return { kind: "ssh", hostname, port, username, agent, privateKey, display };
}

function keyMaterial(value: string | undefined, field: string): KeyMaterial | undefined {
  const trimmed = value?.trim() ?? "";
  if (trimmed === "") return undefined;
  if (trimmed.startsWith("-----BEGIN ")) return { kind: "pem", pem: `${trimmed}\n`, field };
  if (trimmed.includes("\n")) {
    throw new Error(`${field} is neither a PEM block (-----BEGIN ...) nor a file path: give the PEM contents or the path of a PEM file.`);
  }
  return { kind: "file", path: trimmed, field };
}

export function isLoopback(hostname: string): boolean {
  const h = hostname.toLowerCase();
  return h === "localhost" || h === "::1" || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(h);
}
