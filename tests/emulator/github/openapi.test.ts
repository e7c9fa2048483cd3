import { describe, expect, it } from "vitest";
import { OpenApiCatalog } from "./openapi.js";

const runner = { id: 1, name: "r", os: "linux", status: "online", busy: false, labels: [{ name: "self-hosted" }] };

describe("OpenAPI checking", () => {
  it("flags a response body that breaks the schema, and accepts nullable fields set to null", async () => {
    const catalog = await OpenApiCatalog.load();
    const route = "GET /repos/{owner}/{repo}/actions/runners/{runner_id}";
    expect(catalog.checkResponse(route, 200, runner)).toEqual([]);
    expect(catalog.checkResponse(route, 200, { ...runner, version: null })).toEqual([]);
    expect(catalog.checkResponse(route, 200, { ...runner, busy: "no" }).join()).toMatch(/busy must be boolean/);
    expect(catalog.checkResponse(route, 200, { id: 1 }).join()).toMatch(/must have required property 'name'/);
    expect(catalog.checkResponse(route, 201, runner)).toEqual([`status 201 is not a documented answer of ${route}`]);
  });

  it("matches served routes and flags bad parameters", async () => {
    const catalog = await OpenApiCatalog.load();
    const match = catalog.match("DELETE", "/orgs/octo-org/actions/runners/12");
    expect(match).toMatchObject({ operationId: "actions/delete-self-hosted-runner-from-org", params: { org: "octo-org", runner_id: "12" } });
    expect(catalog.checkRequest(match!, new URLSearchParams(), undefined)).toEqual([]);
    const bad = catalog.match("DELETE", "/orgs/octo-org/actions/runners/twelve");
    expect(catalog.checkRequest(bad!, new URLSearchParams(), undefined).join()).toMatch(/runner_id must be integer/);
    expect(catalog.match("PATCH", "/orgs/octo-org/actions/runners/12")).toBeUndefined();
  });
});
