import { z } from "zod";
import { DEFAULT_CHART_VERSIONS, DEFAULT_DOCKER_HOST, DEFAULT_IMAGE_VERSIONS, DEFAULT_KUBERNETES_NAMESPACES, DEFAULT_NODE_PORTS, NODE_PORT_RANGE } from "./defaults.js";
import { dnsSchema } from "./dns-schema.js";
import { dnsLabel, dnsName, email, gotSuffix, pinnedVersion, port } from "./fields.js";
import { runnerHostSchema } from "./runner-host-schema.js";
import { ssoSchema } from "./sso-schema.js";
import { tlsSchema } from "./tls-schema.js";

const SEMVER = /^v?\d+\.\d+\.\d+$/;

const gitlabSchema = z.strictObject({
  /** gitlab/gitlab-ce tag, e.g. 18.11.0-ce.0. Enterprise tags are refused: this platform runs CE. */
  version: pinnedVersion("GitLab CE", DEFAULT_IMAGE_VERSIONS.gitlab, /^\d+\.\d+\.\d+-ce\.\d+$/, (value) =>
    /-ee\.\d+$/.test(value)
      ? `is a GitLab Enterprise tag; this platform runs gitlab/gitlab-ce: use ${value.replace(/-ee\./, "-ce.")}`
      : /^\d+\.\d+\.\d+$/.test(value)
        ? `must be the full gitlab/gitlab-ce tag: ${value}-ce.0`
        : undefined,
  ).default(DEFAULT_IMAGE_VERSIONS.gitlab),
  sshPort: port.default(2222),
  size: z.enum(["small", "medium"]).default("small"),
  rootEmail: email.optional(),
});

const versionsSchema = z.strictObject({
  traefik: pinnedVersion("Traefik v3", DEFAULT_IMAGE_VERSIONS.traefik, /^v3\.\d+\.\d+$/).default(DEFAULT_IMAGE_VERSIONS.traefik),
  authelia: pinnedVersion("Authelia 4.39", DEFAULT_IMAGE_VERSIONS.authelia, /^4\.\d+\.\d+$/).default(DEFAULT_IMAGE_VERSIONS.authelia),
  coredns: pinnedVersion("CoreDNS", DEFAULT_IMAGE_VERSIONS.coredns, /^\d+\.\d+\.\d+$/).default(DEFAULT_IMAGE_VERSIONS.coredns),
  gitlabRunner: pinnedVersion("GitLab Runner", DEFAULT_IMAGE_VERSIONS.gitlabRunner, /^v\d+\.\d+\.\d+$/).default(
    DEFAULT_IMAGE_VERSIONS.gitlabRunner,
  ),
});

const dockerHost = z.string().refine((value) => /^(unix:\/\/\/.+|ssh:\/\/([^@/\s]+@)?[^:/\s]+(:\d+)?|tcp:\/\/[^:/\s]+(:\d+)?)$/.test(value), {
  error: (issue) => `must be a Docker host URI: unix:///var/run/docker.sock, ssh://user@host[:port] or tcp://host:2376${gotSuffix(issue.input)}`,
});

export const dockerSchema = z.strictObject({
  host: dockerHost.default(DEFAULT_DOCKER_HOST),
  network: z.string().regex(/^[a-zA-Z0-9][a-zA-Z0-9_.-]*$/, "must be a Docker network name").default("autogit"),
});

/** A Service node port: Kubernetes' default `--service-node-port-range`. */
const nodePort = z
  .number()
  .int()
  .refine((value) => value >= NODE_PORT_RANGE.min && value <= NODE_PORT_RANGE.max, {
    error: (issue) => `must be a node port between ${NODE_PORT_RANGE.min} and ${NODE_PORT_RANGE.max}${gotSuffix(issue.input)}`,
  });

export const kubernetesSchema = z.strictObject({
  namespace: dnsLabel.default(DEFAULT_KUBERNETES_NAMESPACES.platform),
  runnerNamespace: dnsLabel.default(DEFAULT_KUBERNETES_NAMESPACES.runners),
  storageClass: z.string().min(1).optional(),
  serviceType: z.enum(["LoadBalancer", "NodePort"]).default("LoadBalancer"),
  ingressClass: dnsLabel.default("traefik"),
  /** `serviceType: NodePort` only; distinctness is a cross-field rule (`rules-kubernetes.ts`). */
  nodePorts: z
    .strictObject({
      web: nodePort.default(DEFAULT_NODE_PORTS.web),
      websecure: nodePort.default(DEFAULT_NODE_PORTS.websecure),
      ssh: nodePort.default(DEFAULT_NODE_PORTS.ssh),
      dns: nodePort.default(DEFAULT_NODE_PORTS.dns),
    })
    .prefault({}),
  charts: z
    .strictObject({
      traefik: pinnedVersion("Traefik chart", DEFAULT_CHART_VERSIONS.traefik, SEMVER).default(DEFAULT_CHART_VERSIONS.traefik),
      certManager: pinnedVersion("cert-manager chart", DEFAULT_CHART_VERSIONS.certManager, SEMVER).default(DEFAULT_CHART_VERSIONS.certManager),
      /** Default derived from gitlab.version. */
      gitlab: pinnedVersion("GitLab chart", "9.11.0", SEMVER).optional(),
      /** Default derived from versions.gitlabRunner. */
      gitlabRunner: pinnedVersion("GitLab Runner chart", "0.88.0", SEMVER).optional(),
    })
    .prefault({}),
});

/**
 * The `autogit:` namespace of a stack. Field-level rules live in the schemas; rules spanning fields
 * (target-specific sections, uniqueness, references) in `rules.ts`.
 */
export const platformConfigSchema = z.object({
  target: z.enum(["docker", "kubernetes"]),
  domain: dnsName,
  hostnames: z.strictObject({ gitlab: dnsName.optional(), auth: dnsName.optional(), traefik: dnsName.optional() }).prefault({}),
  tls: tlsSchema.prefault({}),
  sso: ssoSchema,
  dns: dnsSchema.prefault({}),
  gitlab: gitlabSchema.prefault({}),
  versions: versionsSchema.prefault({}),
  runnerHosts: z.array(runnerHostSchema).min(1, "must list at least one runner host"),
  docker: dockerSchema.optional(),
  kubernetes: kubernetesSchema.optional(),
});

/** The config as a user writes it: everything with a default is optional. */
export type PlatformConfigInput = z.input<typeof platformConfigSchema>;
/** The schema's output before cross-field rules and target-specific defaults. */
export type ParsedPlatformConfig = z.output<typeof platformConfigSchema>;

/** Top-level keys of the `autogit:` namespace. */
export const PLATFORM_CONFIG_KEYS = Object.keys(platformConfigSchema.shape) as readonly (keyof PlatformConfigInput)[];
