import { gitlabRunnerRegistration } from "../render/gitlab-runner-config.js";
import { httpsUrl } from "../render/names.js";
import type { RunnerHostBase } from "../spec/index.js";
import { ADMIN_TOKEN_LIFETIME_DAYS } from "./admin-token.js";

/**
 * Shell scripts that register a GitLab instance runner through the REST API with curl, shared by both targets'
 * `GitlabRunnerRegistration`. Inputs come from the environment: GITLAB_URL, GITLAB_ADDRESS (optional pin of GitLab's
 * name), GITLAB_CA_CERT (optional), GITLAB_TOKEN (the admin token), ADMIN_TOKEN_URN, RUNNER_DESCRIPTION, RUNNER_TAGS.
 */

/** What identifies a runner: a change of any of these is a new runner. */
export interface RunnerIdentity {
  /** GitLab's external URL, e.g. `https://git.lab.home.arpa`. */
  readonly gitlabUrl: string;
  /** Runner description shown in GitLab, e.g. `autogit tower (amd64)`. */
  readonly description: string;
  /** Tags from `gitlabRunnerTags(host)`. */
  readonly tags: readonly string[];
}

/** The runner a host (Docker) or pool (Kubernetes) registers: `autogit <description>` with its arch/GPU tags. */
export function runnerIdentity(host: RunnerHostBase, gitlabHostname: string): RunnerIdentity {
  const fields = gitlabRunnerRegistration(host);
  return { gitlabUrl: httpsUrl(gitlabHostname), description: `autogit ${fields.description}`, tags: fields.tag_list };
}

/** How long registration waits for GitLab's API to answer (after the container reported healthy). */
export const API_WAIT_SECONDS = 600;

// Shared by all scripts: curl with GitLab's name pinned to GITLAB_ADDRESS when set (the Docker target: the LAN
// address, before the LAN uses CoreDNS) and, for local-ca, the CA written to a temporary file. The PRIVATE-TOKEN header is read from stdin (`--header @-`) so no token is ever an argument.
const PRELUDE = `set -eu
authority=\${GITLAB_URL#https://}; authority=\${authority%%/*}
case $authority in
  *:*) host=\${authority%:*}; port=\${authority##*:} ;;
  *) host=$authority; port=443 ;;
esac
set -- --silent --show-error
if [ -n "\${GITLAB_ADDRESS:-}" ]; then set -- "$@" --resolve "$host:$port:$GITLAB_ADDRESS"; fi
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
    401|403)
      echo "autogit: GitLab at $GITLAB_URL rejects the registration token (HTTP $code): it expired (${ADMIN_TOKEN_LIFETIME_DAYS} days after it was made) or was revoked." >&2
      echo "autogit: make a new one, then run this again: pulumi up --replace '\${ADMIN_TOKEN_URN:-<URN of autogit-gitlab-admin-token-value, from pulumi stack --show-urns>}'" >&2
      echo "autogit: existing runners keep working and are not re-registered (docs/platform.md, Rotating the registration token)" >&2
      exit 1 ;;
  esac
  if [ "$(date +%s)" -ge "$deadline" ]; then
    echo "autogit: GitLab at $GITLAB_URL\${GITLAB_ADDRESS:+ (pinned to $GITLAB_ADDRESS)} did not answer within ${API_WAIT_SECONDS}s (last HTTP $code)" >&2
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

// Keeps the runner of the previous run's stdout when GitLab still accepts its token (POST /runners/verify: 200):
// prints the same token again, so config.toml and the runner container stay as they are. 403 = GitLab no longer
// knows it (deleted in the UI): falls through to a new registration. Anything else is retried until the deadline.
const KEEP = `if [ -n "\${PULUMI_COMMAND_STDOUT:-}" ]; then
  deadline=$(( $(date +%s) + ${API_WAIT_SECONDS} ))
  while :; do
    code=$(printf '%s' "$PULUMI_COMMAND_STDOUT" | curl "$@" --request POST --data-urlencode token@- --output /dev/null --write-out '%{http_code}' "$GITLAB_URL/api/v4/runners/verify") || code=000
    case $code in
      200) printf '%s' "$PULUMI_COMMAND_STDOUT"; exit 0 ;;
      403) echo "autogit: GitLab no longer knows the runner \\"$RUNNER_DESCRIPTION\\"; registering it again" >&2; break ;;
    esac
    if [ "$(date +%s)" -ge "$deadline" ]; then
      echo "autogit: POST $GITLAB_URL/api/v4/runners/verify for \\"$RUNNER_DESCRIPTION\\" answered HTTP $code for ${API_WAIT_SECONDS}s" >&2
      exit 1
    fi
    sleep 10
  done
fi
`;

/** Creates an instance runner with `POST /api/v4/user/runners` and prints only its `glrt-` authentication token. */
export function registerRunnerScript(): string {
  return `${PRELUDE}${REGISTER}`;
}

/**
 * Runs when an input that is not part of the runner's identity changes: the admin token (rotation), GitLab's LAN
 * address, the local CA, the scripts. The runner is kept when its token still verifies, and registered anew only
 * when GitLab has forgotten it. Identity changes (tags, description, GitLab URL) are replacements instead, see
 * `registrationTriggers`.
 */
export function updateRunnerScript(): string {
  return `${PRELUDE}${KEEP}${REGISTER}`;
}

/**
 * What makes a registration a different runner. With an `update` script @pulumi/command would only update on a
 * trigger change; `REGISTRATION_REPLACE_ON_CHANGES` makes it a replacement: create the new runner, then delete the
 * old one by its own token. Deliberately not the admin token: rotating it must not re-register every runner and so
 * replace every runner container (ADR 0003).
 */
export function registrationTriggers(args: RunnerIdentity): string[] {
  return [args.gitlabUrl, args.description, args.tags.join(",")];
}

/** Deletes the runner with `DELETE /api/v4/runners` by its own token. */
export function deleteRunnerScript(): string {
  return `${PRELUDE}${DELETE}`;
}

/** `replaceOnChanges` of the registration command: identity changes replace it (see `registrationTriggers`). */
export const REGISTRATION_REPLACE_ON_CHANGES: readonly string[] = ["triggers"];
