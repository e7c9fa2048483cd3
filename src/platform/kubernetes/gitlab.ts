import { stringify } from "yaml";
import type { KubernetesPlatformSpec } from "../spec/index.js";
import { middlewareAnnotation, tlsSecretName } from "./traefik.js";
import { gitlabEnvironment } from "../render/gitlab-omnibus.js";
import { gitlabOidcProvider } from "../render/gitlab-oidc-provider.js";
import { TraefikName } from "../render/traefik-dynamic.js";
import { TraefikEntryPoint } from "../render/traefik-entrypoints.js";

/**
 * GitLab CE through the official chart: its bundled cert-manager, NGINX ingress, runner and Prometheus off; Traefik
 * serves its Ingress with our Certificate's Secret; users sign in through Authelia (OIDC); Git over SSH comes in
 * through Traefik's `ssh` entry point. Sized for a small team unless `gitlab.size: medium`.
 *
 * Git over SSH: with `global.ingress.provider: traefik` the chart always renders its own IngressRouteTCP
 * (`<release>-gitlab-shell`, no switch turns it off), to its gitlab-shell Service on `global.shell.port` — the port
 * clone URLs show, `gitlab.sshPort`. So that route is the only one: it is pointed at our `ssh` entry point (the
 * chart's default, `gitlab-shell`, does not exist), and AutoGit declares no route of its own.
 */

export const GITLAB_SECRETS = {
  /** `password`: the initial root password. */
  rootPassword: "gitlab-initial-root-password",
  /** `provider`: the OmniAuth provider YAML for Authelia, client secret included. */
  oidcProvider: "gitlab-oidc-provider",
} as const;

/**
 * GitLab's OmniAuth `openid_connect` provider for Authelia, as the chart reads it from a Secret (YAML): the same
 * provider as the Docker target's gitlab.rb, with the plain client secret in place of gitlab.rb's file read.
 */
export function oidcProviderYaml(spec: KubernetesPlatformSpec, clientSecret: string): string {
  return stringify(gitlabOidcProvider(spec, clientSecret));
}

/** Traefik entry point the chart's gitlab-shell IngressRouteTCP listens on (`gitlab.gitlab-shell.traefik.entrypoint`). */
export const GITLAB_SHELL_ENTRYPOINT = TraefikEntryPoint.ssh;

function sizing(size: KubernetesPlatformSpec["gitlab"]["size"]): { readonly shell: Record<string, unknown>; readonly others: Record<string, unknown> } {
  if (size === "medium") return { shell: {}, others: {} };
  // One of everything and modest requests: a single-team instance on a 3-node cluster with ~8 GiB free.
  const fixed = (min: number) => ({ minReplicas: min, maxReplicas: min });
  return {
    shell: fixed(1),
    others: {
      webservice: { ...fixed(1), workerProcesses: 2, resources: { requests: { cpu: "300m", memory: "2.5Gi" } } },
      sidekiq: { ...fixed(1), resources: { requests: { cpu: "200m", memory: "1Gi" } } },
      "gitlab-exporter": { enabled: false },
    },
  };
}

export interface GitlabValuesInput {
  readonly spec: KubernetesPlatformSpec;
}

/** Values of the GitLab chart. Secret values are never here: only the names of the Secrets that hold them. */
export function gitlabValues({ spec }: GitlabValuesInput): Record<string, unknown> {
  const { kubernetes, gitlab } = spec;
  const ns = kubernetes.namespace;
  const storage = kubernetes.storageClass === undefined ? {} : { storageClass: kubernetes.storageClass };
  const sized = sizing(gitlab.size);
  return {
    global: {
      edition: "ce",
      hosts: { domain: spec.domain, https: true, gitlab: { name: spec.hostnames.gitlab, https: true }, ssh: spec.hostnames.gitlab },
      ingress: {
        enabled: true,
        class: kubernetes.ingressClass,
        provider: "traefik",
        configureCertmanager: false,
        tls: { enabled: true, secretName: tlsSecretName("gitlab") },
        annotations: {
          "traefik.ingress.kubernetes.io/router.entrypoints": "websecure",
          "traefik.ingress.kubernetes.io/router.tls": "true",
          "traefik.ingress.kubernetes.io/router.middlewares": middlewareAnnotation(ns, TraefikName.gitlabHeaders),
        },
      },
      // The gitlab-shell Service's port and the clone URLs' port; Traefik's `ssh` entry point publishes the same.
      shell: { port: gitlab.sshPort },
      initialRootPassword: { secret: GITLAB_SECRETS.rootPassword, key: "password" },
      appConfig: {
        omniauth: {
          enabled: true,
          allowSingleSignOn: ["openid_connect"],
          autoLinkUser: ["openid_connect"],
          blockAutoCreatedUsers: false,
          syncProfileFromProvider: ["openid_connect"],
          syncProfileAttributes: ["email", "name"],
          providers: [{ secret: GITLAB_SECRETS.oidcProvider, key: "provider" }],
        },
      },
      // local-ca: GitLab must trust Authelia's certificate for OIDC discovery; every cert-manager CA-issued Secret
      // carries the root as ca.crt.
      ...(spec.tls.mode === "local-ca" ? { certificates: { customCAs: [{ secret: tlsSecretName("auth"), keys: ["ca.crt"] }] } } : {}),
      kas: { enabled: false },
      pages: { enabled: false },
    },
    installCertmanager: false,
    "nginx-ingress": { enabled: false },
    "gitlab-runner": { install: false },
    prometheus: { install: false },
    registry: { enabled: false },
    gitlab: {
      ...sized.others,
      "gitlab-shell": { ...sized.shell, traefik: { entrypoint: GITLAB_SHELL_ENTRYPOINT } },
      gitaly: { persistence: { size: "50Gi", ...storage } },
      // The migrations job seeds the root account; GitLab reads its email from the environment (as Omnibus does).
      migrations: { extraEnv: { ...gitlabEnvironment(spec) } },
    },
    postgresql: { primary: { persistence: { size: "8Gi", ...storage } } },
    redis: { master: { persistence: { ...storage } } },
    // Object storage stays internal: Workhorse proxies uploads and downloads, so MinIO needs no public host.
    minio: { persistence: { size: "20Gi", ...storage }, ingress: { enabled: false } },
  };
}
