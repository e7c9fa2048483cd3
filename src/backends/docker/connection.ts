import { Agent as HttpAgent } from "node:http";
import { Agent as HttpsAgent } from "node:https";
import Docker from "dockerode";
import type { DockerOptions } from "dockerode";
import type { ConstructorOptions as ModemOptions } from "docker-modem";
import type { ConnectConfig } from "ssh2";
import type { DockerEndpoint, KeyMaterial } from "./host.js";

export type ReadKeyFile = (path: string) => string;

/**
 * Dockerode options for an endpoint. Every connection field is set, even to undefined, because
 * docker-modem merges its own DOCKER_HOST defaults underneath whatever it is given.
 */
export function dockerOptions(endpoint: DockerEndpoint, readFile: ReadKeyFile): DockerOptions {
  // timeout too: DOCKER_CLIENT_TIMEOUT would otherwise cut the long-lived attach stream of a quiet runner.
  const none = { host: undefined, port: undefined, socketPath: undefined, ca: undefined, cert: undefined, key: undefined, timeout: undefined };
  switch (endpoint.kind) {
    case "unix":
      return { ...none, socketPath: endpoint.socketPath, protocol: "http" };
    case "tcp": {
      const tls = endpoint.tls;
      if (tls === undefined) return { ...none, host: endpoint.hostname, port: endpoint.port, protocol: "http" };
      return {
        ...none,
        host: endpoint.hostname,
        port: endpoint.port,
        protocol: "https",
        ca: tls.ca && load(tls.ca, readFile),
        cert: tls.cert && load(tls.cert, readFile),
        key: tls.key && load(tls.key, readFile),
      };
    }
    case "ssh": {
      const sshOptions: ConnectConfig = {
        readyTimeout: 20_000,
        ...(endpoint.agent !== undefined && { agent: endpoint.agent }),
        ...(endpoint.privateKey !== undefined && { privateKey: load(endpoint.privateKey, readFile) }),
      };
      return {
        ...none,
        host: endpoint.hostname,
        port: endpoint.port,
        username: endpoint.username,
        protocol: "ssh",
        sshOptions,
      };
    }
  }
}

function load(material: KeyMaterial, readFile: ReadKeyFile): string {
  if (material.kind === "pem") return material.pem;
  try {
    return readFile(material.path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? String(error);
    throw new Error(
      `${material.field}: cannot read ${material.path} (${code}); give the PEM contents or the path of a readable PEM file.`,
      { cause: error },
    );
  }
}

export function createDockerClient(endpoint: DockerEndpoint, readFile: ReadKeyFile): Docker {
  // A pool of its own, so closing the backend ends its connections (see `modemAgent`); over ssh, docker-modem
  // opens a connection per request and ends it with the response.
  let agent: HttpAgent | undefined;
  if (endpoint.kind === "tcp" && endpoint.tls !== undefined) agent = new HttpsAgent({ keepAlive: true });
  else if (endpoint.kind !== "ssh") agent = new HttpAgent({ keepAlive: true });
  const options: DockerOptions & Pick<ModemOptions, "agent"> = { ...dockerOptions(endpoint, readFile), ...(agent && { agent }) };
  try {
    return new Docker(options);
  } catch (error) {
    // docker-modem parses DOCKER_HOST (and DOCKER_CERT_PATH) itself at construction time.
    throw new Error(
      `Cannot set up the Docker client for ${endpoint.display}: ${(error as Error).message}. ` +
        `Check the DOCKER_HOST and DOCKER_CERT_PATH environment variables, or unset them and use docker-host.`,
      { cause: error },
    );
  }
}

/** The connection pool docker-modem keeps from its options (`modem.agent`, absent from its type declarations). */
export function modemAgent(docker: Docker): HttpAgent | undefined {
  const { agent } = docker.modem as { agent?: unknown };
  return agent instanceof HttpAgent ? agent : undefined;
}
