import { parse } from "smol-toml";
import { describe, expect, it } from "vitest";
import {
  DEFAULT_JOB_IMAGE,
  gitlabRunnerConfigToml,
  gitlabRunnerRegistration,
  jobImagePlatform,
  renderGitlabRunnerConfig,
} from "../../../src/platform/render/index.js";
import type { GitlabRunnerConfig } from "../../../src/platform/render/index.js";
import type { DockerPlatformSpec, DockerRunnerHost } from "../../../src/platform/spec/index.js";
import { gitlabRunnerTags } from "../../../src/platform/spec/index.js";
import { TLS_CASES, dockerSpec, fleetSpec, shippedStacks } from "./specs.js";

const TOKEN = "glrt-t1_AbCdEfGhIjKlMnOpQrSt";

/** The config as gitlab-runner reads it: rendered, written as TOML, parsed back. */
function asRunnerReadsIt(spec: DockerPlatformSpec, host: DockerRunnerHost, params: Partial<Parameters<typeof renderGitlabRunnerConfig>[2]> = {}): GitlabRunnerConfig {
  const config = renderGitlabRunnerConfig(spec, host, { token: TOKEN, ...params });
  const read = parse(gitlabRunnerConfigToml(config)) as unknown as GitlabRunnerConfig;
  expect(read).toEqual(config);
  return read;
}

function hostWithGpu(gpu: unknown): { spec: DockerPlatformSpec; host: DockerRunnerHost } {
  const spec = dockerSpec({ runnerHosts: [{ name: "gpu-box", arch: "amd64", gpu, capacity: 3 }] });
  return { spec, host: spec.runnerHosts[0] };
}

describe("gitlab-runner config.toml", () => {
  it("round-trips through TOML for every host of every stack and of a large fleet, unprivileged", async () => {
    const specs = [...(await shippedStacks()).flatMap((stack) => (stack.spec.target === "docker" ? [stack.spec] : [])), fleetSpec(24)];
    let hosts = 0;
    for (const spec of specs) {
      for (const host of spec.runnerHosts) {
        const config = asRunnerReadsIt(spec, host);
        expect(config.runners).toHaveLength(1);
        expect(config.runners[0]?.docker.privileged, host.name).toBe(false);
        hosts += 1;
      }
    }
    expect(hosts).toBeGreaterThan(24);
  });

  it("runs as many jobs as the host's capacity with the Docker executor against the platform's GitLab", () => {
    const { spec, host } = hostWithGpu(undefined);
    const config = asRunnerReadsIt(spec, host);
    expect(config.concurrent).toBe(3);
    expect(config.runners[0]).toMatchObject({ name: "gpu-box", url: "https://gitlab.lab.home.arpa", token: TOKEN, executor: "docker", limit: 3 });
    expect(config.runners[0]?.docker).toMatchObject({ image: DEFAULT_JOB_IMAGE, volumes: ["/cache"], pull_policy: ["always", "if-not-present"], dns: ["192.168.1.10"] });
    expect(config.runners[0]?.docker.allowed_pull_policies).toEqual(expect.arrayContaining([...(config.runners[0]?.docker.pull_policy ?? [])]));
  });

  it("gives NVIDIA hosts all GPUs or the configured count through gpus", () => {
    const all = hostWithGpu({ vendor: "nvidia" });
    expect(asRunnerReadsIt(all.spec, all.host).runners[0]?.docker).toMatchObject({ gpus: "all" });
    const two = hostWithGpu({ vendor: "nvidia", count: 2 });
    const docker = asRunnerReadsIt(two.spec, two.host).runners[0]?.docker;
    expect(docker?.gpus).toBe("2");
    expect(docker?.devices).toBeUndefined();
  });

  it("gives AMD hosts /dev/kfd and /dev/dri with the host's gids of gpu.groups, as gitlab-runner's group_add strings", () => {
    const { spec, host } = hostWithGpu({ vendor: "amd", groups: [44, "993"] });
    const config = renderGitlabRunnerConfig(spec, host, { token: TOKEN });
    const toml = gitlabRunnerConfigToml(config);
    // gitlab-runner decodes group_add into []string: a TOML integer array would not load.
    expect(toml).toContain('group_add = [ "44", "993" ]');
    const docker = asRunnerReadsIt(spec, host).runners[0]?.docker;
    expect(docker).toMatchObject({ devices: ["/dev/kfd", "/dev/dri"], group_add: ["44", "993"], privileged: false });
    expect(docker?.gpus).toBeUndefined();
  });

  it("gives Intel hosts /dev/dri with the groups of gpu.groups, names as written", () => {
    const { spec, host } = hostWithGpu({ vendor: "intel", groups: ["render"] });
    expect(asRunnerReadsIt(spec, host).runners[0]?.docker).toMatchObject({ devices: ["/dev/dri"], group_add: ["render"], privileged: false });
  });

  it("adds no group, not even by name, to AMD and Intel hosts without gpu.groups or with an empty list", () => {
    for (const gpu of [{ vendor: "amd" }, { vendor: "intel" }, { vendor: "amd", groups: [] }]) {
      const { spec, host } = hostWithGpu(gpu);
      const config = asRunnerReadsIt(spec, host);
      expect(config.runners[0]?.docker.devices, gpu.vendor).toBeDefined();
      expect(config.runners[0]?.docker.group_add, gpu.vendor).toBeUndefined();
      expect(gitlabRunnerConfigToml(config)).not.toContain("group_add");
    }
  });

  it("gives hosts without a GPU no devices", () => {
    const { spec, host } = hostWithGpu(undefined);
    const docker = asRunnerReadsIt(spec, host).runners[0]?.docker;
    expect([docker?.gpus, docker?.devices, docker?.group_add]).toEqual([undefined, undefined, undefined]);
  });

  it("refuses a GPU count it cannot honour for device-file GPUs, naming the host and the fix", () => {
    // The spec refuses this first (tests/platform/spec); the renderer guards specs built without the parser.
    const { spec, host } = hostWithGpu({ vendor: "amd" });
    expect(() => renderGitlabRunnerConfig(spec, { ...host, gpu: { vendor: "amd", count: 1 } }, { token: TOKEN })).toThrow(/runner host "gpu-box": gpu\.count 1 .*set gpu\.count to all/);
  });

  it("trusts the local CA only in local-ca mode", () => {
    const local = dockerSpec({ tls: { mode: "local-ca" } });
    expect(asRunnerReadsIt(local, local.runnerHosts[0]).runners[0]?.["tls-ca-file"]).toBe("/etc/gitlab-runner/certs/ca.crt");
    const acme = TLS_CASES.find((c) => c.name === "acme-http01")!.spec();
    expect(asRunnerReadsIt(acme, acme.runnerHosts[0]).runners[0]?.["tls-ca-file"]).toBeUndefined();
  });

  it("refuses anything but a runner authentication token, without echoing it", () => {
    const spec = dockerSpec();
    const legacy = "GR1348941abcdefsecretsecret";
    let message = "";
    try {
      renderGitlabRunnerConfig(spec, spec.runnerHosts[0], { token: legacy });
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toMatch(/glrt-/);
    expect(message).not.toContain(legacy);
  });
});

describe("runner registration", () => {
  it("registers the host's tags, including emulated arches and the GPU, and only runs tagged jobs", () => {
    const spec = dockerSpec({ runnerHosts: [{ name: "nuc", arch: "amd64", emulate: ["riscv64"], gpu: { vendor: "intel" }, labels: ["big"] }] });
    const host = spec.runnerHosts[0];
    const registration = gitlabRunnerRegistration(host);
    expect(registration.tag_list).toEqual(["arch:amd64", "arch:riscv64", "gpu", "gpu:intel", "big"]);
    expect(registration.tag_list).toEqual(gitlabRunnerTags(host));
    expect(registration).toMatchObject({ runner_type: "instance_type", run_untagged: false, description: "nuc (amd64, riscv64, intel GPU)" });
  });

  it("names the image platform jobs of an emulated arch ask for", () => {
    expect(jobImagePlatform("riscv64")).toBe("linux/riscv64");
  });
});
