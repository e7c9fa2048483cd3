import { beforeAll, describe, expect, it } from "vitest";
import { loadStackConfig } from "../../../src/cli/stack-config.js";
import type { ProgramRun } from "../../support/pulumi.js";
import { runConfig } from "../../support/pulumi.js";
import { expectValid } from "../../support/schemas.js";
import { kubernetesObjects, validateObject } from "./models.js";
import { OPERATOR_KUBECONFIG } from "./kubeconfig.js";

// The prod stack exposed through node ports instead of LoadBalancers: every standard port lands on a fixed,
// documented node port the router forwards to, and the outputs say where DNS answers.
const LAN = "192.168.20.10";

let run: ProgramRun;
beforeAll(async () => {
  const raw = await loadStackConfig("stacks/Pulumi.prod.yaml");
  run = await runConfig(
    { ...raw, kubernetes: { ...(raw["kubernetes"] as object), serviceType: "NodePort", nodePorts: { dns: 31053 } }, dns: { lanAddress: LAN, allowedNetworks: ["192.168.0.0/16"] } },
    { extraConfig: { "kubernetes:kubeconfig": OPERATOR_KUBECONFIG } },
  );
});

describe("prod stack with serviceType NodePort", () => {
  it("publishes Traefik's web, websecure and ssh entry points on their fixed node ports", () => {
    const values = run.get("kubernetes:helm.sh/v4:Chart", "autogit-traefik-chart").inputs["values"] as { ports: Record<string, { exposedPort: number; nodePort?: number }>; service: { spec: { type: string } } };
    expectValid("helm-traefik", values, { overrides: true });
    expect(values.service.spec.type).toBe("NodePort");
    expect(Object.fromEntries(Object.entries(values.ports).map(([name, port]) => [name, [port.exposedPort, port.nodePort]]))).toEqual({
      web: [80, 30080],
      websecure: [443, 30443],
      ssh: [2222, 30022],
    });
  });

  it("publishes CoreDNS on its node port, udp and tcp, and outputs <address>:<port> as dnsAddress", () => {
    for (const object of kubernetesObjects(run.resources)) validateObject(object);
    const service = run.get("kubernetes:core/v1:Service", "autogit-coredns-service").inputs as { spec: { type: string; ports: { protocol: string; port: number; nodePort: number }[] } };
    expect(service.spec.type).toBe("NodePort");
    expect(service.spec.ports.map((p) => [p.protocol, p.port, p.nodePort])).toEqual([
      ["UDP", 53, 31053],
      ["TCP", 53, 31053],
    ]);
    expect(run.outputs["dnsAddress"]).toBe(`${LAN}:31053`);
  });

  it("points the service records at dns.lanAddress, the front that forwards the standard ports", () => {
    const config = run.get("kubernetes:core/v1:ConfigMap", "autogit-coredns-config").inputs as { data: Record<string, string> };
    const zone = Object.entries(config.data).find(([key]) => key !== "Corefile")?.[1] ?? "";
    expect(zone).toMatch(new RegExp(`^gitlab\\S*\\s.*\\sA\\s+${LAN.replace(/\./g, "\\.")}$`, "m"));
  });
});
