import * as docker from "@pulumi/docker";
import * as pulumi from "@pulumi/pulumi";
import { stringify } from "yaml";
import { acmeDns01Environment } from "../../src/platform/render/acme-dns-env.js";
import { TRAEFIK_PATHS } from "../../src/platform/render/defaults.js";
import { renderTraefikDynamicConfig } from "../../src/platform/render/traefik-dynamic.js";
import { renderTraefikStaticConfig } from "../../src/platform/render/traefik-static.js";
import type { DockerPlatformSpec } from "../../src/platform/spec/index.js";
import type { ContainerFile } from "./containers.js";
import { autogitLabels, containerName, envList, onNetwork, uploads } from "./containers.js";
import type { SecretResolver } from "./docker-provider.js";

export interface TraefikArgs {
  /** The validated stack config. */
  readonly spec: DockerPlatformSpec;
  /** Platform network name. */
  readonly network: pulumi.Input<string>;
  /** `local-ca`: the server certificate chain and its key (secret) Traefik serves. */
  readonly certificate?: { readonly certPem: pulumi.Input<string>; readonly keyPem: pulumi.Input<string> } | undefined;
  /** Resolves the DNS-01 provider credentials (`acme-dns01`). */
  readonly resolveSecret: SecretResolver;
}

/** File name of the dynamic config in the file provider's directory. */
export const TRAEFIK_DYNAMIC_FILE = `${TRAEFIK_PATHS.dynamicDir}/autogit.yml`;

/**
 * What the Traefik container gets: static and dynamic config (YAML, from the renderers), the `local-ca` certificate
 * and key, and for `acme-dns01` the provider credentials as files named by lego's `<NAME>_FILE` variables (the
 * values stay out of `docker inspect`), with the provider's plain settings as environment.
 */
export function traefikFiles(
  spec: DockerPlatformSpec,
  certificate: TraefikArgs["certificate"],
  resolveSecret: SecretResolver,
): { files: ContainerFile[]; env: Record<string, string> } {
  const files: ContainerFile[] = [
    { path: TRAEFIK_PATHS.staticConfig, content: stringify(renderTraefikStaticConfig(spec)) },
    { path: TRAEFIK_DYNAMIC_FILE, content: stringify(renderTraefikDynamicConfig(spec)) },
  ];
  let env: Record<string, string> = {};
  if (spec.tls.mode === "local-ca") {
    if (certificate === undefined) throw new Error("tls.mode local-ca: Traefik needs the platform certificate from LocalCa");
    files.push({ path: TRAEFIK_PATHS.certFile, content: certificate.certPem });
    files.push({ path: TRAEFIK_PATHS.keyFile, content: certificate.keyPem, secret: true });
  } else if (spec.tls.mode === "acme-dns01") {
    const dns01 = acmeDns01Environment(spec.tls.dns01);
    for (const file of dns01.files) {
      files.push({ path: file.path, content: resolveSecret(file.secret, `tls.dns01.credentials (${file.env})`), secret: true });
    }
    env = { ...dns01.plain, ...dns01.fileEnv };
  }
  return { files, env };
}

/**
 * Traefik, the only service with published ports: 80 (redirect and ACME HTTP-01), 443 and GitLab's SSH port.
 * Routes come from the file provider (uploaded dynamic config), not from Docker labels, so the Docker socket is
 * not mounted: a proxy facing the network never holds root on the host. ACME state lives on a volume.
 */
export class Traefik extends pulumi.ComponentResource {
  readonly container: docker.Container;

  constructor(name: string, args: TraefikArgs, opts?: pulumi.ComponentResourceOptions) {
    // Inputs are data: not the secret resolver.
    super("autogit:docker:Traefik", name, { spec: args.spec, network: args.network, certificate: args.certificate }, opts);
    const { spec } = args;
    const { files, env } = traefikFiles(spec, args.certificate, args.resolveSecret);
    const acme = new docker.Volume(`${name}-acme`, { name: "autogit-traefik-acme", labels: autogitLabels("traefik") }, { parent: this });
    const image = new docker.RemoteImage(`${name}-image`, { name: `traefik:${spec.versions.traefik}`, keepLocally: true }, { parent: this });
    this.container = new docker.Container(
      `${name}-container`,
      {
        name: containerName("traefik"),
        image: image.name,
        command: [`--configFile=${TRAEFIK_PATHS.staticConfig}`],
        restart: "unless-stopped",
        envs: envList(env),
        uploads: uploads(files),
        ports: [
          { internal: 80, external: 80, protocol: "tcp" },
          { internal: 443, external: 443, protocol: "tcp" },
          { internal: spec.gitlab.sshPort, external: spec.gitlab.sshPort, protocol: "tcp" },
        ],
        volumes: [{ volumeName: acme.name, containerPath: TRAEFIK_PATHS.acmeStorage.replace(/\/[^/]+$/, "") }],
        // The public hostnames resolve to Traefik inside the network too: GitLab reaches Authelia's OIDC discovery at
        // https://<auth host> through Traefik, as browsers do, without depending on the LAN's DNS.
        networksAdvanced: onNetwork(args.network, "traefik", spec.hostnames.gitlab, spec.hostnames.auth, spec.hostnames.traefik),
        healthcheck: { tests: ["CMD", "traefik", "healthcheck", "--ping"], interval: "10s", timeout: "5s", retries: 3, startPeriod: "10s" },
        labels: autogitLabels("traefik"),
      },
      { parent: this },
    );
    this.registerOutputs({ container: this.container.id });
  }
}
