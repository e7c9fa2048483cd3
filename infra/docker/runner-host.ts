import * as docker from "@pulumi/docker";
import * as pulumi from "@pulumi/pulumi";
import { GITLAB_RUNNER_PATHS, gitlabRunnerConfigToml, renderGitlabRunnerConfig } from "../../src/platform/render/index.js";
import { runnerIdentity } from "../../src/platform/registration/runner-api.js";
import { emulatedArches, hostPlatform } from "../../src/platform/fleet.js";
import type { DockerPlatformSpec, DockerRunnerHost } from "../../src/platform/spec/index.js";
import { Binfmt } from "./binfmt.js";
import type { ContainerFile } from "./containers.js";
import { AUTOGIT_LABEL, autogitLabels, uploads } from "./containers.js";
import type { SecretResolver } from "./docker-provider.js";
import { dockerProviderArgs } from "./docker-provider.js";
import { GitlabRunnerRegistration } from "../shared/runner-registration.js";

export interface RunnerHostArgs {
  /** The validated stack config. */
  readonly spec: DockerPlatformSpec;
  /** This host, and its index in `runnerHosts` (for error paths). */
  readonly host: DockerRunnerHost;
  readonly index: number;
  /** Root-scoped token allowed to create instance runners (secret). */
  readonly adminToken: pulumi.Input<string>;
  /** URN to `pulumi up --replace` to rotate the admin token. */
  readonly adminTokenUrn: pulumi.Input<string>;
  /** `local-ca`: the root the runner verifies GitLab with; absent for ACME. */
  readonly caCertPem?: pulumi.Input<string> | undefined;
  readonly resolveSecret: SecretResolver;
  /** What must exist before the runner is registered: GitLab healthy, the admin token created. */
  readonly registrationDependsOn: pulumi.Input<pulumi.Resource>[];
}

/** The Docker socket of the runner host, mounted into its runner manager: the Docker executor starts jobs through it. */
export const RUNNER_DOCKER_SOCKET = "/var/run/docker.sock";

/** The runner manager's files: config.toml (holds the runner token: secret) and, for `local-ca`, GitLab's CA. */
export function runnerFiles(spec: DockerPlatformSpec, host: DockerRunnerHost, token: pulumi.Input<string>, caCertPem: pulumi.Input<string> | undefined): ContainerFile[] {
  const config = pulumi.output(token).apply((value) => gitlabRunnerConfigToml(renderGitlabRunnerConfig(spec, host, { token: value })));
  return [
    { path: GITLAB_RUNNER_PATHS.config, content: config, secret: true },
    ...(caCertPem === undefined ? [] : [{ path: GITLAB_RUNNER_PATHS.caFile, content: caCertPem }]),
  ];
}

/**
 * One runner host: a Docker provider for its engine (local socket, ssh:// or tcp:// with TLS), QEMU binfmt when it
 * emulates arches, its instance runner registered in GitLab, and the `gitlab/gitlab-runner` manager container,
 * pulled for the host's own platform, with the rendered config.toml uploaded as a secret. Everything on the host is
 * created through its provider, so one unreachable host fails only its own resources.
 */
export class RunnerHost extends pulumi.ComponentResource {
  readonly provider: docker.Provider;
  readonly container: docker.Container;

  constructor(name: string, args: RunnerHostArgs, opts?: pulumi.ComponentResourceOptions) {
    // Inputs are data: the host (not the whole spec, repeated per host), never the dependencies or the resolver.
    super("autogit:docker:RunnerHost", name, { host: args.host, index: args.index }, opts);
    const { spec, host } = args;
    this.provider = new docker.Provider(`${name}-engine`, dockerProviderArgs(host.connection, `runnerHosts[${args.index}]`, args.resolveSecret), {
      parent: this,
    });
    const onHost = { parent: this, provider: this.provider };

    const arches = emulatedArches(host);
    const binfmt = arches.length === 0 ? undefined : new Binfmt(`${name}-binfmt`, { arches, hostName: host.name }, onHost);

    const registration = new GitlabRunnerRegistration(
      `${name}-registration`,
      {
        ...runnerIdentity(host, spec.hostnames.gitlab),
        gitlabAddress: spec.dns.lanAddress,
        caCertPem: args.caCertPem,
        adminToken: args.adminToken,
        adminTokenUrn: args.adminTokenUrn,
      },
      // Its type was `autogit:docker:GitlabRunnerRegistration` before both targets shared it: the same runner.
      { parent: this, dependsOn: args.registrationDependsOn, aliases: [{ type: "autogit:docker:GitlabRunnerRegistration" }] },
    );

    const image = new docker.RemoteImage(
      `${name}-runner-image`,
      { name: `gitlab/gitlab-runner:${spec.versions.gitlabRunner}`, platform: hostPlatform(host), keepLocally: true },
      onHost,
    );
    this.container = new docker.Container(
      `${name}-runner`,
      {
        name: `autogit-runner-${host.name}`,
        image: image.name,
        platform: hostPlatform(host),
        restart: "unless-stopped",
        uploads: uploads(runnerFiles(spec, host, registration.token, args.caCertPem)),
        volumes: [{ hostPath: RUNNER_DOCKER_SOCKET, containerPath: RUNNER_DOCKER_SOCKET }],
        // The manager reaches GitLab by name before the host's resolver points at CoreDNS.
        hosts: [{ host: spec.hostnames.gitlab, ip: spec.dns.lanAddress }],
        labels: autogitLabels("gitlab-runner", { [AUTOGIT_LABEL.runnerHost]: host.name }),
      },
      { ...onHost, dependsOn: binfmt === undefined ? [] : [binfmt.container] },
    );
    this.registerOutputs({ container: this.container.id });
  }
}
