import { describe, expect, it } from "vitest";
import { loadStackConfig } from "../../../src/cli/stack-config.js";
import { runConfig } from "../../support/pulumi.js";
import { kubernetesObjects, validateObject } from "./models.js";
import { OPERATOR_KUBECONFIG } from "./kubeconfig.js";

describe("DNS-01 on the prod stack", () => {
  it("keeps the provider token in a cert-manager Secret as a Pulumi secret and solves through it", async () => {
    const raw = await loadStackConfig("stacks/Pulumi.prod.yaml");
    const run = await runConfig(
      {
        ...raw,
        tls: { mode: "acme-dns01", email: "ops@example.com", dns01: { provider: "cloudflare", credentials: { apiToken: { secret: "cloudflareToken" } } } },
        cloudflareToken: { secure: "v1:encrypted" },
      },
      { secrets: { cloudflareToken: "cf-token-plaintext" }, extraConfig: { "kubernetes:kubeconfig": OPERATOR_KUBECONFIG } },
    );
    for (const object of kubernetesObjects(run.resources)) validateObject(object);
    const secret = run.get("kubernetes:core/v1:Secret", "autogit-cert-manager-dns01-credentials");
    expect(secret.inputs).toMatchObject({ metadata: { name: "acme-dns01-credentials", namespace: "cert-manager" }, stringData: { "api-token": "cf-token-plaintext" } });
    expect(secret.secretPaths).toContain("stringData");
    const issuer = run.get("kubernetes:cert-manager.io/v1:ClusterIssuer", "autogit-cert-manager-issuer-letsencrypt-production").inputs;
    expect(issuer).toMatchObject({ spec: { acme: { solvers: [{ dns01: { cloudflare: { apiTokenSecretRef: { name: "acme-dns01-credentials", key: "api-token" } } } }] } } });
    expect(JSON.stringify(run.outputs)).not.toContain("cf-token-plaintext");
    const everythingPlain = JSON.stringify(run.resources.filter((r) => r.secretPaths.length === 0).map((r) => r.inputs));
    expect(everythingPlain).not.toContain("cf-token-plaintext");
  });
});
