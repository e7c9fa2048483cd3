import * as kubernetes from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { CERT_MANAGER_NAMESPACE, CHARTS, RELEASES } from "../../src/platform/kubernetes/charts.js";
import {
  DNS01_SECRET,
  certManagerValues,
  clusterIssuers,
  dns01SecretKeys,
  hostCertificates,
  localCaCertificate,
  runnerCaCertificate,
} from "../../src/platform/kubernetes/cert-manager.js";
import type { KubernetesPlatformSpec } from "../../src/platform/spec/index.js";
import { resolveSecretRef } from "../secrets.js";
import { manifest } from "./manifest.js";

export interface CertManagerArgs {
  /** The validated platform spec. */
  readonly spec: KubernetesPlatformSpec;
  /** Resources the issuers need first (Traefik's ingress class for HTTP-01). */
  readonly dependsOn?: readonly pulumi.Resource[];
  /** The runner namespace, for the local CA bundle runners trust GitLab with. */
  readonly runnerNamespace: pulumi.Resource;
}

/**
 * cert-manager (Release: the chart's startup-API-check and webhook hooks must run), its ClusterIssuers, the DNS-01
 * credentials Secret when configured, the local CA chain for `local-ca`, and a Certificate per hostname.
 */
export class CertManager extends pulumi.ComponentResource {
  /** The Certificates; their Secrets are `gitlab-tls`, `auth-tls`, `traefik-tls`. */
  readonly certificates: readonly pulumi.CustomResource[];
  /** `local-ca`: the Secret in the runner namespace holding the CA (`ca.crt`); undefined with a public CA. */
  readonly runnerCaSecret: string | undefined;

  constructor(name: string, args: CertManagerArgs, opts?: pulumi.ComponentResourceOptions) {
    super("autogit:kubernetes:CertManager", name, args, opts);
    const { spec } = args;

    const release = new kubernetes.helm.v3.Release(
      `${name}-release`,
      {
        name: RELEASES.certManager,
        namespace: CERT_MANAGER_NAMESPACE,
        createNamespace: true,
        chart: CHARTS.certManager.chart,
        version: spec.kubernetes.charts.certManager,
        repositoryOpts: { repo: CHARTS.certManager.repo },
        values: certManagerValues(spec),
        atomic: true,
        timeout: 600,
      },
      { parent: this },
    );

    const issuerDeps: pulumi.Resource[] = [release];
    if (spec.tls.mode === "acme-dns01") {
      const stringData = Object.fromEntries(dns01SecretKeys(spec.tls.dns01).map(({ key, field, ref }) => [key, resolveSecretRef(ref, field)]));
      issuerDeps.push(
        new kubernetes.core.v1.Secret(
          `${name}-dns01-credentials`,
          { metadata: { name: DNS01_SECRET, namespace: CERT_MANAGER_NAMESPACE }, type: "Opaque", stringData: pulumi.secret(stringData) },
          { parent: this, dependsOn: [release] },
        ),
      );
    }
    const ca = localCaCertificate(spec);
    const issuers = clusterIssuers(spec).map((issuer) =>
      manifest(`${name}-issuer-${issuer.metadata?.name ?? ""}`, issuer, { parent: this, dependsOn: [...issuerDeps, ...(args.dependsOn ?? [])] }),
    );
    const caCert = ca === undefined ? [] : [manifest(`${name}-local-ca`, ca, { parent: this, dependsOn: issuers })];
    this.certificates = hostCertificates(spec).map((certificate) =>
      manifest(`${name}-certificate-${certificate.metadata?.name ?? ""}`, certificate, { parent: this, dependsOn: [...issuers, ...caCert] }),
    );

    const runnerCa = runnerCaCertificate(spec);
    if (runnerCa !== undefined) {
      manifest(`${name}-runner-ca`, runnerCa, { parent: this, dependsOn: [...issuers, ...caCert, args.runnerNamespace] });
    }
    this.runnerCaSecret = runnerCa?.spec?.secretName;

    this.registerOutputs({});
  }
}
