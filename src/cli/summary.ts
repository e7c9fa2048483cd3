import type { PlatformSpec } from "../platform/spec/index.js";
import { dockerHostUri, gitlabRunnerTags, servedArches } from "../platform/spec/index.js";

/** A short human summary of a valid spec: what `pulumi up` would build. Contains no secret. */
export function summarizeSpec(spec: PlatformSpec): string[] {
  const lines: string[] = [];
  const row = (key: string, value: string): void => {
    lines.push(`  ${key.padEnd(9)} ${value}`);
  };
  row(
    "target",
    spec.target === "docker"
      ? `docker (${spec.docker.host}, network ${spec.docker.network})`
      : `kubernetes (namespaces ${spec.kubernetes.namespace}, ${spec.kubernetes.runnerNamespace}; ${spec.kubernetes.serviceType})`,
  );
  row("domain", `${spec.domain}: ${spec.hostnames.gitlab}, ${spec.hostnames.auth}, ${spec.hostnames.traefik}`);
  row("tls", spec.tls.mode === "local-ca" ? "local-ca" : `${spec.tls.mode} (${spec.tls.email}${spec.tls.staging ? ", staging" : ""}${spec.tls.mode === "acme-dns01" ? `, ${spec.tls.dns01.provider}` : ""})`);
  row("gitlab", `${spec.gitlab.version} (${spec.gitlab.size}), ssh port ${spec.gitlab.sshPort}`);
  const admins = spec.sso.users.filter((user) => user.groups.includes(spec.sso.adminGroup)).map((user) => user.username);
  row("sso", `${spec.sso.users.length} user${spec.sso.users.length === 1 ? "" : "s"}, ${spec.sso.adminGroup}: ${admins.join(", ")}, ${spec.sso.policy}`);
  row("dns", `${spec.dns.lanAddress ?? "Traefik's LoadBalancer address"}; upstreams ${spec.dns.upstreams.join(", ")}; ${spec.dns.records.length} extra record(s)`);
  lines.push(`  runner ${spec.target === "docker" ? "hosts" : "pools"}:`);
  const rows = spec.runnerHosts.map((host) => [
    host.name,
    servedArches(host).join("+"),
    host.gpu === undefined ? "" : `${host.gpu.vendor} GPU × ${host.gpu.count}`,
    "connection" in host ? dockerHostUri(host.connection) : `${host.replicas} replica${host.replicas === 1 ? "" : "s"}`,
    `${host.capacity} concurrent`,
    `tags ${gitlabRunnerTags(host).join(",")}`,
  ]);
  const widths = rows[0]?.map((_, column) => Math.max(...rows.map((cells) => cells[column]?.length ?? 0))) ?? [];
  for (const cells of rows) {
    lines.push(`    ${cells.map((cell, column) => cell.padEnd(widths[column] ?? 0)).join("  ").trimEnd()}`);
  }
  return lines;
}
