/**
 * Where the Helm charts come from, and the images of the node agents AutoGit runs as its own manifests. Chart
 * versions are the spec's (`kubernetes.charts`); the node-agent images are pinned here so a bump is one reviewed line.
 */

/** A chart as `helm install --repo <repo> <chart> --version <version>` takes it. */
export interface ChartRef {
  readonly repo: string;
  readonly chart: string;
}

export const CHARTS = {
  traefik: { repo: "https://traefik.github.io/charts", chart: "traefik" },
  certManager: { repo: "https://charts.jetstack.io", chart: "cert-manager" },
  gitlab: { repo: "https://charts.gitlab.io", chart: "gitlab" },
  gitlabRunner: { repo: "https://charts.gitlab.io", chart: "gitlab-runner" },
} as const satisfies Readonly<Record<string, ChartRef>>;

/** Images of the DaemonSets AutoGit declares itself (device plugins, binfmt). Never `latest`. */
export const NODE_AGENT_IMAGES = {
  nvidiaDevicePlugin: "nvcr.io/nvidia/k8s-device-plugin:v0.17.4",
  amdDevicePlugin: "docker.io/rocm/k8s-device-plugin:1.31.0.10",
  intelGpuPlugin: "docker.io/intel/intel-gpu-plugin:0.32.1",
  /** QEMU user-mode emulators registered with binfmt_misc (`--install <arches>`). */
  binfmt: "docker.io/tonistiigi/binfmt:qemu-v9.2.2",
  /** Keeps a DaemonSet pod alive once its init container has done the work. */
  pause: "registry.k8s.io/pause:3.10",
} as const;

/** Namespace of cert-manager itself; ClusterIssuer credentials (DNS-01, the local CA) live here. */
export const CERT_MANAGER_NAMESPACE = "cert-manager";
/** Node agents (device plugins, binfmt) run beside the cluster's own, outside Pod Security admission. */
export const NODE_AGENT_NAMESPACE = "kube-system";

/** Helm release names: Service names derive from them (`gitlab-gitlab-shell`, `authelia`, `traefik`). */
export const RELEASES = {
  traefik: "traefik",
  certManager: "cert-manager",
  authelia: "authelia",
  gitlab: "gitlab",
} as const;

/** Services the GitLab chart creates that Traefik routes to. */
export const GITLAB_SERVICES = {
  /** GitLab Shell (sshd), on `global.shell.port` (= `gitlab.sshPort`): the target of the chart's `ssh` route. */
  shell: `${RELEASES.gitlab}-gitlab-shell`,
} as const;

/** `app.kubernetes.io/*` labels of an object AutoGit declares directly. */
export function standardLabels(component: string, instance = component): Readonly<Record<string, string>> {
  return {
    "app.kubernetes.io/name": component,
    "app.kubernetes.io/instance": instance,
    "app.kubernetes.io/part-of": "autogit",
    "app.kubernetes.io/managed-by": "pulumi",
  };
}

/** The selector subset of `standardLabels`: stable across upgrades. */
export function selectorLabels(component: string, instance = component): Readonly<Record<string, string>> {
  return { "app.kubernetes.io/name": component, "app.kubernetes.io/instance": instance };
}
