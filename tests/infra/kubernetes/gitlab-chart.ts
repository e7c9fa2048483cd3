/**
 * What the GitLab chart (9.x, `charts/gitlab/charts/gitlab-shell/templates/`) renders for Git over SSH from the values
 * we give it. No Helm runs here, so the two templates that matter are restated, line for line:
 *
 * - `service.yaml`: the `<release>-gitlab-shell` Service's `ssh` port is `include "gitlab.shell.port"`, i.e.
 *   `default 22 .Values.global.shell.port`.
 * - `traefik-tcp-ingressroute.yaml`: rendered whenever `global.ingress.provider` is `traefik` (no switch turns it
 *   off); `entryPoints: [.Values.traefik.entrypoint]` (subchart default `gitlab-shell`), one route `HostSNI(*)` to
 *   the same Service on `include "gitlab.shell.port"`.
 */

/** Default of `gitlab.gitlab-shell.traefik.entrypoint` in the subchart's values.yaml. */
const CHART_DEFAULT_ENTRYPOINT = "gitlab-shell";

export interface ChartShell {
  readonly service: { readonly name: string; readonly port: number };
  /** The chart's IngressRouteTCP, undefined when the provider is not Traefik. */
  readonly route: { readonly entryPoints: readonly string[]; readonly backend: { readonly name: string; readonly port: number } } | undefined;
}

const record = (value: unknown): Record<string, unknown> => (typeof value === "object" && value !== null ? (value as Record<string, unknown>) : {});

export function gitlabChartShell(release: string, values: Record<string, unknown>): ChartShell {
  const global = record(values["global"]);
  const port = Number(record(global["shell"])["port"] ?? 22);
  const name = `${release}-gitlab-shell`;
  const set = record(record(record(values["gitlab"])["gitlab-shell"])["traefik"])["entrypoint"];
  const entrypoint = typeof set === "string" ? set : CHART_DEFAULT_ENTRYPOINT;
  const traefik = record(global["ingress"])["provider"] === "traefik";
  return {
    service: { name, port },
    route: traefik ? { entryPoints: [entrypoint], backend: { name, port } } : undefined,
  };
}
