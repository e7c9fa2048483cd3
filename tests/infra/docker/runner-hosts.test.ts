import { parse } from "smol-toml";
import { beforeAll, describe, expect, it } from "vitest";
import { BINFMT_IMAGE } from "../../../infra/docker/binfmt.js";
import { REGISTRATION_REPLACE_ON_CHANGES, registerRunnerScript, updateRunnerScript } from "../../../src/platform/registration/runner-api.js";
import type { ProgramRun } from "../../support/pulumi.js";
import { mockRunnerToken, runStack } from "../../support/pulumi.js";
import { COMMAND, CONTAINER, DOCKER_PROVIDER, HOMELAB_ENV, IMAGE, container, labelsOf, uploadOf, usesProvider } from "./resources.js";

// stacks/Pulumi.homelab.yaml: tower (local, NVIDIA), pi5 (arm64 over ssh), nuc (amd64 + riscv64 under QEMU, ssh),
// buildbox (tcp with mutual TLS from the environment).
let run: ProgramRun;
beforeAll(async () => {
  run = await runStack("homelab", { env: HOMELAB_ENV });
});

const HOSTS = ["tower", "pi5", "nuc", "buildbox"] as const;

function runnerConfig(host: string): Record<string, unknown> {
  return parse(uploadOf(container(run, `autogit-runner-${host}`), "/etc/gitlab-runner/config.toml").content);
}
function runnerDocker(host: string): Record<string, unknown> {
  const runners = runnerConfig(host)["runners"] as { docker: Record<string, unknown> }[];
  return runners[0]?.docker ?? {};
}

describe("homelab stack: one provider per runner host", () => {
  it("reaches each host's engine by its own connection", () => {
    const hostOf = (host: string): unknown => run.get(DOCKER_PROVIDER, `autogit-host-${host}-engine`).inputs["host"];
    expect(HOSTS.map(hostOf)).toEqual(["unix:///var/run/docker.sock", "ssh://ci@pi5.lab.home.arpa:22", "ssh://ci@192.168.10.41:22", "tcp://buildbox.lab.home.arpa:2376"]);
    // Providers receive their inputs JSON-encoded.
    const sshOpts = JSON.parse(String(run.get(DOCKER_PROVIDER, "autogit-host-pi5-engine").inputs["sshOpts"])) as unknown;
    expect(sshOpts).toEqual(expect.arrayContaining(["BatchMode=yes"]));
  });

  it("gives the tcp host its TLS material by value, the client key as a secret", () => {
    const buildbox = run.get(DOCKER_PROVIDER, "autogit-host-buildbox-engine");
    expect(buildbox.inputs).toMatchObject({ caMaterial: HOMELAB_ENV.BUILDBOX_DOCKER_CA, certMaterial: HOMELAB_ENV.BUILDBOX_DOCKER_CERT, keyMaterial: HOMELAB_ENV.BUILDBOX_DOCKER_KEY });
    expect(buildbox.secretPaths).toContain("keyMaterial");
  });

  it("creates every host's runner image and container through that host's provider", () => {
    for (const host of HOSTS) {
      expect(usesProvider(container(run, `autogit-runner-${host}`), `autogit-host-${host}-engine`), host).toBe(true);
      expect(usesProvider(run.get(IMAGE, `autogit-host-${host}-runner-image`), `autogit-host-${host}-engine`), host).toBe(true);
    }
  });

  it("pulls the runner image for the host's own platform", () => {
    const platformOf = (host: string): unknown => run.get(IMAGE, `autogit-host-${host}-runner-image`).inputs["platform"];
    expect(HOSTS.map(platformOf)).toEqual(["linux/amd64", "linux/arm64", "linux/amd64", "linux/amd64"]);
    expect(container(run, "autogit-runner-pi5").inputs).toMatchObject({ image: "gitlab/gitlab-runner:v18.11.0", platform: "linux/arm64" });
  });
});

describe("homelab stack: QEMU binfmt", () => {
  it("registers riscv64 on the emulating host only, with a pinned privileged one-shot container", () => {
    const installs = run.ofType(CONTAINER).filter((resource) => labelsOf(resource)["dev.autogit.component"] === "binfmt");
    expect(installs.map((resource) => resource.inputs["name"])).toEqual(["autogit-binfmt-nuc"]);
    const [install] = installs;
    expect(install?.inputs).toMatchObject({ image: BINFMT_IMAGE, command: ["--install", "riscv64"], privileged: true, mustRun: false, attach: true, restart: "no" });
    expect(BINFMT_IMAGE).toMatch(/^tonistiigi\/binfmt:qemu-v\d+\.\d+\.\d+$/);
    expect(usesProvider(install, "autogit-host-nuc-engine")).toBe(true);
  });
});

describe("homelab stack: GitLab runner managers", () => {
  it("registers each host as an instance runner with its tags, through a command holding the admin token as a secret", () => {
    const registration = run.get(COMMAND, "autogit-host-nuc-registration-api");
    const env = registration.inputs["environment"] as Record<string, string>;
    expect(env).toMatchObject({
      GITLAB_URL: "https://git.lab.home.arpa",
      GITLAB_ADDRESS: "192.168.10.5",
      RUNNER_TAGS: "arch:amd64,arch:riscv64",
      RUNNER_DESCRIPTION: "autogit nuc (amd64, riscv64)",
    });
    expect(env["GITLAB_CA_CERT"]).toContain("BEGIN CERTIFICATE");
    expect(registration.secretPaths.some((path) => path === "environment" || path === "environment.GITLAB_TOKEN")).toBe(true);
    expect(registration.inputs["create"]).toBe(registerRunnerScript());
    expect(registration.inputs["logging"]).toBe("stderr");
    const tower = run.get(COMMAND, "autogit-host-tower-registration-api").inputs["environment"] as Record<string, string>;
    expect(tower["RUNNER_TAGS"]).toBe("arch:amd64,gpu,gpu:nvidia,cuda");
  });

  it("replaces a registration only when the runner's identity changes, never when the admin token is rotated", () => {
    const registration = run.get(COMMAND, "autogit-host-nuc-registration-api");
    const env = registration.inputs["environment"] as Record<string, string>;
    expect(registration.inputs["triggers"]).toEqual(["https://git.lab.home.arpa", "autogit nuc (amd64, riscv64)", "arch:amd64,arch:riscv64"]);
    expect(JSON.stringify(registration.inputs["triggers"])).not.toContain(String(env["GITLAB_TOKEN"]));
    expect([...REGISTRATION_REPLACE_ON_CHANGES]).toEqual(["triggers"]);
    // Any other change (a new admin token) runs update, which keeps a runner whose own token still verifies.
    expect(registration.inputs["update"]).toBe(updateRunnerScript());
    expect(updateRunnerScript()).toContain("/api/v4/runners/verify");
  });

  it("names the admin token's value resource by URN, for the pulumi up --replace that rotates it", () => {
    const env = run.get(COMMAND, "autogit-host-nuc-registration-api").inputs["environment"] as Record<string, string>;
    // The engine's URN of that resource (the mock engine abbreviates the parent type chain the real one writes out).
    expect(env["ADMIN_TOKEN_URN"]).toMatch(/^urn:pulumi:homelab::autogit::\S*\$random:index\/randomPassword:RandomPassword::autogit-gitlab-admin-token-value$/);
  });

  it("never puts a token on a command line: the scripts read it from the environment", () => {
    const adminTokenValue = run.get("random:index/randomPassword:RandomPassword", "autogit-gitlab-admin-token-value");
    expect(adminTokenValue.inputs).toMatchObject({ special: false });
    for (const command of run.ofType(COMMAND)) {
      for (const field of ["create", "delete"]) {
        const script = String(command.inputs[field]);
        expect(script).not.toContain("mock-random");
        expect(script).not.toContain("glrt-mock");
      }
    }
    expect(registerRunnerScript()).toContain("--header @-");
    expect(registerRunnerScript()).toContain("run_untagged=false");
    expect(registerRunnerScript()).toContain("runner_type=instance_type");
  });

  it("renders config.toml with the registration's glrt- token, uploaded as a secret", () => {
    const upload = uploadOf(container(run, "autogit-runner-pi5"), "/etc/gitlab-runner/config.toml");
    expect(upload.secret).toBe(true);
    const config = runnerConfig("pi5");
    expect(config["concurrent"]).toBe(1);
    expect(config["runners"]).toEqual([
      expect.objectContaining({ name: "pi5", url: "https://git.lab.home.arpa", token: mockRunnerToken("autogit-host-pi5-registration-api"), executor: "docker" }),
    ]);
  });

  it("gives GPU access to the jobs of the GPU host only", () => {
    expect(runnerDocker("tower")["gpus"]).toBe("all");
    expect(runnerDocker("tower")["group_add"]).toBeUndefined();
    for (const host of ["pi5", "nuc", "buildbox"]) {
      expect(runnerDocker(host)["gpus"], host).toBeUndefined();
      expect(runnerDocker(host)["devices"], host).toBeUndefined();
      expect(runnerDocker(host)["group_add"], host).toBeUndefined();
    }
  });

  it("mounts the host's Docker socket into the manager and trusts the local CA", () => {
    const pi5 = container(run, "autogit-runner-pi5");
    expect(pi5.inputs["volumes"]).toEqual([{ hostPath: "/var/run/docker.sock", containerPath: "/var/run/docker.sock" }]);
    expect(uploadOf(pi5, "/etc/gitlab-runner/certs/ca.crt").content).toContain("mock-autogit-ca-ca");
    expect(pi5.inputs["hosts"]).toEqual([{ host: "git.lab.home.arpa", ip: "192.168.10.5" }]);
  });
});

describe("homelab stack: overrides of the stack file", () => {
  it("serves the overridden GitLab hostname and lists the fleet in stack order", () => {
    expect(run.outputs["urls"]).toMatchObject({ gitlab: "https://git.lab.home.arpa" });
    expect((run.outputs["runnerFleet"] as { name: string }[]).map((entry) => entry.name)).toEqual([...HOSTS]);
  });
});

describe("dev stack with AMD and Intel runner hosts: GPU groups", () => {
  it("has an AMD host's jobs join the host's gids of gpu.groups, and an Intel host without them join no group", async () => {
    const gpuRun = await runStack("dev", {
      overrides: {
        runnerHosts: [
          { name: "rocm", arch: "amd64", gpu: { vendor: "amd", groups: [44, 993] } },
          { name: "arc", arch: "amd64", gpu: { vendor: "intel" } },
        ],
      },
    });
    const docker = (host: string): unknown =>
      (parse(uploadOf(container(gpuRun, `autogit-runner-${host}`), "/etc/gitlab-runner/config.toml").content)["runners"] as { docker: unknown }[])[0]?.docker;
    expect(docker("rocm")).toMatchObject({ devices: ["/dev/kfd", "/dev/dri"], group_add: ["44", "993"] });
    expect(docker("arc")).toMatchObject({ devices: ["/dev/dri"] });
    expect(docker("arc")).not.toHaveProperty("group_add");
  });
});
