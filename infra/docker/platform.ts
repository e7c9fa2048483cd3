import * as docker from "@pulumi/docker";
import * as pulumi from "@pulumi/pulumi";
import * as random from "@pulumi/random";
import { runnerFleet } from "../../src/platform/fleet.js";
import {
  renderAutheliaConfig,
  renderCoreDns,
  renderGitlabOmnibusConfig,
  renderGitlabRunnerConfig,
  renderTraefikDynamicConfig,
  renderTraefikStaticConfig,
} from "../../src/platform/render/index.js";
import { httpsUrl } from "../../src/platform/render/names.js";
import type { DockerPlatformSpec, PlatformConfigIssue } from "../../src/platform/spec/index.js";
import { PlatformConfigError } from "../../src/platform/spec/index.js";
import { createAdminTokenScript, revokeAdminTokenScript } from "../../src/platform/registration/admin-token.js";
import type { PlatformOutputs } from "../outputs.js";
import { resolveSecretRef } from "../secrets.js";
import { GitlabAdminToken } from "../shared/gitlab-admin-token.js";
import { Authelia } from "./authelia.js";
import { CoreDns } from "./coredns.js";
import type { SecretResolver } from "./docker-provider.js";
import { Gitlab } from "./gitlab.js";
import { LocalCa } from "./local-ca.js";
import { PLATFORM_SUBNET, PlatformNetwork } from "./network.js";
import { RunnerHost } from "./runner-host.js";
import { Traefik } from "./traefik.js";

export interface DockerPlatformArgs {
  /** The validated stack config (target docker). */
  readonly spec: DockerPlatformSpec;
  /** Resolves `{ secret }` / `{ env }` references; default `resolveSecretRef` (stack config, process environment). */
  readonly resolveSecret?: SecretResolver;
}

/** Provider arguments of the engine the platform services run on (`docker.host`). */
export function platformEngineArgs(host: string): docker.ProviderArgs {
  return host.startsWith("ssh://") ? { host, sshOpts: ["-o", "BatchMode=yes", "-o", "ConnectTimeout=15"] } : { host };
}

/**
 * Problems only the renderers can see (a hostname outside the Authelia cookie's domain, a GPU count Docker cannot
 * honour for that vendor, …), found by rendering every config once up front: the runner token is only known at
 * deploy time, so without this such a mistake would surface after half the platform was created.
 */
export function dockerPlatformIssues(spec: DockerPlatformSpec): PlatformConfigIssue[] {
  // The services' renderers name the field in their messages; runner hosts get their index as the path.
  const checks: [string, () => unknown][] = [
    ["", () => renderTraefikStaticConfig(spec)],
    ["", () => renderTraefikDynamicConfig(spec)],
    ["", () => renderAutheliaConfig(spec)],
    ["", () => renderCoreDns(spec)],
    ["", () => renderGitlabOmnibusConfig(spec, { trustedProxies: [PLATFORM_SUBNET] })],
    ...spec.runnerHosts.map((host, i): [string, () => unknown] => [`runnerHosts[${i}]`, () => renderGitlabRunnerConfig(spec, host, { token: "glrt-preflight" })]),
  ];
  const issues: PlatformConfigIssue[] = [];
  for (const [path, render] of checks) {
    try {
      render();
    } catch (error) {
      issues.push({ path, message: error instanceof Error ? error.message : String(error) });
    }
  }
  return issues;
}

/** The service URLs users open. */
export function platformUrls(spec: DockerPlatformSpec): Record<string, string> {
  return { gitlab: httpsUrl(spec.hostnames.gitlab), auth: httpsUrl(spec.hostnames.auth), traefik: httpsUrl(spec.hostnames.traefik) };
}

/**
 * The whole platform on one Docker engine (`target: docker`): network, TLS, Traefik, Authelia, GitLab CE and
 * CoreDNS through an explicit provider for `docker.host`, then one RunnerHost per `runnerHosts` entry, each through
 * its own provider. GitLab's registration token and every service secret are generated here as Pulumi secrets.
 */
export class DockerPlatform extends pulumi.ComponentResource {
  readonly outputs: PlatformOutputs;

  constructor(name: string, args: DockerPlatformArgs, opts?: pulumi.ComponentResourceOptions) {
    // Before any resource, this component included: a bad config declares nothing.
    const issues = dockerPlatformIssues(args.spec);
    if (issues.length > 0) throw new pulumi.RunError(new PlatformConfigError(issues).message);
    super("autogit:docker:Platform", name, {}, opts);
    const { spec } = args;
    const resolveSecret = args.resolveSecret ?? resolveSecretRef;
    const engine = new docker.Provider(`${name}-engine`, platformEngineArgs(spec.docker.host), { parent: this });
    const onEngine = { parent: this, provider: engine };

    const network = new PlatformNetwork(`${name}-network`, { networkName: spec.docker.network, subnet: PLATFORM_SUBNET }, onEngine);
    const ca = spec.tls.mode === "local-ca" ? new LocalCa(`${name}-ca`, { domain: spec.domain, hostnames: spec.hostnames }, { parent: this }) : undefined;

    const rootPassword = new random.RandomPassword(`${name}-gitlab-root-password`, { length: 32, special: false }, { parent: this });
    const oidcClientSecret = new random.RandomPassword(`${name}-oidc-client-secret`, { length: 64, special: false }, { parent: this });
    const gitlabRootPassword = pulumi.secret(rootPassword.result);
    const clientSecret = pulumi.secret(oidcClientSecret.result);

    const traefik = new Traefik(
      `${name}-traefik`,
      { spec, network: network.name, certificate: ca === undefined ? undefined : { certPem: ca.certPem, keyPem: ca.keyPem }, resolveSecret },
      onEngine,
    );
    new Authelia(`${name}-authelia`, { spec, network: network.name, oidcClientSecret: clientSecret }, onEngine);
    const gitlab = new Gitlab(
      `${name}-gitlab`,
      {
        spec,
        network: network.name,
        networkSubnet: PLATFORM_SUBNET,
        rootPassword: gitlabRootPassword,
        oidcClientSecret: clientSecret,
        caCertPem: ca?.caCertPem,
      },
      onEngine,
    );
    new CoreDns(`${name}-coredns`, { spec }, onEngine);

    const adminToken = new GitlabAdminToken(
      `${name}-gitlab-admin-token`,
      {
        create: createAdminTokenScript(),
        delete: revokeAdminTokenScript(),
        environment: { DOCKER_HOST: spec.docker.host, GITLAB_CONTAINER: gitlab.containerName },
      },
      // Its type was `autogit:docker:GitlabAdminToken` before both targets shared it: same resources, no new token.
      { parent: this, dependsOn: [gitlab.container], aliases: [{ type: "autogit:docker:GitlabAdminToken" }] },
    );
    spec.runnerHosts.forEach(
      (host, index) =>
        new RunnerHost(
          `${name}-host-${host.name}`,
          {
            spec,
            host,
            index,
            adminToken: adminToken.token,
            adminTokenUrn: adminToken.valueUrn,
            caCertPem: ca?.caCertPem,
            resolveSecret,
            registrationDependsOn: [gitlab.container, traefik.container, adminToken.created],
          },
          { parent: this },
        ),
    );

    this.outputs = {
      urls: pulumi.output(platformUrls(spec)),
      dnsAddress: pulumi.output(spec.dns.lanAddress),
      runnerFleet: pulumi.output(runnerFleet(spec)),
      gitlabRootPassword,
      ...(ca === undefined ? {} : { caCertificate: ca.caCertPem }),
    };
    this.registerOutputs({ ...this.outputs });
  }
}
