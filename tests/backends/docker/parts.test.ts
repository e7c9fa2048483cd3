import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runnerCreateOptions } from "../../../src/backends/docker/create-options.js";
import { WRAPPER_PATH, renderEntrypoint } from "../../../src/backends/docker/entrypoint.js";
import { FrameDecoder, demuxBuffer } from "../../../src/backends/docker/frames.js";
import { resolveImageUser } from "../../../src/backends/docker/image-user.js";
import { LogTail } from "../../../src/backends/docker/log-tail.js";
import { PullProgress } from "../../../src/backends/docker/pull-progress.js";
import { tarArchive, tarFiles } from "../../../src/backends/docker/tar.js";
import { runnerSpec } from "./helpers.js";

describe("renderEntrypoint", () => {
  it("renders a script that busybox sh and dash both parse", () => {
    const dir = mkdtempSync(join(tmpdir(), "autogit-wrapper-"));
    const path = join(dir, "entrypoint.sh");
    writeFileSync(path, renderEntrypoint({ idleTimeoutSeconds: 300, maxLifetimeSeconds: 3600 }));
    execFileSync("busybox", ["sh", "-n", path]);
    execFileSync("sh", ["-n", path]);
  });

  it("carries the idle timeout and max lifetime, and hands the config over in ACTIONS_RUNNER_INPUT_JITCONFIG", () => {
    const script = renderEntrypoint({ idleTimeoutSeconds: 300, maxLifetimeSeconds: 3600 });
    expect(script).toMatch(/^idle=300$/m);
    expect(script).toMatch(/^max=3600$/m);
    expect(script).toContain("export ACTIONS_RUNNER_INPUT_JITCONFIG");
    expect(script).toContain('rm -f "$config"');
    expect(script).toContain('"$home/run.sh"');
  });

  it.each([
    [{ idleTimeoutSeconds: 0, maxLifetimeSeconds: 10 }, /idleTimeoutSeconds must be a whole number of seconds, at least 1 \(got 0\)/],
    [{ idleTimeoutSeconds: 10, maxLifetimeSeconds: -5 }, /maxLifetimeSeconds must be .* \(got -5\)/],
    [{ idleTimeoutSeconds: 1.5, maxLifetimeSeconds: 10 }, /idleTimeoutSeconds/],
  ])("rejects %o naming the field", (options, message) => {
    expect(() => renderEntrypoint(options)).toThrow(message);
  });
});

describe("runnerCreateOptions", () => {
  it("sets platform, labels, limits, auto-removal, init and the wrapper entrypoint, without the JIT config", () => {
    const spec = runnerSpec("unit", {
      arch: "arm64",
      limits: { cpus: 1.5, memoryBytes: 512 * 1024 * 1024, pidsLimit: 256 },
      encodedJitConfig: "c2VjcmV0LWppdC1jb25maWc=",
    });
    const options = runnerCreateOptions(spec);
    expect(options).toMatchObject({
      name: spec.name,
      platform: "linux/arm64",
      Entrypoint: ["/bin/sh", WRAPPER_PATH],
      Cmd: [],
      Labels: { "autogit.managed": "true", "autogit.test.run": "unit" },
      HostConfig: { AutoRemove: true, Init: true, Privileged: false, NetworkMode: "host", NanoCpus: 1_500_000_000, Memory: 536870912, PidsLimit: 256 },
    });
    expect(JSON.stringify(options)).not.toContain(spec.encodedJitConfig);
    expect(options.Env).toBeUndefined();
  });

  it("rejects a label carrying the JIT config", () => {
    const spec = runnerSpec("unit", { encodedJitConfig: "c2VjcmV0" });
    expect(() => runnerCreateOptions({ ...spec, labels: { "autogit.debug": "jit=c2VjcmV0" } })).toThrow(/labels\.autogit\.debug contains the JIT config/);
  });

  it("names the field of an invalid limit or name", () => {
    expect(() => runnerCreateOptions(runnerSpec("unit", { limits: { cpus: 0 } }))).toThrow(/limits\.cpus must be a positive number \(got 0\)/);
    expect(() => runnerCreateOptions(runnerSpec("unit", { name: "bad name" }))).toThrow(/name "bad name" is not a valid container name/);
  });
});

describe("tar", () => {
  it("writes an archive GNU tar lists with modes and owners, and reads files back", () => {
    const archive = tarArchive([
      { type: "dir", path: "autogit", mode: 0o700, owner: { uid: 1001, gid: 1001 } },
      { type: "file", path: "autogit/jitconfig", mode: 0o400, content: "x".repeat(700), owner: { uid: 1001, gid: 1001 } },
    ]);
    const dir = mkdtempSync(join(tmpdir(), "autogit-tar-"));
    writeFileSync(join(dir, "a.tar"), archive);
    const listing = execFileSync("tar", ["--numeric-owner", "-tvf", join(dir, "a.tar")], { encoding: "utf8" });
    expect(listing).toMatch(/^drwx------ 1001\/1001 +0 .* autogit\/$/m);
    expect(listing).toMatch(/^-r-------- 1001\/1001 +700 .* autogit\/jitconfig$/m);
    execFileSync("tar", ["-xf", join(dir, "a.tar"), "-C", dir]);
    expect(readFileSync(join(dir, "autogit/jitconfig"), "utf8")).toBe("x".repeat(700));
    expect(tarFiles(archive).get("autogit/jitconfig")?.toString()).toBe("x".repeat(700));
  });
});

describe("resolveImageUser", () => {
  const passwd = "root:x:0:0:root:/root:/bin/sh\nrunner:x:1001:121::/home/runner:/bin/bash\n";
  const group = "root:x:0:\ndocker:x:123:runner\nrunner:x:121:\n";

  it.each([
    ["", { uid: 0, gid: 0 }],
    ["runner", { uid: 1001, gid: 121 }],
    ["1001", { uid: 1001, gid: 121 }],
    ["runner:docker", { uid: 1001, gid: 123 }],
    ["4242:4243", { uid: 4242, gid: 4243 }],
  ])("resolves USER %j in the image's own passwd and group files", (user, owner) => {
    expect(resolveImageUser("img", user, passwd, group)).toEqual(owner);
  });

  it("names the image and the user when the user is not in the image", () => {
    expect(() => resolveImageUser("ghcr.io/x/runner:1", "builder", passwd, group)).toThrow(
      /Image ghcr\.io\/x\/runner:1 runs as user "builder", which is not in its \/etc\/passwd/,
    );
  });
});

describe("LogTail", () => {
  it("keeps the last lines, joins lines split across chunks, keeps stdout and stderr lines apart, and masks the secret", () => {
    const tail = new LogTail(3, 4096, ["s3cr3t"]);
    tail.write("one\ntw");
    tail.write("warn: ", "stderr");
    tail.write("o\nthree token=s3cr3t\n");
    tail.write("disk low\n", "stderr");
    tail.write("four");
    expect(tail.tail(3)).toEqual(["three token=***", "warn: disk low", "four"]);
    expect(tail.tail(10)).not.toContain("one");
    tail.end();
    expect(tail.tail(2)).toEqual(["warn: disk low", "four"]);
  });
});

describe("FrameDecoder", () => {
  it("splits Docker's multiplexed stream into stdout and stderr payloads across chunk boundaries", () => {
    const frame = (stream: number, text: string): Buffer => {
      const header = Buffer.alloc(8);
      header[0] = stream;
      header.writeUInt32BE(Buffer.byteLength(text), 4);
      return Buffer.concat([header, Buffer.from(text)]);
    };
    const all = Buffer.concat([frame(1, "hello\n"), frame(2, "oops\n"), frame(1, "bye\n")]);
    const seen: string[] = [];
    const decoder = new FrameDecoder((stream, payload) => seen.push(`${stream}:${payload.toString()}`));
    for (let i = 0; i < all.length; i += 5) decoder.push(all.subarray(i, i + 5));
    expect(seen).toEqual(["stdout:hello\n", "stderr:oops\n", "stdout:bye\n"]);
    expect(demuxBuffer(all).map((f) => f.stream)).toEqual(["stdout", "stderr", "stdout"]);
  });
});

describe("PullProgress", () => {
  it("prints phase changes as they come and byte progress at most once per interval", () => {
    let now = 0;
    const lines: string[] = [];
    const progress = new PullProgress((line) => lines.push(line), () => now, 2000);
    progress.onEvent({ status: "Pulling from actions/actions-runner", id: "latest" });
    progress.onEvent({ status: "Pulling fs layer", id: "a1" });
    progress.onEvent({ status: "Waiting", id: "b2" });
    for (let i = 1; i <= 50; i++) {
      now += 100;
      progress.onEvent({ status: "Downloading", id: "a1", progressDetail: { current: i * 1_000_000, total: 50_000_000 } });
    }
    progress.onEvent({ status: "Pull complete", id: "a1" });
    progress.onEvent({ status: "Status: Downloaded newer image for ghcr.io/actions/actions-runner:latest" });
    expect(lines[0]).toBe("latest: Pulling from actions/actions-runner");
    expect(lines[1]).toBe("a1: Pulling fs layer");
    const downloading = lines.filter((line) => line.startsWith("Downloading"));
    expect(downloading.length).toBeGreaterThanOrEqual(2);
    expect(downloading.length).toBeLessThanOrEqual(3);
    expect(downloading[0]).toBe("Downloading 1 layer: 1.0 MB of 50.0 MB");
    expect(lines.slice(-2)).toEqual(["a1: Pull complete", "Status: Downloaded newer image for ghcr.io/actions/actions-runner:latest"]);
  });
});
