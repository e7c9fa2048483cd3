import * as docker from "@pulumi/docker";
import * as pulumi from "@pulumi/pulumi";
import { GITLAB_PATHS } from "../../src/platform/render/defaults.js";
import { GitlabSecret, gitlabEnvironment, gitlabSecretPath, renderGitlabOmnibusConfig } from "../../src/platform/render/gitlab-omnibus.js";
import type { DockerPlatformSpec } from "../../src/platform/spec/index.js";
import type { ContainerFile } from "./containers.js";
import { autogitLabels, containerName, envList, onNetwork, uploads } from "./containers.js";

export interface GitlabArgs {
  /** The validated stack config. */
  readonly spec: DockerPlatformSpec;
  /** Platform network name. */
  readonly network: pulumi.Input<string>;
  /** The platform network's subnet: Traefik connects from it, so GitLab trusts its X-Forwarded-For. */
  readonly networkSubnet: string;
  /** Initial `root` password (secret). */
  readonly rootPassword: pulumi.Input<string>;
  /** The OIDC client secret GitLab signs in to Authelia with (secret). */
  readonly oidcClientSecret: pulumi.Input<string>;
  /** `local-ca`: the root GitLab must trust to reach Authelia over HTTPS (OIDC discovery). */
  readonly caCertPem?: pulumi.Input<string> | undefined;
}

/** /dev/shm in MB: GitLab's Docker docs ask for 256 MB (Prometheus and Puma use it). */
export const GITLAB_SHM_MB = 256;
/** First boot (database setup and migrations) takes minutes; `pulumi up` waits this long for healthy. */
export const GITLAB_HEALTHY_TIMEOUT_SECONDS = 1200;
/** File name of the local CA in GitLab's trusted-certs directory. */
export const GITLAB_CA_FILE = `${GITLAB_PATHS.trustedCertsDir}/autogit-local-ca.crt`;

/** GitLab's volumes, by mount path, as GitLab's Docker docs lay them out. */
export const GITLAB_VOLUMES = { config: "/etc/gitlab", logs: "/var/log/gitlab", data: "/var/opt/gitlab" } as const;

/** GitLab's environment (`GITLAB_OMNIBUS_CONFIG` and the root email): no secrets, gitlab.rb reads them from files. */
export function gitlabEnv(spec: DockerPlatformSpec, networkSubnet: string): Record<string, string> {
  return { ...gitlabEnvironment(spec), GITLAB_OMNIBUS_CONFIG: renderGitlabOmnibusConfig(spec, { trustedProxies: [networkSubnet] }) };
}

/** The secret files gitlab.rb reads, and the local CA when there is one. */
export function gitlabFiles(args: Pick<GitlabArgs, "rootPassword" | "oidcClientSecret" | "caCertPem">): ContainerFile[] {
  return [
    { path: gitlabSecretPath(GitlabSecret.rootPassword), content: args.rootPassword, secret: true },
    { path: gitlabSecretPath(GitlabSecret.oidcClientSecret), content: args.oidcClientSecret, secret: true },
    ...(args.caCertPem === undefined ? [] : [{ path: GITLAB_CA_FILE, content: args.caCertPem }]),
  ];
}

/**
 * GitLab CE (Omnibus image) behind Traefik: plain HTTP on the platform network only, no published port (SSH goes
 * through Traefik's TCP entry point). Config, logs and data on named volumes; the initial root password and the
 * OIDC client secret as uploaded secret files; a healthcheck `pulumi up` waits on before anything talks to GitLab.
 */
export class Gitlab extends pulumi.ComponentResource {
  readonly container: docker.Container;
  /** The container's name on the platform engine, for `docker exec`. */
  readonly containerName: pulumi.Output<string>;

  constructor(name: string, args: GitlabArgs, opts?: pulumi.ComponentResourceOptions) {
    super("autogit:docker:Gitlab", name, args, opts);
    const { spec } = args;
    const volumes = Object.entries(GITLAB_VOLUMES).map(
      ([role, containerPath]) =>
        [new docker.Volume(`${name}-${role}`, { name: `autogit-gitlab-${role}`, labels: autogitLabels("gitlab") }, { parent: this }), containerPath] as const,
    );
    const image = new docker.RemoteImage(`${name}-image`, { name: `gitlab/gitlab-ce:${spec.gitlab.version}`, keepLocally: true }, { parent: this });
    this.container = new docker.Container(
      `${name}-container`,
      {
        name: containerName("gitlab"),
        image: image.name,
        hostname: spec.hostnames.gitlab,
        restart: "unless-stopped",
        envs: envList(gitlabEnv(spec, args.networkSubnet)),
        uploads: uploads(gitlabFiles(args)),
        volumes: volumes.map(([volume, containerPath]) => ({ volumeName: volume.name, containerPath })),
        shmSize: GITLAB_SHM_MB,
        networksAdvanced: onNetwork(args.network, "gitlab"),
        healthcheck: {
          tests: ["CMD", "/opt/gitlab/bin/gitlab-healthcheck", "--fail", "--max-time", "10"],
          interval: "30s",
          timeout: "15s",
          retries: 5,
          startPeriod: "600s",
        },
        // Dependents (token bootstrap, runner registration) start only once GitLab answers.
        wait: true,
        waitTimeout: GITLAB_HEALTHY_TIMEOUT_SECONDS,
        labels: autogitLabels("gitlab"),
      },
      { parent: this },
    );
    this.containerName = this.container.name;
    this.registerOutputs({ container: this.container.id, containerName: this.containerName });
  }
}
