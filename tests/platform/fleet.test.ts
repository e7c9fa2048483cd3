import { describe, expect, it } from "vitest";
import { loadStackConfig, stackFilePath } from "../../src/cli/stack-config.js";
import { emulatedArches, hostPlatform, runnerFleet } from "../../src/platform/fleet.js";
import type { DockerPlatformSpec } from "../../src/platform/spec/index.js";
import { parsePlatformSpec } from "../../src/platform/spec/index.js";

async function dockerSpec(stack: string): Promise<DockerPlatformSpec> {
  const spec = parsePlatformSpec(await loadStackConfig(stackFilePath(stack, "stacks")));
  if (spec.target !== "docker") throw new Error(`stack ${stack} is not a docker stack`);
  return spec;
}

describe("runnerFleet", () => {
  it("gives the dev stack's one local host in the shape of the action's inputs", async () => {
    expect(runnerFleet(await dockerSpec("dev"))).toEqual([
      { name: "local", arch: "amd64", arches: ["amd64"], gpu: "none", gpuCount: "all", gpuGroups: "", dockerHost: "unix:///var/run/docker.sock", labels: [] },
    ]);
  });

  it("maps every homelab host: GPU vendor and count, ssh and tcp docker hosts, emulated arches after the native one", async () => {
    const fleet = runnerFleet(await dockerSpec("homelab"));
    expect(fleet.map((entry) => entry.name)).toEqual(["tower", "pi5", "nuc", "buildbox"]);
    const [tower, pi5, nuc, buildbox] = fleet;
    expect(tower).toMatchObject({ arch: "amd64", gpu: "nvidia", gpuCount: "all", dockerHost: "unix:///var/run/docker.sock", labels: ["cuda"] });
    expect(pi5).toMatchObject({ arch: "arm64", arches: ["arm64"], gpu: "none", dockerHost: "ssh://ci@pi5.lab.home.arpa:22" });
    expect(nuc).toMatchObject({ arch: "amd64", arches: ["amd64", "riscv64"], dockerHost: "ssh://ci@192.168.10.41:22" });
    expect(buildbox).toMatchObject({ dockerHost: "tcp://buildbox.lab.home.arpa:2376", labels: ["large"] });
  });

  it("writes a numeric GPU count as the string the gpu-count input takes", async () => {
    const spec = await dockerSpec("dev");
    const host = { ...spec.runnerHosts[0], gpu: { vendor: "amd" as const, count: 2 } };
    expect(runnerFleet({ runnerHosts: [host] })[0]).toMatchObject({ gpu: "amd", gpuCount: "2" });
  });

  it("passes an AMD/Intel host's gids as the gpu-groups input takes them", async () => {
    const spec = await dockerSpec("dev");
    const host = { ...spec.runnerHosts[0], gpu: { vendor: "amd" as const, count: "all" as const, groups: ["44", "993"] } };
    expect(runnerFleet({ runnerHosts: [host] })[0]).toMatchObject({ gpu: "amd", gpuGroups: "44,993" });
  });

  it("never lists arch labels the action adds itself", async () => {
    for (const entry of runnerFleet(await dockerSpec("homelab"))) {
      expect(entry.labels).not.toContain("self-hosted");
      expect(entry.labels.filter((label) => entry.arches.includes(label))).toEqual([]);
    }
  });
});

describe("emulatedArches / hostPlatform", () => {
  it("lists only the arches QEMU must provide, and the native platform the runner image is pulled for", async () => {
    const spec = await dockerSpec("homelab");
    const byName = new Map(spec.runnerHosts.map((host) => [host.name, host]));
    expect(emulatedArches(byName.get("nuc")!)).toEqual(["riscv64"]);
    expect(emulatedArches(byName.get("tower")!)).toEqual([]);
    expect(hostPlatform(byName.get("pi5")!)).toBe("linux/arm64");
  });
});
