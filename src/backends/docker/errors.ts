/** What dockerode's errors carry: an HTTP status from the engine, or a socket error code when it was never reached. */
interface EngineErrorShape {
  readonly statusCode?: number;
  readonly code?: string;
  readonly json?: { readonly message?: string } | null;
  readonly message?: string;
}

export function engineStatus(error: unknown): number | undefined {
  const status = (error as EngineErrorShape | undefined)?.statusCode;
  return typeof status === "number" ? status : undefined;
}

/** The engine's own message when it answered, else the transport's. */
export function engineMessage(error: unknown): string {
  const shape = error as EngineErrorShape | string | undefined;
  if (typeof shape === "string") return shape;
  const fromEngine = shape?.json?.message;
  if (typeof fromEngine === "string" && fromEngine !== "") return fromEngine;
  // docker-modem's "(HTTP code 500) server error - <engine message>" when the body was not JSON.
  const message = shape?.message ?? String(error);
  return message.replace(/^\(HTTP code \d+\) [^-]*- /, "").trim();
}

const CONNECTION_CODES = new Set([
  "ENOENT",
  "ECONNREFUSED",
  "EACCES",
  "EPERM",
  "ENOTFOUND",
  "EAI_AGAIN",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "ETIMEDOUT",
  "ECONNRESET",
  "EPIPE",
  "ABORT_ERR",
]);

/** True when the engine was never reached (no HTTP answer). */
export function isConnectionError(error: unknown): boolean {
  const shape = error as EngineErrorShape | undefined;
  if (engineStatus(error) !== undefined) return false;
  if (shape?.code !== undefined && CONNECTION_CODES.has(shape.code)) return true;
  const message = shape?.message ?? "";
  return /timed out|All configured authentication methods failed|Timed out while waiting for handshake|ECONNREFUSED|ENOENT/i.test(message);
}

export function unreachableError(host: string, error: unknown): Error {
  const shape = error as EngineErrorShape | undefined;
  const code = shape?.code;
  let fixes: string;
  if (host.startsWith("unix://")) {
    fixes =
      code === "EACCES" || code === "EPERM"
        ? "The socket exists but this user may not use it: add the user to the docker group, or run as root."
        : "Is dockerd running on this machine? Check the socket path in docker-host (or DOCKER_HOST).";
  } else if (host.startsWith("ssh://")) {
    fixes =
      "Check the user, host and port in docker-host; that the SSH key (docker-ssh-key, or the agent at SSH_AUTH_SOCK) " +
      "is authorised there; and that the remote user can run `docker system dial-stdio`.";
  } else {
    fixes =
      "Is dockerd listening on that address and port (dockerd -H tcp://0.0.0.0:2376 --tlsverify ...)? " +
      "Check firewalls between here and the host, and with TLS docker-tls-ca, docker-tls-cert and docker-tls-key.";
  }
  return new Error(`Cannot reach the Docker engine at ${host} (${engineMessage(error)}). ${fixes}`, { cause: error });
}

/** Wraps an engine failure so it names the host and what was being done; connection failures get the fixes. */
export function engineError(host: string, doing: string, error: unknown): Error {
  if (isConnectionError(error)) return unreachableError(host, error);
  const status = engineStatus(error);
  const suffix = status === undefined ? "" : ` (HTTP ${status})`;
  return new Error(`Docker engine at ${host} failed to ${doing}: ${engineMessage(error)}${suffix}`, { cause: error });
}
