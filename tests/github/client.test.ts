import { describe, expect, it } from "vitest";
import { createGitHubClient } from "../../src/github/client.js";

describe("createGitHubClient", () => {
  it("refuses an empty token before any request", () => {
    expect(() => createGitHubClient({ token: "  " })).toThrow(/github-token is empty/);
  });

  it("refuses a base URL that is not http(s), naming it and the expected shape", () => {
    expect(() => createGitHubClient({ token: "t", baseUrl: "ghe.example/api/v3" })).toThrow(
      /GitHub API URL "ghe.example\/api\/v3" is not an http\(s\) URL: use https:\/\/api.github.com or https:\/\/<host>\/api\/v3/,
    );
  });

  it("refuses negative or fractional retry counts, naming the option", () => {
    expect(() => createGitHubClient({ token: "t", retries: -1 })).toThrow(/retries must be a whole number of 0 or more \(got -1\)/);
    expect(() => createGitHubClient({ token: "t", rateLimitRetries: 1.5 })).toThrow(/rateLimitRetries must be a whole number/);
  });

  it("defaults to api.github.com", () => {
    expect(createGitHubClient({ token: "t" }).request.endpoint.DEFAULTS.baseUrl).toBe("https://api.github.com");
  });
});
