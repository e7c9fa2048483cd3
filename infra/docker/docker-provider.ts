import type * as docker from "@pulumi/docker";
import * as pulumi from "@pulumi/pulumi";
import type { DockerConnection, SecretRef } from "../../src/platform/spec/index.js";
import { dockerHostUri } from "../../src/platform/spec/index.js";

/** Turns a `{ secret }` / `{ env }` reference into a Pulumi secret; `path` names the config field in errors. */
export type SecretResolver = (ref: SecretRef, path: string) => pulumi.Output<string>;

/**
 * Arguments of the `docker.Provider` that reaches one runner host's engine. `path` is the host's config path
 * (`runnerHosts[3]`), used in errors. TLS material is passed by value, never by file path, so the stack runs the
 * same from any machine; the client key (and any certificate kept as a secret) stays a Pulumi secret.
 */
export function dockerProviderArgs(connection: DockerConnection, path: string, resolveSecret: SecretResolver): docker.ProviderArgs {
  const host = dockerHostUri(connection);
  switch (connection.kind) {
    case "local":
      return { host };
    case "ssh":
      // BatchMode: fail with ssh's own message instead of waiting for a password or host-key prompt nobody sees.
      return { host, sshOpts: ["-o", "BatchMode=yes", "-o", "ConnectTimeout=15"] };
    case "tcp": {
      const pem = (value: string | SecretRef, field: string): pulumi.Input<string> =>
        typeof value === "string" ? value : resolveSecret(value, `${path}.connection.tls.${field}`);
      return {
        host,
        caMaterial: pem(connection.tls.caCert, "caCert"),
        certMaterial: pem(connection.tls.clientCert, "clientCert"),
        keyMaterial: pulumi.secret(resolveSecret(connection.tls.clientKey, `${path}.connection.tls.clientKey`)),
      };
    }
  }
}
