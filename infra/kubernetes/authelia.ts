import { createHash } from "node:crypto";
import * as kubernetes from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import * as random from "@pulumi/random";
import * as tls from "@pulumi/tls";
import {
  AUTHELIA_SECRETS,
  AUTHELIA_USERS_KEY,
  autheliaConfigMap,
  autheliaConfigText,
  autheliaDataClaim,
  autheliaDeployment,
  autheliaService,
} from "../../src/platform/kubernetes/authelia.js";
import { AutheliaSecret } from "../../src/platform/render/authelia-secrets.js";
import { autheliaUsersYaml, renderAutheliaUsers } from "../../src/platform/render/authelia-users.js";
import { pbkdf2Sha512Digest } from "../../src/platform/render/oidc-client-secret.js";
import type { KubernetesPlatformSpec } from "../../src/platform/spec/index.js";
import { manifest } from "./manifest.js";

export interface AutheliaArgs {
  /** The validated platform spec. */
  readonly spec: KubernetesPlatformSpec;
}

/**
 * Authelia from the configuration the Docker target renders: ConfigMap, users database Secret, a Secret with the
 * generated JWT/session/storage/OIDC HMAC secrets, the JWKS signing key and the GitLab client secret's digest, a
 * PVC for SQLite, a Deployment and its Service.
 */
export class Authelia extends pulumi.ComponentResource {
  /** The plain OIDC client secret GitLab presents (a Pulumi secret); Authelia holds only its digest. */
  readonly oidcClientSecret: pulumi.Output<string>;

  constructor(name: string, args: AutheliaArgs, opts?: pulumi.ComponentResourceOptions) {
    super("autogit:kubernetes:Authelia", name, args, opts);
    const { spec } = args;
    const namespace = spec.kubernetes.namespace;
    const password = (suffix: string, length = 64) =>
      new random.RandomPassword(`${name}-${suffix}`, { length, special: false }, { parent: this, additionalSecretOutputs: ["result"] });

    const clientSecret = password("oidc-client-secret");
    // A stable salt keeps the digest (and so the Secret and the pod) unchanged between runs.
    const salt = password("oidc-client-salt", 16);
    this.oidcClientSecret = pulumi.secret(clientSecret.result);
    const jwks = new tls.PrivateKey(`${name}-oidc-jwks`, { algorithm: "RSA", rsaBits: 2048 }, { parent: this });

    const files: Record<AutheliaSecret, pulumi.Output<string>> = {
      [AutheliaSecret.resetPasswordJwt]: password("jwt").result,
      [AutheliaSecret.session]: password("session").result,
      [AutheliaSecret.storageEncryptionKey]: password("storage-encryption").result,
      [AutheliaSecret.oidcHmac]: password("oidc-hmac").result,
      [AutheliaSecret.oidcJwksKey]: jwks.privateKeyPem,
      [AutheliaSecret.oidcGitlabClientSecretDigest]: pulumi
        .all([clientSecret.result, salt.result])
        .apply(([secret, saltText]) => pbkdf2Sha512Digest(secret, Buffer.from(saltText, "utf8"))),
    };
    const secretOpts = { parent: this };
    const secrets = new kubernetes.core.v1.Secret(
      `${name}-secrets`,
      {
        metadata: { name: AUTHELIA_SECRETS.files, namespace },
        type: "Opaque",
        stringData: pulumi.secret(pulumi.all(files)),
      },
      secretOpts,
    );
    const usersYaml = autheliaUsersYaml(renderAutheliaUsers(spec));
    const users = new kubernetes.core.v1.Secret(
      `${name}-users`,
      { metadata: { name: AUTHELIA_SECRETS.users, namespace }, type: "Opaque", stringData: pulumi.secret({ [AUTHELIA_USERS_KEY]: usersYaml }) },
      secretOpts,
    );

    const config = manifest(`${name}-config`, autheliaConfigMap(spec), { parent: this });
    const claim = manifest(`${name}-data`, autheliaDataClaim(spec), { parent: this });
    const hash = createHash("sha256").update(autheliaConfigText(spec)).update("\0").update(usersYaml).digest("hex");
    manifest(`${name}-deployment`, autheliaDeployment(spec, hash), { parent: this, dependsOn: [config, claim, secrets, users] });
    manifest(`${name}-service`, autheliaService(spec), { parent: this });

    this.registerOutputs({ oidcClientSecret: this.oidcClientSecret });
  }
}
