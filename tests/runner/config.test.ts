import { describe, expect, it } from "vitest";
import { parseDuration } from "../../src/runner/config/duration.js";
import { parseByteSize } from "../../src/runner/config/byte-size.js";
import { DEFAULT_RUNNER_IMAGE } from "../../src/runner/config/defaults.js";
import { InputError, parseActionRequest } from "../../src/runner/config/request.js";
import { rawInputs, request, TOKEN } from "../fakes/inputs.js";

function problemsOf(values: Parameters<typeof rawInputs>[0], context = { repository: "owner/widgets" }): readonly string[] {
  try {
    parseActionRequest(rawInputs({ "github-token": TOKEN, ...values }), context);
  } catch (error) {
    if (error instanceof InputError) return error.problems;
    throw error;
  }
  throw new Error("expected the inputs to be rejected");
}

describe("input validation", () => {
  it("applies every default to a minimal start", () => {
    const req = request({ mode: "start" });
    expect(req.mode).toBe("start");
    expect(req.scope).toEqual({ kind: "repository", owner: "owner", repo: "widgets" });
    expect(req.github).toEqual({ token: TOKEN, apiUrl: "https://api.github.com" });
    expect(req.docker.display).toBe("unix:///var/run/docker.sock");
    expect(req.start).toEqual({
      runnerGroup: "Default",
      extraLabels: [],
      arch: "amd64",
      gpu: { vendor: "none", count: "all" },
      image: DEFAULT_RUNNER_IMAGE,
      pull: "missing",
      limits: {},
      startTimeoutSeconds: 300,
      idleTimeoutSeconds: 600,
      maxLifetimeSeconds: 21_600,
    });
    expect(req.runId).toBe("4242");
  });

  it("takes the API URL, repository and Docker host from the workflow environment", () => {
    const req = parseActionRequest(rawInputs({ mode: "reap", "github-token": TOKEN }), {
      repository: "acme/rockets",
      apiUrl: "https://ghe.example.com/api/v3/",
      dockerEnv: { DOCKER_HOST: "tcp://10.0.0.5:2376", DOCKER_CERT_PATH: "/certs" },
    });
    expect(req.github.apiUrl).toBe("https://ghe.example.com/api/v3");
    expect(req.scope).toEqual({ kind: "repository", owner: "acme", repo: "rockets" });
    expect(req.docker.display).toBe("tcp://10.0.0.5:2376 (TLS)");
  });

  it("parses a full organization start with GPU, limits and TLS", () => {
    const req = request({
      mode: "start",
      organization: "acme",
      "runner-group": "gpu-runners",
      labels: "cuda-12, big\nfast",
      arch: "ARM64",
      gpu: "nvidia",
      "gpu-count": "2",
      cpus: "3.5",
      memory: "4g",
      "pids-limit": "4096",
      pull: "always",
      network: "host",
      "docker-host": "tcp://gpu-1.lan:2376",
      "docker-tls-cert": "/etc/docker/cert.pem",
      "docker-tls-key": "/etc/docker/key.pem",
      "docker-tls-ca": "/etc/docker/ca.pem",
      "start-timeout": "90s",
      "idle-timeout": "1h30m",
      "max-lifetime": "2d",
    });
    expect(req.scope).toEqual({ kind: "organization", org: "acme" });
    expect(req.docker.display).toBe("tcp://gpu-1.lan:2376 (TLS)");
    expect(req.docker.input).toMatchObject({ tlsCert: "/etc/docker/cert.pem", tlsKey: "/etc/docker/key.pem", tlsCa: "/etc/docker/ca.pem" });
    expect(req.start).toMatchObject({
      runnerGroup: "gpu-runners",
      extraLabels: ["cuda-12", "big", "fast"],
      arch: "arm64",
      gpu: { vendor: "nvidia", count: 2 },
      limits: { cpus: 3.5, memoryBytes: 4 * 1024 ** 3, pidsLimit: 4096 },
      pull: "always",
      network: "host",
      startTimeoutSeconds: 90,
      idleTimeoutSeconds: 5400,
      maxLifetimeSeconds: 172_800,
    });
  });

  it("reports every problem at once, each naming the input and what it accepts", () => {
    const problems = problemsOf({
      mode: "launch",
      arch: "x86",
      gpu: "nvida",
      "start-timeout": "-5m",
      labels: "fast, has space",
      memory: "lots",
      cpus: "-1",
      "docker-host": "http://docker:2375",
    });
    expect(problems).toEqual([
      'mode must be one of start, stop, reap (got "launch")',
      expect.stringMatching(/^labels must be labels separated by commas .*\(got "has space"\)$/),
      'arch must be one of amd64, arm64, riscv64 (got "x86")',
      'gpu must be one of none, nvidia, amd, intel (got "nvida"; did you mean "nvidia"?)',
      'start-timeout must be positive, like 90s, 10m, 6h or 1h30m (got "-5m")',
      'cpus must be a positive number, like 2 or 0.5 (got "-1")',
      'memory must be a size like 512m or 4g (got "lots")',
      expect.stringMatching(/^docker-host "http:\/\/docker:2375" is not a Docker host: the scheme "http" is not supported. Accepted forms: unix:\/\/\/var\/run\/docker.sock, tcp:\/\/host:2376/),
    ]);
    expect(() => parseActionRequest(rawInputs({ mode: "launch", arch: "x86" }), {})).toThrow(
      /4 inputs are invalid:\n {2}- mode must be one of start, stop, reap \(got "launch"\)\n {2}- github-token is required.*\n {2}- repository is required.*\n {2}- arch must be one of/,
    );
  });

  it("rejects a missing mode and token with what to give", () => {
    expect(problemsOf({ "github-token": "" })).toEqual([
      "mode is required: one of start, stop, reap",
      expect.stringMatching(/^github-token is required: a token that may manage self-hosted runners/),
    ]);
  });

  it("rejects more than 100 labels in total, GitHub's limit", () => {
    const labels = Array.from({ length: 95 }, (_, i) => `l${i}`).join(",");
    expect(problemsOf({ mode: "start", labels })).toEqual([
      "labels has 95 labels but a runner takes at most 100 in total and AutoGit adds 6 of its own, so at most 94 fit",
    ]);
    expect(request({ mode: "start", labels: Array.from({ length: 94 }, (_, i) => `l${i}`).join(",") }).start.extraLabels).toHaveLength(94);
    const withGpu = Array.from({ length: 93 }, (_, i) => `l${i}`).join(",");
    expect(problemsOf({ mode: "start", gpu: "amd", labels: withGpu })).toEqual([
      "labels has 93 labels but a runner takes at most 100 in total and AutoGit adds 8 of its own, so at most 92 fit",
    ]);
  });

  it("rejects zero, negative and unit-less garbage durations", () => {
    expect(problemsOf({ mode: "start", "idle-timeout": "0s", "max-lifetime": "forever" })).toEqual([
      'idle-timeout must be a duration, like 90s, 10m, 6h or 1h30m (got "0s")',
      'max-lifetime must be a duration, like 90s, 10m, 6h or 1h30m (got "forever")',
    ]);
  });

  it("rejects timeouts that cannot fit in the runner's lifetime", () => {
    expect(problemsOf({ mode: "start", "start-timeout": "2h", "idle-timeout": "3h", "max-lifetime": "1h" })).toEqual([
      "start-timeout (2h) must be shorter than max-lifetime (1h)",
      "idle-timeout (3h) must not exceed max-lifetime (1h)",
    ]);
  });

  it("suggests the canonical name for common arch aliases", () => {
    expect(problemsOf({ mode: "start", arch: "x86_64" })).toEqual([
      'arch must be one of amd64, arm64, riscv64 (got "x86_64"; did you mean "amd64"?)',
    ]);
  });

  it("rejects inputs that do not belong together", () => {
    expect(
      problemsOf({
        mode: "start",
        label: "autogit-x-1-0000000000000",
        "gpu-count": "2",
        "runner-group": "gpu-runners",
        "docker-host": "ssh://ci@gpu-1.lan",
        "docker-ssh-key": "/home/ci/.ssh/id_ed25519",
        "docker-tls-cert": "/c.pem",
      }),
    ).toEqual([
      "label is read by mode stop only; for extra runner labels use labels",
      'gpu-count needs gpu set to nvidia, amd or intel (gpu is "none")',
      "runner-group applies to organization runners only: set organization, or leave runner-group empty (repository runners are always in the Default group)",
      "docker-tls-cert apply to a tcp:// docker-host only (the engine is ssh://ci@gpu-1.lan)",
    ]);
  });

  it("reads gpu-groups as the host's gids or group names for AMD and Intel, separated by commas or new lines", () => {
    expect(request({ mode: "start", gpu: "amd", "gpu-groups": "44, 993\n993" }).start.gpu).toEqual({ vendor: "amd", count: "all", groups: ["44", "993"] });
    expect(request({ mode: "start", gpu: "intel", "gpu-groups": "render" }).start.gpu).toEqual({ vendor: "intel", count: "all", groups: ["render"] });
    expect(request({ mode: "start", gpu: "intel" }).start.gpu).toEqual({ vendor: "intel", count: "all" });
  });

  it("rejects gpu-groups that are neither gids nor group names, or given without an AMD or Intel GPU", () => {
    expect(problemsOf({ mode: "start", gpu: "amd", "gpu-groups": "44, -1, video render" })).toEqual([
      'gpu-groups must be numeric group ids or POSIX group names separated by commas or new lines, like 44,993 (got "-1", "video render"); run `getent group video render` on the Docker host to find them',
    ]);
    expect(problemsOf({ mode: "start", gpu: "nvidia", "gpu-groups": "44" })).toEqual([
      'gpu-groups applies to gpu amd or intel only (gpu is "nvidia"): leave gpu-groups empty',
    ]);
    expect(problemsOf({ mode: "start", "gpu-groups": "44" })).toEqual(['gpu-groups applies to gpu amd or intel only (gpu is "none"): leave gpu-groups empty']);
  });

  it("refuses to stop a label AutoGit did not make, so stop never removes other runners", () => {
    expect(problemsOf({ mode: "stop", label: "self-hosted" })).toEqual([
      expect.stringMatching(/^label must be the label output of a start step.*\(got "self-hosted"\)/),
    ]);
    expect(request({ mode: "stop", label: "autogit-widgets-4242-0t3a9b1x8k2pq" }).stop).toEqual({
      label: "autogit-widgets-4242-0t3a9b1x8k2pq",
      timeoutSeconds: 300,
    });
  });

  it("needs a repository outside GitHub Actions and checks its shape", () => {
    expect(problemsOf({ mode: "reap" }, { repository: "" })).toEqual([
      "repository is required outside GitHub Actions: owner/repo (GITHUB_REPOSITORY is not set)",
    ]);
    expect(problemsOf({ mode: "reap", repository: "just-a-name" })).toEqual(['repository must be owner/repo (got "just-a-name")']);
  });

  it("checks the Docker host the way the Docker backend will, before any side effect", () => {
    expect(request({ mode: "reap", "docker-host": "ssh://ci@gpu-1.lan:2222", "docker-ssh-key": "/k" }).docker.display).toBe("ssh://ci@gpu-1.lan:2222");
    expect(request({ mode: "reap", "docker-host": "unix:///run/user/1000/docker.sock" }).docker.display).toBe("unix:///run/user/1000/docker.sock");
    expect(problemsOf({ mode: "reap", "docker-host": "tcp://10.1.2.3:2375" })).toEqual([
      expect.stringMatching(/^docker-host "tcp:\/\/10.1.2.3:2375" is plain TCP without TLS/),
    ]);
    expect(request({ mode: "reap", "docker-host": "tcp://10.1.2.3:2375", "docker-insecure-tcp": "true" }).docker.display).toBe("tcp://10.1.2.3:2375");
    expect(problemsOf({ mode: "reap", "docker-host": "tcp://d:2376", "docker-tls-cert": "/c.pem" })).toEqual([
      expect.stringMatching(/^docker-tls-key is missing: a TLS client certificate and its key go together/),
    ]);
  });
});

describe("duration and size parsing", () => {
  it("reads the units users write", () => {
    expect([parseDuration("90s"), parseDuration("10m"), parseDuration("6h"), parseDuration("1h30m"), parseDuration("120")]).toEqual([
      90, 600, 21_600, 5400, 120,
    ]);
    expect(parseDuration("-5m")).toBeUndefined();
    expect(parseDuration("5 minutes")).toBeUndefined();
  });

  it("reads Docker memory sizes as powers of 1024", () => {
    expect([parseByteSize("512m"), parseByteSize("4g"), parseByteSize("1.5G"), parseByteSize("4GiB"), parseByteSize("1024")]).toEqual([
      512 * 1024 ** 2, 4 * 1024 ** 3, 1.5 * 1024 ** 3, 4 * 1024 ** 3, 1024,
    ]);
    expect(parseByteSize("4 gigs")).toBeUndefined();
  });
});
