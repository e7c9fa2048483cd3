import * as command from "@pulumi/command";
import * as pulumi from "@pulumi/pulumi";

export interface GitlabRunnerRegistrationArgs {
  /** GitLab's external URL, e.g. `https://git.lab.home.arpa`. */
  readonly gitlabUrl: string;
  /** Address GitLab's hostname is pinned to (`dns.lanAddress`), so registration works before the LAN uses CoreDNS. */
  readonly gitlabAddress: string;
  /** `local-ca`: the root to verify GitLab's certificate with; absent = the system's trust store. */
  readonly caCertPem?: pulumi.Input<string> | undefined;
  /** A token of a GitLab admin with the `create_runner` scope (secret). */
  readonly adminToken: pulumi.Input<string>;
  /** Runner description shown in GitLab, e.g. `autogit tower (amd64)`. */
  readonly description: string;
  /** Tags from `gitlabRunnerTags(host)`. */
  readonly tags: readonly string[];
}

/** How long registration waits for GitLab's API to answer (after the container reported healthy). */
export const API_WAIT_SECONDS = 600;

// Shared by both scripts: curl with GitLab's name pinned to the LAN address and, for local-ca, the CA written to a
// temporary file. The PRIVATE-TOKEN header is read from stdin (`--header @-`) so no token is ever an argument.
const PRELUDE = `set -eu
authority=\${GITLAB_URL#https://}; authority=\${authority%%/*}
case $authority in
  *:*) host=\${authority%:*}; port=\${authority##*:} ;;
  *) host=$authority; port=443 ;;
esac
set -- --silent --show-error --resolve "$host:$port:$GITLAB_ADDRESS"
if [ -n "\${GITLAB_CA_CERT:-}" ]; then
  ca_file=$(mktemp); trap 'rm -f "$ca_file"' EXIT
  printf '%s\\n' "$GITLAB_CA_CERT" > "$ca_file"
  set -- "$@" --cacert "$ca_file"
fi
`;

// Creates the runner and prints only its glrt- token. Waits (with a deadline) until GitLab accepts the admin token.
const REGISTER = `deadline=$(( $(date +%s) + ${API_WAIT_SECONDS} ))
while :; do
  code=$(printf 'PRIVATE-TOKEN: %s\\n' "$GITLAB_TOKEN" | curl "$@" --header @- --output /dev/null --write-out '%{http_code}' "$GITLAB_URL/api/v4/user") || code=000
  case $code in
    200) break ;;
    401|403) echo "autogit: GitLab at $GITLAB_URL rejects the registration token (HTTP $code); it is created by the gitlab-admin-token step: run pulumi up again, or see docs/platform.md" >&2; exit 1 ;;
  esac
  if [ "$(date +%s)" -ge "$deadline" ]; then
    echo "autogit: GitLab at $GITLAB_URL (pinned to $GITLAB_ADDRESS) did not answer within ${API_WAIT_SECONDS}s (last HTTP $code)" >&2
    exit 1
  fi
  sleep 10
done
response=$(printf 'PRIVATE-TOKEN: %s\\n' "$GITLAB_TOKEN" | curl "$@" --header @- --request POST --write-out '\\n%{http_code}' \\
  --data-urlencode runner_type=instance_type --data-urlencode "description=$RUNNER_DESCRIPTION" \\
  --data-urlencode "tag_list=$RUNNER_TAGS" --data-urlencode run_untagged=false \\
  "$GITLAB_URL/api/v4/user/runners")
code=$(printf '%s\\n' "$response" | tail -n 1)
token=$(printf '%s\\n' "$response" | sed -n 's/.*"token":"\\(glrt-[^"]*\\)".*/\\1/p' | head -n 1)
if [ "$code" != 201 ] || [ -z "$token" ]; then
  echo "autogit: POST $GITLAB_URL/api/v4/user/runners for \\"$RUNNER_DESCRIPTION\\" answered HTTP $code without a runner token" >&2
  exit 1
fi
printf '%s' "$token"
`;

// Deletes the runner of the previous run's stdout (PULUMI_COMMAND_STDOUT, read by curl from stdin). 204 = deleted;
// 403/404 = GitLab no longer knows the token (deleted in the UI): fine. Anything else fails: never left behind silently.
const DELETE = `if [ -n "\${PULUMI_COMMAND_STDOUT:-}" ]; then
  code=$(printf '%s' "$PULUMI_COMMAND_STDOUT" | curl "$@" --request DELETE --data-urlencode token@- --output /dev/null --write-out '%{http_code}' "$GITLAB_URL/api/v4/runners") || code=000
  case $code in
    204|403|404) ;;
    *) echo "autogit: DELETE $GITLAB_URL/api/v4/runners for \\"$RUNNER_DESCRIPTION\\" answered HTTP $code; delete the runner in GitLab (Admin > CI/CD > Runners) or retry" >&2; exit 1 ;;
  esac
fi
`;

/** Creates an instance runner with `POST /api/v4/user/runners` and prints only its `glrt-` authentication token. */
export function registerRunnerScript(): string {
  return `${PRELUDE}${REGISTER}`;
}

/**
 * On a change (tags, description, GitLab URL), the runner is re-created: GitLab's API cannot change a runner found
 * only by its token, and re-running create alone would leave the old runner registered.
 */
export function updateRunnerScript(): string {
  return `${PRELUDE}${DELETE}${REGISTER}`;
}

/** Deletes the runner with `DELETE /api/v4/runners` by its own token. */
export function deleteRunnerScript(): string {
  return `${PRELUDE}${DELETE}`;
}

/**
 * One instance runner in GitLab, created through the REST API by @pulumi/command where `pulumi up` runs (needs
 * curl). Its output `token` (\`glrt-…\`) is what the runner manager's config.toml authenticates with: a secret in
 * the state, hidden from the logs.
 */
export class GitlabRunnerRegistration extends pulumi.ComponentResource {
  /** The runner authentication token, `glrt-…` (secret). */
  readonly token: pulumi.Output<string>;

  constructor(name: string, args: GitlabRunnerRegistrationArgs, opts?: pulumi.ComponentResourceOptions) {
    super("autogit:docker:GitlabRunnerRegistration", name, args, opts);
    const registration = new command.local.Command(
      `${name}-api`,
      {
        create: registerRunnerScript(),
        update: updateRunnerScript(),
        delete: deleteRunnerScript(),
        environment: {
          GITLAB_URL: args.gitlabUrl,
          GITLAB_ADDRESS: args.gitlabAddress,
          GITLAB_CA_CERT: args.caCertPem ?? "",
          GITLAB_TOKEN: pulumi.secret(args.adminToken),
          RUNNER_DESCRIPTION: args.description,
          RUNNER_TAGS: args.tags.join(","),
        },
        // stdout is the runner token: never logged, and a secret in the state.
        logging: "stderr",
      },
      { parent: this, additionalSecretOutputs: ["stdout"] },
    );
    // Under Pulumi's mock engine stdout is not computed; the real provider always sets it.
    this.token = pulumi.secret(registration.stdout.apply((stdout) => (stdout ?? "").trim()));
    this.registerOutputs({ token: this.token });
  }
}
