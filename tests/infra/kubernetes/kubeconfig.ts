import { MOCK_CLUSTER_CA } from "../../support/pulumi.js";

/**
 * An operator's kubeconfig for `kubernetes:kubeconfig`, as `pulumi config set --secret kubernetes:kubeconfig` stores
 * it; its CA is the one the mocked cluster puts in service-account token Secrets.
 */
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
