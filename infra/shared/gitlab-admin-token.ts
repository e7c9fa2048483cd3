import * as command from "@pulumi/command";
import * as pulumi from "@pulumi/pulumi";
import * as random from "@pulumi/random";

export interface GitlabAdminTokenArgs {
  /** Shell that creates the token in GitLab from `AUTOGIT_ADMIN_TOKEN` (e.g. `createAdminTokenScript()`). */
  readonly create: string;
  /** Shell that revokes it again (e.g. `revokeAdminTokenScript()`). */
  readonly delete: string;
  /** What the scripts need to reach GitLab (container and `DOCKER_HOST`, or namespace, toolbox and kubeconfig). */
  readonly environment: Readonly<Record<string, pulumi.Input<string>>>;
}

/**
 * The bootstrap credential for runner registration: a random token, created as a personal access token of GitLab's
 * `root` user (scopes `create_runner`, `manage_runner`) by the target's `gitlab-rails runner` script once GitLab is
 * up. No human step, no token typed into the stack; it lives in the state as a Pulumi secret and reaches the script
 * only through its environment. It expires after `ADMIN_TOKEN_LIFETIME_DAYS` and is only needed to register a
 * runner: rotate it by replacing its `-value` resource (`pulumi up --replace <valueUrn>`), which re-runs the create
 * step (revoking the old token) and leaves registered runners in place (ADR 0003).
 */
export class GitlabAdminToken extends pulumi.ComponentResource {
  /** The token (secret); valid in GitLab once `created` has run. */
  readonly token: pulumi.Output<string>;
  /** The command that created it in GitLab: depend on it before using the token. */
  readonly created: command.local.Command;
  /** URN of the random value: `pulumi up --replace` it to rotate the token. */
  readonly valueUrn: pulumi.Output<string>;

  constructor(name: string, args: GitlabAdminTokenArgs, opts?: pulumi.ComponentResourceOptions) {
    // Inputs are data: the environment may carry a kubeconfig, so it is not recorded on the component.
    super("autogit:platform:GitlabAdminToken", name, {}, opts);
    const value = new random.RandomPassword(`${name}-value`, { length: 48, special: false }, { parent: this });
    this.token = pulumi.secret(pulumi.interpolate`autogit-${value.result}`);
    this.valueUrn = value.urn;
    this.created = new command.local.Command(
      `${name}-create`,
      {
        create: args.create,
        delete: args.delete,
        environment: { ...args.environment, AUTOGIT_ADMIN_TOKEN: this.token },
        // gitlab-rails prints nothing secret, but nothing of this command needs to be in the logs either.
        logging: "stderr",
      },
      { parent: this },
    );
    this.registerOutputs({ token: this.token, valueUrn: this.valueUrn });
  }
}
