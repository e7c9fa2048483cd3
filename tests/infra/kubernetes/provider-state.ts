import * as pulumi from "@pulumi/pulumi";
import { vi } from "vitest";

/**
 * What the real Kubernetes provider computes and the shared mock harness does not: a LoadBalancer Service's
 * assigned address, and the token a `kubernetes.io/service-account-token` Secret is filled in with. Without them the
 * program's outputs that derive from these values could not be checked. Wraps the harness's mocks; call in
 * `beforeAll` of a suite, `vi.restoreAllMocks()` after.
 */
export const MOCK_LOAD_BALANCER_IP = "203.0.113.10";
export const MOCK_SERVICE_ACCOUNT_TOKEN = "mock-service-account-token";
export const MOCK_CLUSTER_CA = Buffer.from("-----BEGIN CERTIFICATE-----\nmock-cluster-ca\n-----END CERTIFICATE-----\n").toString("base64");

/** A kubeconfig for `kubernetes:kubeconfig`, as `pulumi config set --secret kubernetes:kubeconfig` stores it. */
export const OPERATOR_KUBECONFIG = `apiVersion: v1
kind: Config
clusters:
  - name: prod
    cluster:
      server: https://k8s.example.com:6443
      certificate-authority-data: ${MOCK_CLUSTER_CA}
users:
  - name: admin
    user:
      token: operator-token-never-copied
contexts:
  - name: prod
    context: { cluster: prod, user: admin }
current-context: prod
`;

type Mocks = Parameters<typeof pulumi.runtime.setMocks>[0];
type MockArgs = Parameters<Mocks["newResource"]>[0];

function computed(args: MockArgs): Record<string, unknown> {
  const inputs = args.inputs as Record<string, unknown>;
  const spec = inputs["spec"] as { type?: string } | undefined;
  if (args.type === "kubernetes:core/v1:Service" && (spec?.type === "LoadBalancer" || args.id !== undefined)) {
    // Read Services (`Service.get`, e.g. the chart's Traefik Service) have no inputs; the stack's type is LoadBalancer.
    return { status: { loadBalancer: { ingress: [{ ip: MOCK_LOAD_BALANCER_IP }] } } };
  }
  if (args.type === "kubernetes:core/v1:Secret" && inputs["type"] === "kubernetes.io/service-account-token") {
    return { data: { token: Buffer.from(MOCK_SERVICE_ACCOUNT_TOKEN).toString("base64"), "ca.crt": MOCK_CLUSTER_CA } };
  }
  return {};
}

/** Type tokens of every resource the engine was asked for since `withKubernetesProviderState`, in order. */
export const registered: string[] = [];

/** Makes the harness's mocks also return the provider-computed state above, and records what gets registered. */
export function withKubernetesProviderState(): void {
  const setMocks = pulumi.runtime.setMocks.bind(pulumi.runtime);
  vi.spyOn(pulumi.runtime, "setMocks").mockImplementation((mocks, ...rest) =>
    setMocks(
      {
        ...mocks,
        async newResource(args) {
          registered.push(args.type);
          const result = await mocks.newResource(args);
          return { ...result, state: { ...(result.state as Record<string, unknown>), ...computed(args) } };
        },
      },
      ...rest,
    ),
  );
}
