import { argon2Sync, randomBytes } from "node:crypto";
import { mkdtemp, readFile, readdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { loadStackConfig, stackFilePath } from "../../../src/cli/stack-config.js";
import { runValidate } from "../../../src/cli/validate-command.js";
import { STACKS_DIR } from "./helpers.js";

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "autogit-validate-"));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function validate(args: string[], env: Record<string, string> = {}, stacksDir = STACKS_DIR) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runValidate(args, { out: (line) => out.push(line), err: (line) => err.push(line), env, stacksDir });
  return { code, out, err };
}

async function devStackText(): Promise<string> {
  return readFile(join(STACKS_DIR, "Pulumi.dev.yaml"), "utf8");
}

const DEV_EXAMPLE_HASH = "$argon2id$v=19$m=65536,t=3,p=4$0t1aQuW41W5vD/f2hsybrQ$zrgRD+pAdXGCAMdAy+2BIOshur1AMvTohl2pwYaUzeM";

/** Authelia's hash format (PHC string), made with Node's argon2 and a fresh salt; small cost to keep the test fast. */
function argon2idHash(password: string): string {
  const salt = randomBytes(16);
  const params = { memory: 8192, passes: 1, parallelism: 1 };
  const tag = argon2Sync("argon2id", { message: password, nonce: salt, tagLength: 32, ...params });
  const b64 = (bytes: Buffer): string => bytes.toString("base64").replace(/=+$/, "");
  return `$argon2id$v=19$m=${params.memory},t=${params.passes},p=${params.parallelism}$${b64(salt)}$${b64(tag)}`;
}

/** The dev stack with its user's hash replaced, so warnings about the example password stay out of other tests. */
async function devStackWithOwnPassword(): Promise<string> {
  const text = await devStackText();
  expect(text).toContain(DEV_EXAMPLE_HASH);
  return text.replace(DEV_EXAMPLE_HASH, argon2idHash("a password of my own"));
}

describe("npm run validate", () => {
  it("accepts a shipped stack by name and summarises it", async () => {
    const { code, out, err } = await validate(["--", "homelab"]);
    expect(code).toBe(0);
    expect(err.filter((line) => !line.startsWith("warning: BUILDBOX_"))).toEqual([]);
    expect(out[0]).toMatch(/Pulumi\.homelab\.yaml: valid$/);
    expect(out).toContainEqual(expect.stringMatching(/^ {2}target {4}docker \(unix:\/\/\/var\/run\/docker\.sock, network autogit\)$/));
    expect(out).toContainEqual(expect.stringMatching(/^ {4}nuc +amd64\+riscv64 +ssh:\/\/ci@192\.168\.10\.41:22 .*tags arch:amd64,arch:riscv64$/));
    expect(out.join("\n")).not.toContain("$argon2id$");
  });

  it("lists every problem of a broken stack file given by path, and exits 1", async () => {
    const path = join(dir, "Pulumi.broken.yaml");
    const text = (await devStackText())
      .replace("lanAddress: 192.168.1.10", "lanAddress: 192.168.1.300")
      .replace("arch: amd64", "arch: amd64\n      gpu: { vendor: nvida }");
    await writeFile(path, text);

    const { code, out, err } = await validate([path]);

    expect(code).toBe(1);
    expect(out).toEqual([]);
    expect(err[0]).toMatch(/Pulumi\.broken\.yaml: invalid$/);
    expect(err.slice(1).join("\n").split("\n")).toEqual([
      "Stack configuration (autogit:*) has 2 problems:",
      '  - dns.lanAddress must be an IPv4 address such as 192.168.1.10 (got "192.168.1.300")',
      '  - runnerHosts[0].gpu.vendor must be one of nvidia, amd, intel (got "nvida")',
    ]);
  });

  it("reports the Kubernetes-only rules without a cluster, and exits 1", async () => {
    const path = join(dir, "Pulumi.nodeport.yaml");
    const text = (await readFile(join(STACKS_DIR, "Pulumi.prod.yaml"), "utf8")).replace("serviceType: LoadBalancer", "serviceType: NodePort");
    await writeFile(path, text);

    const { code, err } = await validate([path]);

    expect(code).toBe(1);
    expect(err.slice(1).join("\n")).toMatch(/^Stack configuration \(autogit:\*\) has 1 problem:\n {2}- dns\.lanAddress is required with kubernetes\.serviceType NodePort/);
  });

  it("accepts a referenced secret as Pulumi ciphertext, and warns when it sits in clear text", async () => {
    const base = (await devStackWithOwnPassword()).replace("config:\n", "config:\n  autogit:versions: { gitlabRunner: v18.11.0 }\n");
    const withTcp = `${base}    - name: remote\n      arch: arm64\n      connection:\n        kind: tcp\n        host: builder.lab.home.arpa\n        tls: { caCert: { secret: builderCa }, clientCert: { secret: builderCert }, clientKey: { secret: builderKey } }\n`;
    const encrypted = join(dir, "Pulumi.encrypted.yaml");
    await writeFile(
      encrypted,
      `${withTcp}  autogit:builderCa:\n    secure: v1:AAAAAAAA\n  autogit:builderCert:\n    secure: v1:BBBBBBBB\n  autogit:builderKey:\n    secure: v1:CCCCCCCC\n`,
    );
    const ok = await validate([encrypted]);
    expect(ok.code).toBe(0);
    expect(ok.err).toEqual([]);
    expect(ok.out).toContainEqual(expect.stringMatching(/^ {4}remote +arm64 +tcp:\/\/builder\.lab\.home\.arpa:2376 /));

    const clear = join(dir, "Pulumi.clear.yaml");
    await writeFile(clear, `${withTcp}  autogit:builderCa: ca\n  autogit:builderCert: cert\n  autogit:builderKey: "-----BEGIN PRIVATE KEY-----"\n`);
    const warned = await validate([clear]);
    expect(warned.code).toBe(0);
    expect(warned.err).toEqual([
      expect.stringMatching(/^warning: autogit:builderCa is in clear text in .*Pulumi\.clear\.yaml; store it encrypted with `pulumi config set --secret autogit:builderCa <value>`$/),
      expect.stringMatching(/^warning: autogit:builderCert is in clear text/),
      expect.stringMatching(/^warning: autogit:builderKey is in clear text/),
    ]);
    expect(warned.err.join("\n")).not.toContain("BEGIN PRIVATE KEY");
  });

  it("warns about environment variables the config reads but this shell lacks", async () => {
    const { code, err } = await validate(["homelab"], { BUILDBOX_DOCKER_CA: "x", BUILDBOX_DOCKER_CERT: "y" });
    expect(code).toBe(0);
    expect(err).toEqual(["warning: BUILDBOX_DOCKER_KEY is not set in this environment; pulumi up reads it"]);
  });

  it("warns, without failing, when the shipped dev stack still has the example password's hash, and says how to make one", async () => {
    const { code, out, err } = await validate(["dev"]);
    expect(code).toBe(0);
    expect(out[0]).toMatch(/Pulumi\.dev\.yaml: valid$/);
    expect(err).toEqual([
      expect.stringMatching(
        /^warning: sso\.users\[0\]\.passwordHash \(admin\) is the hash of the example password "change-me-now", .*`docker run --rm -it authelia\/authelia:4\.39\.\d+ authelia crypto hash generate argon2`/,
      ),
    ]);
  });

  it("recognises the example password under any salt by verifying the hash, and stays quiet for a password of the user's own", async () => {
    const example = join(dir, "Pulumi.resalted.yaml");
    const resalted = argon2idHash("change-me-now");
    await writeFile(example, (await devStackText()).replace(DEV_EXAMPLE_HASH, resalted));
    const warned = await validate([example]);
    expect(warned.code).toBe(0);
    expect(warned.err).toEqual([expect.stringContaining('sso.users[0].passwordHash (admin) is the hash of the example password "change-me-now"')]);
    expect(warned.err.join("\n")).not.toContain(resalted);

    const own = join(dir, "Pulumi.own.yaml");
    await writeFile(own, await devStackWithOwnPassword());
    expect(await validate([own])).toMatchObject({ code: 0, err: [] });
  });

  it("warns, without failing, about an AMD or Intel host without gpu.groups, naming the command that prints the host's gids", async () => {
    const base = await devStackWithOwnPassword();
    const withGpus = base.replace(
      "arch: amd64",
      "arch: amd64\n      gpu: { vendor: amd }\n    - name: arc\n      arch: amd64\n      gpu: { vendor: intel }\n    - name: cuda\n      arch: amd64\n      gpu: { vendor: nvidia }",
    );
    const path = join(dir, "Pulumi.gpus.yaml");
    await writeFile(path, withGpus);

    const { code, err } = await validate([path]);

    expect(code).toBe(0);
    expect(err).toEqual([
      "warning: runnerHosts[0].gpu.groups (local) is not set, so its amd GPU jobs join no group that owns /dev/kfd and /dev/dri, and those not running as root cannot open them; " +
        "run `getent group video render` on that host and set the gids it prints, e.g. gpu: { vendor: amd, groups: [44, 993] } for video:x:44: and render:x:993: " +
        "(numbers: a group name is looked up in the job image, which may lack it or give it another gid), or groups: [] if every job runs as root",
      expect.stringMatching(/^warning: runnerHosts\[1\]\.gpu\.groups \(arc\) is not set, so its intel GPU jobs join no group that owns \/dev\/dri, .*gpu: \{ vendor: intel, groups: \[44, 993\] \}/),
    ]);

    await writeFile(path, withGpus.replace("gpu: { vendor: amd }", "gpu: { vendor: amd, groups: [44, 993] }").replace("gpu: { vendor: intel }", "gpu: { vendor: intel, groups: [] }"));
    expect(await validate([path])).toMatchObject({ code: 0, err: [] });
  });

  it("names a missing stack file and exits 1", async () => {
    const { code, err } = await validate(["staging"], {}, dir);
    expect(code).toBe(1);
    expect(err).toEqual([`${join(dir, "Pulumi.staging.yaml")}: no such stack file; create it with \`pulumi stack init <name>\` or pass the path of an existing Pulumi.<stack>.yaml`]);
  });

  it("names a file that is not valid YAML and exits 1", async () => {
    const path = join(dir, "Pulumi.bad.yaml");
    await writeFile(path, "config:\n  autogit:target: [docker\n");
    const { code, err } = await validate([path]);
    expect(code).toBe(1);
    expect(err[0]).toMatch(new RegExp(`^${path.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}: not valid YAML: `));
  });

  it("prints usage and the available stacks without an argument, and exits 2", async () => {
    // Engineers add stack files of their own; the usage lists whatever the folder holds.
    const stacks = (await readdir(STACKS_DIR)).flatMap((file) => /^Pulumi\.(.+)\.yaml$/.exec(file)?.[1] ?? []).sort();
    expect(stacks).toEqual(expect.arrayContaining(["dev", "homelab", "prod"]));
    const { code, err } = await validate([]);
    expect(code).toBe(2);
    expect(err).toEqual([`usage: npm run validate -- <stack | path/to/Pulumi.<stack>.yaml>`, `stacks in ${STACKS_DIR}: ${stacks.join(", ")}`]);
  });
});

describe("loadStackConfig", () => {
  it("keeps only autogit: keys, without the prefix, and leaves secure values as they are", async () => {
    const path = join(dir, "Pulumi.mixed.yaml");
    await writeFile(path, "config:\n  kubernetes:context: prod\n  autogit:target: kubernetes\n  autogit:token:\n    secure: v1:abc\n");
    expect(await loadStackConfig(path)).toEqual({ target: "kubernetes", token: { secure: "v1:abc" } });
  });

  it("reads a stack file without config as empty", async () => {
    const path = join(dir, "Pulumi.empty.yaml");
    await writeFile(path, "encryptionsalt: v1:xyz\n");
    expect(await loadStackConfig(path)).toEqual({});
  });

  it("resolves a stack name inside the stacks folder and takes anything path-like as a path", () => {
    expect(stackFilePath("dev", "/repo/stacks")).toBe("/repo/stacks/Pulumi.dev.yaml");
    expect(stackFilePath("/tmp/Pulumi.x.yaml")).toBe("/tmp/Pulumi.x.yaml");
    expect(stackFilePath("Pulumi.y.yml", "/ignored")).toMatch(/\/Pulumi\.y\.yml$/);
  });
});
