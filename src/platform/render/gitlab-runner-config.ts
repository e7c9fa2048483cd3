import { stringify } from "smol-toml";
import type { Arch } from "../../runner/ports.js";
import type { DockerPlatformSpec, DockerRunnerHost, GpuSpec, RunnerHostBase } from "../spec/index.js";
import { gitlabRunnerTags, servedArches } from "../spec/index.js";
import { GITLAB_RUNNER_PATHS } from "./defaults.js";
import { httpsUrl } from "./names.js";

/** Image of jobs that name none: a pinned multi-arch tag (amd64, arm64 and riscv64 manifests). */
export const DEFAULT_JOB_IMAGE = "alpine:3.22.2";

/** Pull first, fall back to a local copy when the registry is unreachable; jobs may choose either. */
const PULL_POLICY = ["always", "if-not-present"] as const;

/** gitlab-runner `config.toml`, the subset AutoGit writes. */
export interface GitlabRunnerConfig {
  readonly concurrent: number;
  readonly check_interval: number;
  readonly shutdown_timeout: number;
  readonly log_format: string;
  readonly runners: readonly GitlabRunnerEntry[];
}

export interface GitlabRunnerEntry {
  readonly name: string;
  readonly url: string;
  /** The runner authentication token (`glrt-…`). Secret. */
  readonly token: string;
  readonly executor: "docker";
  readonly limit: number;
  readonly "tls-ca-file"?: string;
  readonly docker: GitlabRunnerDocker;
}

export interface GitlabRunnerDocker {
  readonly image: string;
  readonly privileged: false;
  readonly pull_policy: readonly string[];
  readonly allowed_pull_policies: readonly string[];
  readonly volumes: readonly string[];
  readonly disable_cache: boolean;
  readonly shm_size: number;
  readonly dns?: readonly string[];
  readonly gpus?: string;
  readonly devices?: readonly string[];
  readonly group_add?: readonly string[];
}

export interface GitlabRunnerConfigParams {
  /** Runner authentication token (`glrt-…`) from GitLab's runner API. The rendered config is therefore secret. */
  readonly token: string;
  /** GitLab URL. Default `https://<hostnames.gitlab>`. */
  readonly gitlabUrl?: string;
  /** CA bundle for GitLab's certificate. Default `GITLAB_RUNNER_PATHS.caFile` with `tls.mode: local-ca`, else none. */
  readonly caFile?: string;
  /** Resolvers of job containers. Default `[dns.lanAddress]`, so jobs resolve the platform's hostnames. */
  readonly dns?: readonly string[];
  /** Seconds between job requests. Default 3. */
  readonly checkInterval?: number;
  /** Default job image. Default `DEFAULT_JOB_IMAGE`. */
  readonly image?: string;
}

/**
 * `config.toml` of the gitlab-runner on one runner host (Docker executor): `concurrent` and `limit` = the host's
 * capacity, one `[[runners]]` with the given token, unprivileged job containers, a `/cache` volume, and the host's
 * GPU: NVIDIA through `gpus` (`all` or a count, needs the NVIDIA container toolkit), AMD through `/dev/kfd` and
 * `/dev/dri`, Intel through `/dev/dri`, both joining the groups of `gpu.groups` (`group_add`) and none without it.
 *
 * Tags are not in config.toml: GitLab holds them; register the runner with `gitlabRunnerRegistration(host)`.
 * gitlab-runner has no per-runner platform setting, so jobs for an emulated arch choose it themselves:
 * `image: { name: …, docker: { platform: jobImagePlatform(arch) } }` (see `jobImagePlatform`).
 */
export function renderGitlabRunnerConfig(spec: DockerPlatformSpec, host: DockerRunnerHost, params: GitlabRunnerConfigParams): GitlabRunnerConfig {
  if (!/^glrt-[\w-]+$/.test(params.token)) {
    throw new Error(`the runner token for runner host "${host.name}" must be a runner authentication token (glrt-…), as GitLab's POST /user/runners returns`);
  }
  const caFile = params.caFile ?? (spec.tls.mode === "local-ca" ? GITLAB_RUNNER_PATHS.caFile : undefined);
  const dns = params.dns ?? [spec.dns.lanAddress];
  return {
    concurrent: host.capacity,
    check_interval: params.checkInterval ?? 3,
    shutdown_timeout: 30,
    log_format: "json",
    runners: [
      {
        name: host.name,
        url: params.gitlabUrl ?? httpsUrl(spec.hostnames.gitlab),
        token: params.token,
        executor: "docker",
        limit: host.capacity,
        ...(caFile === undefined ? {} : { "tls-ca-file": caFile }),
        docker: {
          image: params.image ?? DEFAULT_JOB_IMAGE,
          privileged: false,
          pull_policy: [...PULL_POLICY],
          allowed_pull_policies: [...PULL_POLICY],
          volumes: ["/cache"],
          disable_cache: false,
          shm_size: 0,
          ...(dns.length === 0 ? {} : { dns: [...dns] }),
          ...(host.gpu === undefined ? {} : gpuAccess(host.name, host.gpu)),
        },
      },
    ],
  };
}

/** TOML text of a runner config. Holds the runner token: store and pass it as a secret. */
export function gitlabRunnerConfigToml(config: GitlabRunnerConfig): string {
  return stringify(config);
}

/** The `platform` a job sets (`image:docker:platform`) to run `arch` images, e.g. `linux/riscv64`. */
export function jobImagePlatform(arch: Arch): string {
  return `linux/${arch}`;
}

/**
 * The fields of GitLab's `POST /api/v4/user/runners` that create this host's runner: an instance runner with the
 * host's tags (`gitlabRunnerTags`: `arch:<a>` per served arch, `gpu`, `gpu:<vendor>`, labels), which picks up
 * tagged jobs only. The response's `token` is what `renderGitlabRunnerConfig` takes.
 */
export function gitlabRunnerRegistration(host: RunnerHostBase): {
  readonly runner_type: "instance_type";
  readonly description: string;
  readonly tag_list: readonly string[];
  readonly run_untagged: false;
  readonly locked: false;
} {
  const arches = servedArches(host).join(", ");
  const gpu = host.gpu === undefined ? "" : `, ${host.gpu.vendor} GPU`;
  return { runner_type: "instance_type", description: `${host.name} (${arches}${gpu})`, tag_list: gitlabRunnerTags(host), run_untagged: false, locked: false };
}

function gpuAccess(hostName: string, gpu: GpuSpec): Pick<GitlabRunnerDocker, "gpus" | "devices" | "group_add"> {
  switch (gpu.vendor) {
    case "nvidia":
      return { gpus: gpu.count === "all" ? "all" : String(gpu.count) };
    case "amd":
      requireAll(hostName, gpu);
      return { devices: ["/dev/kfd", "/dev/dri"], ...groupAdd(gpu) };
    case "intel":
      requireAll(hostName, gpu);
      return { devices: ["/dev/dri"], ...groupAdd(gpu) };
  }
}

/**
 * The groups of `gpu.groups`, never a default: Docker resolves a group name in the job image's /etc/group, which may
 * lack `render` or give it another gid than the host's device nodes, and then the job fails to start or to open them.
 */
function groupAdd(gpu: GpuSpec): Pick<GitlabRunnerDocker, "group_add"> {
  return gpu.groups === undefined || gpu.groups.length === 0 ? {} : { group_add: [...gpu.groups] };
}

function requireAll(hostName: string, gpu: GpuSpec): void {
  if (gpu.count !== "all") {
    throw new Error(
      `runner host "${hostName}": gpu.count ${gpu.count} cannot be honoured for ${gpu.vendor} GPUs on Docker, which are passed as device files (all of them); set gpu.count to all`,
    );
  }
}
