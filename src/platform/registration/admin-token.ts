/**
 * The bootstrap credential for runner registration, as both targets create it: a personal access token of GitLab's
 * `root` user made by `gitlab-rails runner` inside GitLab (the Docker target's container, the Kubernetes chart's
 * toolbox pod). The value comes from the environment or stdin, never from a command line.
 */

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
 * Docker target. Shell run by `pulumi up` where it runs (needs the docker CLI): waits for the GitLab container's
 * healthcheck with a deadline, then creates the token inside it. `docker exec -e NAME` copies the value from this
 * environment.
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

/** Docker target: revokes the token when the stack no longer needs it; nothing to do when GitLab itself is already gone. */
export function revokeAdminTokenScript(): string {
  return `set -eu
if ! docker inspect "$GITLAB_CONTAINER" >/dev/null 2>&1; then exit 0; fi
docker exec "$GITLAB_CONTAINER" gitlab-rails runner "${REVOKE_TOKEN_RUBY}"
`;
}

/** The toolbox Deployment of the GitLab chart's release (its container is `toolbox`), where `gitlab-rails` runs on Kubernetes. */
export function gitlabToolboxDeployment(release: string): string {
  return `${release}-toolbox`;
}

/** `'…'` for sh: the Ruby is one argument, whatever quotes it holds. */
function shellQuote(value: string): string {
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

// kubectl as the Kubernetes provider would connect: KUBECONFIG_DATA (the `kubernetes:kubeconfig` contents, a
// secret) written to a private temporary file, else KUBECONFIG as inherited or set; KUBE_CONTEXT when configured.
const KUBECTL_PRELUDE = `set -eu
if [ -n "\${KUBECONFIG_DATA:-}" ]; then
  kubeconfig_file=$(mktemp); trap 'rm -f "$kubeconfig_file"' EXIT
  printf '%s\\n' "$KUBECONFIG_DATA" > "$kubeconfig_file"
  KUBECONFIG=$kubeconfig_file; export KUBECONFIG
fi
set -- --namespace "$GITLAB_NAMESPACE"
if [ -n "\${KUBE_CONTEXT:-}" ]; then set -- "$@" --context "$KUBE_CONTEXT"; fi
`;

/**
 * Kubernetes target (needs kubectl): waits for the chart's toolbox Deployment with a deadline, then runs the same Ruby
 * in it. kubectl exec has no `-e`, so the value goes over stdin and the pod's shell puts it in the environment of
 * `gitlab-rails`: on no command line here or in the pod.
 */
export function createAdminTokenKubectlScript(): string {
  const inPod = `AUTOGIT_ADMIN_TOKEN=$(cat); export AUTOGIT_ADMIN_TOKEN; exec gitlab-rails runner "$1"`;
  return `${KUBECTL_PRELUDE}if ! kubectl "$@" rollout status "deployment/$GITLAB_TOOLBOX" --timeout=${GITLAB_BOOT_SECONDS}s >&2; then
  echo "autogit: GitLab's toolbox deployment/$GITLAB_TOOLBOX in namespace $GITLAB_NAMESPACE is not ready after ${GITLAB_BOOT_SECONDS}s; see kubectl -n $GITLAB_NAMESPACE describe deployment/$GITLAB_TOOLBOX" >&2
  exit 1
fi
printf '%s' "$AUTOGIT_ADMIN_TOKEN" | kubectl "$@" exec -i "deployment/$GITLAB_TOOLBOX" --container toolbox -- sh -c ${shellQuote(inPod)} autogit ${shellQuote(CREATE_TOKEN_RUBY)}
`;
}

/** Kubernetes target: revokes the token; nothing to do when the toolbox (GitLab) is already gone. */
export function revokeAdminTokenKubectlScript(): string {
  return `${KUBECTL_PRELUDE}if ! kubectl "$@" get "deployment/$GITLAB_TOOLBOX" >/dev/null 2>&1; then exit 0; fi
kubectl "$@" exec "deployment/$GITLAB_TOOLBOX" --container toolbox -- gitlab-rails runner ${shellQuote(REVOKE_TOKEN_RUBY)}
`;
}
