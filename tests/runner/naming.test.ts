import { describe, expect, it } from "vitest";
import { isRunnerName, newRunnerName, runnerLabels, runnerNameCreatedAt } from "../../src/runner/naming.js";

const now = new Date("2026-11-23T01:02:03Z");

describe("runner naming", () => {
  it("makes a readable name within GitHub's 64 characters that doubles as the unique label", () => {
    const name = newRunnerName({ repository: "Owner/My_Widgets.repo", runId: "19523456789", now });
    expect(name).toMatch(/^autogit-my-widgets-repo-19523456789-[a-z0-9]{13}$/);
    expect(isRunnerName(name)).toBe(true);
    const long = newRunnerName({ repository: `o/${"x".repeat(200)}`, runId: "195234567890123", now });
    expect(long.length).toBeLessThanOrEqual(64);
    expect(isRunnerName(long)).toBe(true);
  });

  it("reads the creation time back from the name, to the second", () => {
    const name = newRunnerName({ repository: "o/r", runId: "1", now });
    expect(runnerNameCreatedAt(name)?.toISOString()).toBe("2026-11-23T01:02:03.000Z");
    expect(runnerNameCreatedAt("my-own-runner")).toBeUndefined();
  });

  it("gives 2000 concurrent starts of the same run and second distinct names", async () => {
    const names = await Promise.all(
      Array.from({ length: 2000 }, () => Promise.resolve().then(() => newRunnerName({ repository: "o/r", runId: "7", now }))),
    );
    expect(new Set(names).size).toBe(2000);
  });

  it("labels a runner with its unique label, self-hosted, autogit, OS, arch, GPU and the extras, without duplicates", () => {
    expect(runnerLabels({ unique: "autogit-r-1-x", arch: "arm64", gpu: "nvidia", extra: ["cuda", "Self-Hosted", "ARM64"] })).toEqual([
      "autogit-r-1-x", "self-hosted", "autogit", "Linux", "ARM64", "gpu", "gpu-nvidia", "cuda",
    ]);
    expect(runnerLabels({ unique: "autogit-r-1-y", arch: "amd64", gpu: "none", extra: [] })).toEqual([
      "autogit-r-1-y", "self-hosted", "autogit", "Linux", "X64",
    ]);
  });
});
