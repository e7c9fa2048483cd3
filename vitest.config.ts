import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["tests/**/*.test.ts"],
    testTimeout: 120_000,
    hookTimeout: 180_000,
    // Docker-backed suites share one engine; files run in parallel on 2 cores.
    pool: "forks",
    maxWorkers: 2,
  },
});
