import { createHash } from "node:crypto";
import * as docker from "@pulumi/docker";
import * as pulumi from "@pulumi/pulumi";
import * as random from "@pulumi/random";
import * as tls from "@pulumi/tls";
import { renderAutheliaConfig } from "../../src/platform/render/authelia-config.js";
import { AutheliaSecret, autheliaEnvironment, autheliaSecretPath } from "../../src/platform/render/authelia-secrets.js";
import { autheliaConfigYaml } from "../../src/platform/render/authelia-template.js";
import { autheliaUsersYaml, renderAutheliaUsers } from "../../src/platform/render/authelia-users.js";
import { AUTHELIA_PATHS } from "../../src/platform/render/defaults.js";
import { pbkdf2Sha512Digest } from "../../src/platform/render/oidc-client-secret.js";
import type { DockerPlatformSpec } from "../../src/platform/spec/index.js";
import type { ContainerFile } from "./containers.js";
import { autogitLabels, containerName, envList, onNetwork, uploads } from "./containers.js";

export interface AutheliaArgs {
  /** The validated stack config. */
  readonly spec: DockerPlatformSpec;
  /** Platform network name. */
  readonly network: pulumi.Input<string>;
  /** The GitLab OIDC client's secret (plain, secret); Authelia gets only its digest. */
  readonly oidcClientSecret: pulumi.Input<string>;
}

/** Random secrets Authelia needs (64 characters, as its docs recommend), by the file they are delivered in. */
export const AUTHELIA_RANDOM_SECRETS = [
  AutheliaSecret.resetPasswordJwt,
  AutheliaSecret.session,
  AutheliaSecret.storageEncryptionKey,
  AutheliaSecret.oidcHmac,
] as const;

/**
 * The client secret digest with a salt derived from the secret: the same secret always gives the same file, so
 * `pulumi up` does not replace Authelia on every run (a random salt would). The secret is 64 random characters;
 * the salt's job against precomputed tables does not arise.
 */
export function stableClientSecretDigest(secret: string): string {
  const salt = createHash("sha256").update("autogit/authelia/oidc-client-salt\u0000").update(secret).digest().subarray(0, 16);
  return pbkdf2Sha512Digest(secret, salt);
}

/** The files of the Authelia container: config and users database (plain), and every secret file. */
export function autheliaFiles(spec: DockerPlatformSpec, secrets: Readonly<Record<AutheliaSecret, pulumi.Input<string>>>): ContainerFile[] {
  return [
    { path: AUTHELIA_PATHS.config, content: autheliaConfigYaml(renderAutheliaConfig(spec)) },
    // Hashes, not passwords; still not world-readable.
    { path: AUTHELIA_PATHS.usersDatabase, content: autheliaUsersYaml(renderAutheliaUsers(spec)), permissions: "0400" },
    ...Object.values(AutheliaSecret).map((secret) => ({ path: autheliaSecretPath(secret), content: secrets[secret], secret: true })),
  ];
}

/**
 * Authelia: SSO portal, forwardAuth for Traefik, OIDC provider for GitLab. Its config and users database are
 * rendered from the stack and uploaded; its secrets are generated here (@pulumi/random, @pulumi/tls), kept as
 * Pulumi secrets and delivered as files named by Authelia's `*_FILE` variables or its `{{ secret }}` template.
 * SQLite lives on a volume.
 */
export class Authelia extends pulumi.ComponentResource {
  readonly container: docker.Container;

  constructor(name: string, args: AutheliaArgs, opts?: pulumi.ComponentResourceOptions) {
    super("autogit:docker:Authelia", name, args, opts);
    const generated = Object.fromEntries(
      AUTHELIA_RANDOM_SECRETS.map((secret) => {
        const password = new random.RandomPassword(`${name}-${secret}`, { length: 64, special: false }, { parent: this });
        return [secret, pulumi.secret(password.result)];
      }),
    ) as Record<(typeof AUTHELIA_RANDOM_SECRETS)[number], pulumi.Output<string>>;
    const jwksKey = new tls.PrivateKey(`${name}-oidc-jwks`, { algorithm: "RSA", rsaBits: 4096 }, { parent: this });
    const secrets: Record<AutheliaSecret, pulumi.Input<string>> = {
      ...generated,
      [AutheliaSecret.oidcJwksKey]: pulumi.secret(jwksKey.privateKeyPem),
      [AutheliaSecret.oidcGitlabClientSecretDigest]: pulumi.secret(pulumi.output(args.oidcClientSecret).apply(stableClientSecretDigest)),
    };

    const data = new docker.Volume(`${name}-data`, { name: "autogit-authelia-data", labels: autogitLabels("authelia") }, { parent: this });
    const image = new docker.RemoteImage(`${name}-image`, { name: `authelia/authelia:${args.spec.versions.authelia}`, keepLocally: true }, { parent: this });
    this.container = new docker.Container(
      `${name}-container`,
      {
        name: containerName("authelia"),
        image: image.name,
        restart: "unless-stopped",
        // Paths only: every secret is a file.
        envs: envList(autheliaEnvironment()),
        uploads: uploads(autheliaFiles(args.spec, secrets)),
        volumes: [{ volumeName: data.name, containerPath: "/data" }],
        networksAdvanced: onNetwork(args.network, "authelia"),
        labels: autogitLabels("authelia"),
      },
      { parent: this },
    );
    this.registerOutputs({ container: this.container.id });
  }
}
