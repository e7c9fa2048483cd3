import * as command from "@pulumi/command";
import * as pulumi from "@pulumi/pulumi";
import * as random from "@pulumi/random";

export interface GitlabAdminTokenArgs {
  /** Name of the GitLab container on the platform engine. */
  readonly containerName: pulumi.Input<string>;
  /** `DOCKER_HOST` of the platform engine (`docker.host`), for the docker CLI that runs `gitlab-rails`. */
  readonly dockerHost: pulumi.Input<string>;
}

/** Name of the token in GitLab (root's Access tokens page), so an admin can see and revoke it. */
export const ADMIN_TOKEN_NAME = "autogit-runner-registration";
/** Scopes: create instance runners, and delete them again. Nothing else. */
export const ADMIN_TOKEN_SCOPES = ["create_runner", "manage_runner"] as const;
/** Days until GitLab expires the token: under GitLab's 365-day cap on personal access tokens. */
export const ADMIN_TOKEN_LIFETIME_DAYS = 364;
/** How long GitLab may wait to become healthy after `pulumi up` started it (first boot migrates the database). */
export const GITLAB_BOOT_SECONDS = 1200;

/**
 * Ruby for `gitlab-rails runner`: revokes an earlier token of the same name and creates root's registration token
 * with the value from `AUTOGIT_ADMIN_TOKEN` (GitLab stores its digest only). The value is read from the environment:
 * it never appears on a command line.
 */
export const CREATE_TOKEN_RUBY = [
  "user = User.find_by_username!('root')",
  `user.personal_access_tokens.active.where(name: '${ADMIN_TOKEN_NAME}').each(&:revoke!)`,
  `attrs = { name: '${ADMIN_TOKEN_NAME}', scopes: [${ADMIN_TOKEN_SCOPES.map((s) => `:${s}`).join(", ")}], expires_at: ${ADMIN_TOKEN_LIFETIME_DAYS}.days.from_now }`,
  // GitLab 17.x added organizations; a token belongs to one where the column exists.
  "attrs[:organization] = Organizations::Organization.first if PersonalAccessToken.column_names.include?('organization_id')",
  "token = user.personal_access_tokens.build(attrs)",
  "token.set_token(ENV.fetch('AUTOGIT_ADMIN_TOKEN'))",
  "token.save!",
].join("; ");

export const REVOKE_TOKEN_RUBY = `User.find_by_username!('root').personal_access_tokens.active.where(name: '${ADMIN_TOKEN_NAME}').each(&:revoke!)`;

/**
 * Shell run by `pulumi up` where it runs (needs the docker CLI): waits for the GitLab container's healthcheck with a
 * deadline, then creates the token inside it. `docker exec -e NAME` copies the value from this environment.
 */
export function createAdminTokenScript(): string {
  return `set -eu
deadline=$(( $(date +%s) + ${GITLAB_BOOT_SECONDS} ))
while :; do
  status=$(docker inspect --format '{{.State.Health.Status}}' "$GITLAB_CONTAINER" 2>/dev/null || echo missing)
  [ "$status" = healthy ] && break
  if [ "$(date +%s)" -ge "$deadline" ]; then
    echo "autogit: GitLab container $GITLAB_CONTAINER on $DOCKER_HOST is not healthy after ${GITLAB_BOOT_SECONDS}s (status: $status); see docker logs $GITLAB_CONTAINER" >&2
    exit 1
  fi
  sleep 10
done
docker exec -e AUTOGIT_ADMIN_TOKEN "$GITLAB_CONTAINER" gitlab-rails runner "${CREATE_TOKEN_RUBY.replace(/"/g, '\\"')}"
`;
}

/** Revokes the token when the stack no longer needs it; nothing to do when GitLab itself is already gone. */
export function revokeAdminTokenScript(): string {
  return `set -eu
if ! docker inspect "$GITLAB_CONTAINER" >/dev/null 2>&1; then exit 0; fi
docker exec "$GITLAB_CONTAINER" gitlab-rails runner "${REVOKE_TOKEN_RUBY}"
`;
}

/**
 * The bootstrap credential for runner registration: a random token, created as a personal access token of GitLab's
 * `root` user (scopes `create_runner`, `manage_runner`) through `gitlab-rails runner` once GitLab is healthy. No
 * human step, no token typed into the stack; it lives in the state as a Pulumi secret. It expires after
 * `ADMIN_TOKEN_LIFETIME_DAYS` and is only needed to register a runner: rotate it by replacing its `-value`
 * resource (`pulumi up --replace <valueUrn>`), which re-runs the create step (revoking the old token) and leaves
 * registered runners in place (ADR 0003).
 */
export class GitlabAdminToken extends pulumi.ComponentResource {
  /** The token (secret); valid in GitLab once `created` has run. */
  readonly token: pulumi.Output<string>;
  /** The command that created it in GitLab: depend on it before using the token. */
  readonly created: command.local.Command;
  /** URN of the random value: `pulumi up --replace` it to rotate the token. */
  readonly valueUrn: pulumi.Output<string>;

  constructor(name: string, args: GitlabAdminTokenArgs, opts?: pulumi.ComponentResourceOptions) {
    super("autogit:docker:GitlabAdminToken", name, args, opts);
    const value = new random.RandomPassword(`${name}-value`, { length: 48, special: false }, { parent: this });
    this.token = pulumi.secret(pulumi.interpolate`autogit-${value.result}`);
    this.valueUrn = value.urn;
    this.created = new command.local.Command(
      `${name}-create`,
      {
        create: createAdminTokenScript(),
        delete: revokeAdminTokenScript(),
        environment: { DOCKER_HOST: args.dockerHost, GITLAB_CONTAINER: args.containerName, AUTOGIT_ADMIN_TOKEN: this.token },
        // gitlab-rails prints nothing secret, but nothing of this command needs to be in the logs either.
        logging: "stderr",
      },
      { parent: this },
    );
    this.registerOutputs({ token: this.token, valueUrn: this.valueUrn });
  }
}
