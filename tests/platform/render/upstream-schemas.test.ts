import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { compileUpstreamSchema, schemaErrors, UPSTREAM_SCHEMAS } from "../../support/schemas.js";
import type { UpstreamSchema } from "../../support/schemas.js";

// One document per schema that the real software accepts, and one it rejects, with the path of the fault.
const samples: Record<UpstreamSchema, { valid: unknown; invalid: unknown; faultAt: string }> = {
  "authelia-config": {
    valid: { server: { address: "tcp://:9091/" }, access_control: { default_policy: "deny" } },
    invalid: { access_control: { default_policy: "allow-everyone" } },
    faultAt: "/access_control/default_policy",
  },
  "authelia-users": {
    valid: { users: { alice: { displayname: "Alice", password: "$argon2id$v=19$m=65536,t=3,p=4$c2FsdA$aGFzaA", email: "alice@example.com", groups: ["admins"] } } },
    invalid: { users: { alice: { displayname: "Alice", password: "x", groups: "admins" } } },
    faultAt: "/users/alice/groups",
  },
  "traefik-static": {
    valid: { entryPoints: { web: { address: ":80" } }, providers: { file: { directory: "/etc/traefik/dynamic", watch: true } } },
    invalid: { entryPoints: { web: { address: 80 } } },
    faultAt: "/entryPoints/web/address",
  },
  "traefik-dynamic": {
    valid: { http: { routers: { gitlab: { rule: "Host(`gitlab.example.com`)", service: "gitlab" } } } },
    invalid: { http: { routers: { gitlab: { rule: "Host(`gitlab.example.com`)", service: "gitlab", bogus: true } } } },
    faultAt: "/http/routers/gitlab",
  },
  "helm-traefik": {
    valid: { deployment: { replicas: 1 } },
    invalid: { deployment: { replicas: "one" } },
    faultAt: "/deployment/replicas",
  },
  "helm-cert-manager": {
    valid: { crds: { enabled: true } },
    invalid: { crds: { enabled: "yes" } },
    faultAt: "/crds/enabled",
  },
  "helm-authelia": {
    valid: { pod: { kind: "Deployment" } },
    invalid: { pod: { kind: "CronJob" } },
    faultAt: "/pod/kind",
  },
};

describe("upstream schema checks", () => {
  for (const name of UPSTREAM_SCHEMAS) {
    const sample = samples[name];
    const options = name.startsWith("helm-") ? { overrides: true } : {};

    it(`${name} accepts a document the real software accepts`, () => {
      expect(schemaErrors(name, sample.valid, options)).toEqual([]);
    });

    it(`${name} rejects an invalid document and names the path`, () => {
      const errors = schemaErrors(name, sample.invalid, options);
      expect(errors.length).toBeGreaterThan(0);
      expect(errors.some((error) => error.startsWith(`${sample.faultAt}:`)), errors.join("\n")).toBe(true);
    });
  }

  it("helm values are checked as Helm does, merged with the chart's defaults, unless marked as overrides", () => {
    expect(schemaErrors("helm-authelia", { pod: { kind: "Deployment" } })).toContain("/: must have required property 'image'");
    expect(schemaErrors("helm-authelia", { pod: { kind: "Deployment" } }, { overrides: true })).toEqual([]);
  });

  it("a missing schema file is an error naming the path, never a pass", () => {
    const empty = mkdtempSync(join(tmpdir(), "autogit-schemas-"));
    expect(() => compileUpstreamSchema("traefik-static", {}, empty)).toThrow(join(empty, "traefik-v3-static.schema.json"));
  });
});
