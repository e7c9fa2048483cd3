import { gitlabChartVersionFor, gitlabRunnerChartVersionFor, releaseLine } from "./chart-versions.js";
import type { PlatformConfigIssue } from "./errors.js";
import { PlatformConfigError } from "./errors.js";
import { toPlatformIssues } from "./issues.js";
import type { ParsedPlatformConfig } from "./platform-schema.js";
import { PLATFORM_CONFIG_KEYS, dockerSchema, kubernetesSchema, platformConfigSchema } from "./platform-schema.js";
import { crossFieldIssues, effectiveTlsMode, secretReferences } from "./rules.js";
import { absoluteName } from "./rules-dns.js";
import type {
  DnsSpec,
  DockerRunnerHost,
  GpuSpec,
  HostGpuVendor,
  KubernetesSpec,
  NativeArch,
  PlatformSpec,
  RunnerHostBase,
  RunnerPool,
  SsoSpec,
  TlsSpec,
} from "./types.js";

/**
 * Parses the `autogit:` namespace of a stack (keys without the prefix) into a typed, defaulted spec.
 * Throws one `PlatformConfigError` listing every problem; nothing is declared before this returns.
 */
export function parsePlatformSpec(raw: unknown): PlatformSpec {
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) {
    throw new PlatformConfigError([{ path: "", message: "The stack has no autogit: configuration; see docs/configuration.md" }]);
  }
  const result = platformConfigSchema.safeParse(raw);
  const issues = [...(result.success ? [] : toPlatformIssues(result.error, raw, platformConfigSchema)), ...crossFieldIssues(raw)];
  if (result.success) issues.push(...versionIssues(result.data));
  if (issues.length > 0 || !result.success) throw new PlatformConfigError(ordered(dedupe(issues)));
  return assemble(result.data, raw);
}

function versionIssues(config: ParsedPlatformConfig): PlatformConfigIssue[] {
  const charts = config.kubernetes?.charts;
  // Each GitLab chart ships one app release line: a chart from another line would deploy another version.
  const pairs = [
    { key: "gitlab", app: "gitlab.version", appVersion: config.gitlab.version, given: charts?.gitlab, expected: gitlabChartVersionFor(config.gitlab.version), helm: "gitlab/gitlab" },
    {
      key: "gitlabRunner",
      app: "versions.gitlabRunner",
      appVersion: config.versions.gitlabRunner,
      given: charts?.gitlabRunner,
      expected: gitlabRunnerChartVersionFor(config.versions.gitlabRunner),
      helm: "gitlab/gitlab-runner",
    },
  ] as const;
  const issues: PlatformConfigIssue[] = [];
  for (const { key, app, appVersion, given, expected, helm } of pairs) {
    const path = `kubernetes.charts.${key}`;
    if (given !== undefined && expected !== undefined && releaseLine(given) !== releaseLine(expected)) {
      issues.push({ path, message: `must ship ${app} ${appVersion}: use chart ${releaseLine(expected) ?? ""}.x (got "${given}"), or remove it to derive it` });
    }
    if (config.target === "kubernetes" && given === undefined && expected === undefined) {
      issues.push({ path, message: `is required: no chart is known for ${app} ${appVersion}; find it with \`helm search repo ${helm} --versions\`` });
    }
  }
  return issues;
}

function dedupe(issues: readonly PlatformConfigIssue[]): PlatformConfigIssue[] {
  const seen = new Set<string>();
  return issues.filter((issue) => {
    const key = `${issue.path}\u0000${issue.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** In the order of the documented keys, then by path (numeric-aware), so the list reads like the file. */
function ordered(issues: readonly PlatformConfigIssue[]): PlatformConfigIssue[] {
  const rank = (path: string): number => {
    const top = /^[^.[]*/.exec(path)?.[0] ?? "";
    const index = (PLATFORM_CONFIG_KEYS as readonly string[]).indexOf(top);
    return index === -1 ? PLATFORM_CONFIG_KEYS.length : index;
  };
  return issues
    .map((issue, index) => ({ issue, index }))
    .sort((a, b) => rank(a.issue.path) - rank(b.issue.path) || a.issue.path.localeCompare(b.issue.path, "en", { numeric: true }) || a.index - b.index)
    .map(({ issue }) => issue);
}

function assemble(config: ParsedPlatformConfig, raw: unknown): PlatformSpec {
  const { domain } = config;
  const base = {
    domain,
    hostnames: {
      gitlab: config.hostnames.gitlab ?? `gitlab.${domain}`,
      auth: config.hostnames.auth ?? `auth.${domain}`,
      traefik: config.hostnames.traefik ?? `traefik.${domain}`,
    },
    tls: tlsSpec(config, raw),
    sso: ssoSpec(config),
    dns: dnsSpec(config),
    gitlab: { ...config.gitlab, rootEmail: config.gitlab.rootEmail ?? `admin@${domain}` },
    versions: config.versions,
    secretKeys: [...new Set(secretReferences(raw).map((ref) => ref.key))],
  };
  if (config.target === "docker") {
    const lanAddress = config.dns.lanAddress;
    // Checked by the rules; restated for the type.
    if (lanAddress === undefined) throw new PlatformConfigError([{ path: "dns.lanAddress", message: "is required for target docker" }]);
    return {
      ...base,
      target: "docker",
      dns: { ...base.dns, lanAddress },
      docker: config.docker ?? dockerSchema.parse({}),
      runnerHosts: config.runnerHosts.map(
        (host): DockerRunnerHost => ({ ...hostBase(host), connection: host.connection ?? { kind: "local" } }),
      ),
    };
  }
  return {
    ...base,
    target: "kubernetes",
    kubernetes: kubernetesSpec(config),
    runnerHosts: config.runnerHosts.map(
      (host): RunnerPool => ({
        ...hostBase(host, 1),
        replicas: host.replicas ?? 1,
        nodeSelector: host.nodeSelector ?? {},
        tolerations: host.tolerations ?? [],
      }),
    ),
  };
}

type ParsedHost = ParsedPlatformConfig["runnerHosts"][number];

function hostBase(host: ParsedHost, defaultGpuCount: number | "all" = "all"): RunnerHostBase {
  return {
    name: host.name,
    // The schema refuses every other value.
    arch: host.arch as NativeArch,
    emulate: host.emulate as RunnerHostBase["emulate"],
    gpu: host.gpu === undefined ? undefined : gpuSpec(host.gpu, defaultGpuCount),
    capacity: host.capacity,
    labels: host.labels,
  };
}

function gpuSpec(gpu: NonNullable<ParsedHost["gpu"]>, defaultCount: number | "all"): GpuSpec {
  return {
    vendor: gpu.vendor as HostGpuVendor,
    count: gpu.count ?? defaultCount,
    // gitlab-runner's group_add is a list of strings; a gid from YAML arrives as a number.
    ...(gpu.groups === undefined ? {} : { groups: gpu.groups.map(String) }),
  };
}

function tlsSpec(config: ParsedPlatformConfig, raw: unknown): TlsSpec {
  const mode = effectiveTlsMode(raw);
  const email = config.tls.email ?? "";
  if (mode === "acme-http01") return { mode, email, staging: config.tls.staging };
  if (mode === "acme-dns01" && config.tls.dns01 !== undefined) return { mode, email, staging: config.tls.staging, dns01: config.tls.dns01 };
  return { mode: "local-ca" };
}

function ssoSpec(config: ParsedPlatformConfig): SsoSpec {
  return {
    ...config.sso,
    users: config.sso.users.map((user) => ({ ...user, displayName: user.displayName ?? user.username })),
  };
}

function dnsSpec(config: ParsedPlatformConfig): DnsSpec {
  const { records, ...rest } = config.dns;
  return {
    ...rest,
    records: records.map((record) => ({ fqdn: absoluteName(record.name, config.domain), type: record.type, value: record.value.replace(/\.$/, "") })),
  };
}

function kubernetesSpec(config: ParsedPlatformConfig): KubernetesSpec {
  const { charts, ...rest } = config.kubernetes ?? kubernetesSchema.parse({});
  return {
    ...rest,
    charts: {
      ...charts,
      // Both present: versionIssues refuses a kubernetes config where neither is set nor derivable.
      gitlab: charts.gitlab ?? gitlabChartVersionFor(config.gitlab.version) ?? "",
      gitlabRunner: charts.gitlabRunner ?? gitlabRunnerChartVersionFor(config.versions.gitlabRunner) ?? "",
    },
  };
}
