/** The action's inputs, named as users write them in `with:`; validation messages name them the same way. */
export const Input = {
  mode: "mode",
  githubToken: "github-token",
  githubApiUrl: "github-api-url",
  repository: "repository",
  organization: "organization",
  runnerGroup: "runner-group",
  labels: "labels",
  arch: "arch",
  gpu: "gpu",
  gpuCount: "gpu-count",
  gpuGroups: "gpu-groups",
  image: "image",
  pull: "pull",
  network: "network",
  dockerHost: "docker-host",
  dockerTlsCa: "docker-tls-ca",
  dockerTlsCert: "docker-tls-cert",
  dockerTlsKey: "docker-tls-key",
  dockerSshKey: "docker-ssh-key",
  dockerInsecureTcp: "docker-insecure-tcp",
  startTimeout: "start-timeout",
  idleTimeout: "idle-timeout",
  maxLifetime: "max-lifetime",
  stopTimeout: "stop-timeout",
  gracePeriod: "grace-period",
  cpus: "cpus",
  memory: "memory",
  pidsLimit: "pids-limit",
  label: "label",
} as const;
export type InputName = (typeof Input)[keyof typeof Input];
export const INPUT_NAMES = Object.values(Input);

/** Every input as the raw string the workflow gave (empty when not set). */
export type RawInputs = Readonly<Record<InputName, string>>;

export const Output = {
  label: "label",
  runnerName: "runner-name",
  runnerId: "runner-id",
  containerId: "container-id",
  reaped: "reaped",
} as const;
export type OutputName = (typeof Output)[keyof typeof Output];
