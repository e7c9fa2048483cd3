import type { ICertificate } from "@kubernetes-models/cert-manager/cert-manager.io/v1/Certificate";
import type { IClusterIssuer } from "@kubernetes-models/cert-manager/cert-manager.io/v1/ClusterIssuer";
import { LETS_ENCRYPT_CA } from "../render/traefik-entrypoints.js";
import type { Dns01Spec, KubernetesPlatformSpec, SecretRef, TlsSpec } from "../spec/index.js";
import { CERT_MANAGER_NAMESPACE, standardLabels } from "./charts.js";
import { tlsSecretName } from "./traefik.js";

/**
 * cert-manager: the jetstack chart (CRDs included), ClusterIssuers for Let's Encrypt staging and production
 * (HTTP-01 through Traefik's ingress class, or DNS-01 through the spec's provider) or a self-signed → CA chain for
 * LAN-only domains, and one Certificate per hostname.
 */

export const ClusterIssuerName = {
  staging: "letsencrypt-staging",
  production: "letsencrypt-production",
  selfSigned: "selfsigned",
  localCa: "local-ca",
} as const;
export type ClusterIssuerName = (typeof ClusterIssuerName)[keyof typeof ClusterIssuerName];

/** The local CA's own Certificate and Secret (in cert-manager's namespace). */
export const LOCAL_CA_SECRET = "autogit-local-ca";
/** Secret holding the DNS-01 provider's credentials (in cert-manager's namespace). */
export const DNS01_SECRET = "acme-dns01-credentials";

export function certManagerValues(spec: KubernetesPlatformSpec): Record<string, unknown> {
  const dns01 = spec.tls.mode === "acme-dns01";
  return {
    crds: { enabled: true, keep: true },
    // DNS-01 self-checks must ask public resolvers: LAN DNS (our CoreDNS) answers the zone from its own records.
    ...(dns01 ? { extraArgs: ["--dns01-recursive-nameservers-only", `--dns01-recursive-nameservers=${spec.dns.upstreams.map((s) => `${s}:53`).join(",")}`] } : {}),
    prometheus: { enabled: false },
  };
}

/** Which issuer signs the platform's certificates. */
export function activeIssuer(tls: TlsSpec): ClusterIssuerName {
  if (tls.mode === "local-ca") return ClusterIssuerName.localCa;
  return tls.staging ? ClusterIssuerName.staging : ClusterIssuerName.production;
}

/** A key of the DNS-01 credential Secret, with the config field (under `tls.dns01.credentials`) it comes from. */
export interface Dns01SecretKey {
  readonly key: string;
  readonly field: string;
  readonly ref: SecretRef;
}

/** The DNS-01 credential Secret's keys. */
export function dns01SecretKeys(dns01: Dns01Spec): readonly Dns01SecretKey[] {
  const entry = (key: string, field: string, ref: SecretRef): Dns01SecretKey => ({ key, field: `tls.dns01.credentials.${field}`, ref });
  switch (dns01.provider) {
    case "cloudflare":
      return [entry("api-token", "apiToken", dns01.credentials.apiToken)];
    case "route53":
      return [
        entry("access-key-id", "accessKeyId", dns01.credentials.accessKeyId),
        entry("secret-access-key", "secretAccessKey", dns01.credentials.secretAccessKey),
      ];
    case "digitalocean":
      return [entry("access-token", "accessToken", dns01.credentials.accessToken)];
    case "rfc2136":
      return [entry("tsig-secret", "tsigSecret", dns01.credentials.tsigSecret)];
  }
}

function dns01Solver(dns01: Dns01Spec): Record<string, unknown> {
  const ref = (key: string) => ({ name: DNS01_SECRET, key });
  switch (dns01.provider) {
    case "cloudflare":
      return { cloudflare: { apiTokenSecretRef: ref("api-token") } };
    case "route53":
      return {
        route53: {
          region: dns01.region,
          ...(dns01.hostedZoneId === undefined ? {} : { hostedZoneID: dns01.hostedZoneId }),
          accessKeyIDSecretRef: ref("access-key-id"),
          secretAccessKeySecretRef: ref("secret-access-key"),
        },
      };
    case "digitalocean":
      return { digitalocean: { tokenSecretRef: ref("access-token") } };
    case "rfc2136":
      return {
        rfc2136: {
          nameserver: dns01.nameserver,
          tsigKeyName: dns01.tsigKeyName,
          tsigAlgorithm: dns01.tsigAlgorithm === "hmac-sha256" ? "HMACSHA256" : "HMACSHA512",
          tsigSecretSecretRef: ref("tsig-secret"),
        },
      };
  }
}

/** The ClusterIssuers the TLS mode needs: both Let's Encrypt environments for ACME, the CA chain for `local-ca`. */
export function clusterIssuers(spec: KubernetesPlatformSpec): readonly IClusterIssuer[] {
  const labels = standardLabels("cert-manager-issuers");
  const { tls } = spec;
  if (tls.mode === "local-ca") {
    return [
      { apiVersion: "cert-manager.io/v1", kind: "ClusterIssuer", metadata: { name: ClusterIssuerName.selfSigned, labels }, spec: { selfSigned: {} } },
      { apiVersion: "cert-manager.io/v1", kind: "ClusterIssuer", metadata: { name: ClusterIssuerName.localCa, labels }, spec: { ca: { secretName: LOCAL_CA_SECRET } } },
    ];
  }
  const solver =
    tls.mode === "acme-dns01"
      ? { dns01: dns01Solver(tls.dns01), selector: { dnsZones: [spec.domain] } }
      : { http01: { ingress: { ingressClassName: spec.kubernetes.ingressClass } } };
  const acme = (name: ClusterIssuerName, server: string): IClusterIssuer => ({
    apiVersion: "cert-manager.io/v1",
    kind: "ClusterIssuer",
    metadata: { name, labels },
    spec: { acme: { email: tls.email, server, privateKeySecretRef: { name: `${name}-account-key` }, solvers: [solver] } },
  });
  return [acme(ClusterIssuerName.staging, LETS_ENCRYPT_CA.staging), acme(ClusterIssuerName.production, LETS_ENCRYPT_CA.production)];
}

/** `local-ca` only: the root CA, self-signed, whose Secret the `local-ca` issuer signs with. */
export function localCaCertificate(spec: KubernetesPlatformSpec): ICertificate | undefined {
  if (spec.tls.mode !== "local-ca") return undefined;
  return {
    apiVersion: "cert-manager.io/v1",
    kind: "Certificate",
    metadata: { name: LOCAL_CA_SECRET, namespace: CERT_MANAGER_NAMESPACE, labels: standardLabels("cert-manager-issuers") },
    spec: {
      isCA: true,
      commonName: `AutoGit local CA (${spec.domain})`,
      secretName: LOCAL_CA_SECRET,
      duration: "87600h",
      privateKey: { algorithm: "ECDSA", size: 256 },
      issuerRef: { group: "cert-manager.io", kind: "ClusterIssuer", name: ClusterIssuerName.selfSigned },
    },
  };
}

/** Secret in the runner namespace carrying the local CA (`ca.crt`) for runners to trust GitLab. */
export const RUNNER_CA_SECRET = "gitlab-ca-bundle";

/**
 * `local-ca` only: a Certificate in the runner namespace whose Secret's `ca.crt` is the local root — how a CA
 * reaches another namespace without copying it by hand. The leaf itself is never served.
 */
export function runnerCaCertificate(spec: KubernetesPlatformSpec): ICertificate | undefined {
  if (spec.tls.mode !== "local-ca") return undefined;
  return {
    apiVersion: "cert-manager.io/v1",
    kind: "Certificate",
    metadata: { name: RUNNER_CA_SECRET, namespace: spec.kubernetes.runnerNamespace, labels: standardLabels("certificates", "runner-ca") },
    spec: {
      secretName: RUNNER_CA_SECRET,
      commonName: `runner-ca.${spec.kubernetes.runnerNamespace}.svc`,
      dnsNames: [`runner-ca.${spec.kubernetes.runnerNamespace}.svc`],
      privateKey: { algorithm: "ECDSA", size: 256 },
      issuerRef: { group: "cert-manager.io", kind: "ClusterIssuer", name: ClusterIssuerName.localCa },
    },
  };
}

/** One Certificate per service hostname, in the platform namespace where Traefik and GitLab read the Secrets. */
export function hostCertificates(spec: KubernetesPlatformSpec): readonly ICertificate[] {
  const issuer = activeIssuer(spec.tls);
  return (["gitlab", "auth", "traefik"] as const).map((service) => ({
    apiVersion: "cert-manager.io/v1",
    kind: "Certificate",
    metadata: { name: tlsSecretName(service), namespace: spec.kubernetes.namespace, labels: standardLabels("certificates", service) },
    spec: {
      secretName: tlsSecretName(service),
      dnsNames: [spec.hostnames[service]],
      privateKey: { algorithm: "ECDSA", size: 256, rotationPolicy: "Always" },
      issuerRef: { group: "cert-manager.io", kind: "ClusterIssuer", name: issuer },
    },
  }));
}

/**
 * The CA PEM from a cert-manager certificate Secret's `data` (base64, as the API returns it): what `pulumi up` verifies
 * GitLab with for `local-ca`. Throws naming the Secret when cert-manager has not filled it.
 */
export function caCertPemFromSecretData(data: Readonly<Record<string, string>> | undefined, secret: string): string {
  const encoded = data?.["ca.crt"];
  if (encoded === undefined || encoded === "") {
    throw new Error(`Secret ${secret} has no ca.crt yet: cert-manager has not issued it; check \`kubectl describe certificate\` in that namespace and run pulumi up again`);
  }
  return Buffer.from(encoded, "base64").toString("utf8");
}
