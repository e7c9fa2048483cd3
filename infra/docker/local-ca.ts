import * as pulumi from "@pulumi/pulumi";
import * as tls from "@pulumi/tls";
import type { HostnamesSpec } from "../../src/platform/spec/index.js";

export interface LocalCaArgs {
  /** Base domain; the server certificate covers `<domain>` and `*.<domain>`. */
  readonly domain: string;
  /** Service hostnames; any the wildcard does not cover (another domain, a deeper name) is added to the SANs. */
  readonly hostnames: HostnamesSpec;
}

/** A CA root lives ten years: re-importing it on every device is the expensive part of local-ca. */
export const CA_VALIDITY_HOURS = 10 * 365 * 24;
/** 397 days: within what Apple and Chrome accept for any TLS server certificate, private CA or not. */
export const SERVER_VALIDITY_HOURS = 397 * 24;
/** `pulumi up` re-issues the server certificate once it is within 30 days of expiry. */
export const SERVER_EARLY_RENEWAL_HOURS = 30 * 24;

/**
 * DNS names of the server certificate: the domain, its wildcard, and every service hostname the wildcard does
 * not match (a wildcard covers exactly one label: `*.lab.home.arpa` matches `git.lab.home.arpa` only).
 */
export function serverCertificateNames(domain: string, hostnames: HostnamesSpec): string[] {
  const covered = (name: string): boolean => name === domain || (name.endsWith(`.${domain}`) && !name.slice(0, -domain.length - 1).includes("."));
  const extra = [hostnames.gitlab, hostnames.auth, hostnames.traefik].filter((name) => !covered(name));
  return [...new Set([domain, `*.${domain}`, ...extra])];
}

/**
 * `tls.mode: local-ca`: a private root CA and one server certificate for the services, made with @pulumi/tls and
 * kept in the stack's state (the private keys as secrets). Users import `caCertPem` (a stack output) on their
 * devices once; Traefik serves `certPem`/`keyPem` as its default certificate.
 */
export class LocalCa extends pulumi.ComponentResource {
  /** The root certificate to trust (public). */
  readonly caCertPem: pulumi.Output<string>;
  /** Server certificate followed by the root, as Traefik serves it. */
  readonly certPem: pulumi.Output<string>;
  /** Server private key (secret). */
  readonly keyPem: pulumi.Output<string>;

  constructor(name: string, args: LocalCaArgs, opts?: pulumi.ComponentResourceOptions) {
    super("autogit:docker:LocalCa", name, args, opts);
    const caKey = new tls.PrivateKey(`${name}-ca-key`, { algorithm: "ECDSA", ecdsaCurve: "P384" }, { parent: this });
    const ca = new tls.SelfSignedCert(
      `${name}-ca`,
      {
        privateKeyPem: caKey.privateKeyPem,
        subject: { commonName: `AutoGit local CA (${args.domain})`, organization: "AutoGit" },
        isCaCertificate: true,
        // Path length 0: this root signs server certificates only, never another CA.
        maxPathLength: 0,
        validityPeriodHours: CA_VALIDITY_HOURS,
        allowedUses: ["cert_signing", "crl_signing", "digital_signature"],
      },
      { parent: this },
    );
    const serverKey = new tls.PrivateKey(`${name}-server-key`, { algorithm: "ECDSA", ecdsaCurve: "P256" }, { parent: this });
    const request = new tls.CertRequest(
      `${name}-server-csr`,
      {
        privateKeyPem: serverKey.privateKeyPem,
        subject: { commonName: `*.${args.domain}`, organization: "AutoGit" },
        dnsNames: serverCertificateNames(args.domain, args.hostnames),
      },
      { parent: this },
    );
    const server = new tls.LocallySignedCert(
      `${name}-server`,
      {
        certRequestPem: request.certRequestPem,
        caPrivateKeyPem: caKey.privateKeyPem,
        caCertPem: ca.certPem,
        validityPeriodHours: SERVER_VALIDITY_HOURS,
        earlyRenewalHours: SERVER_EARLY_RENEWAL_HOURS,
        allowedUses: ["digital_signature", "key_encipherment", "server_auth"],
      },
      { parent: this },
    );

    this.caCertPem = ca.certPem;
    this.certPem = pulumi.all([server.certPem, ca.certPem]).apply(([leaf, root]) => `${leaf.trimEnd()}\n${root.trimEnd()}\n`);
    // The provider marks privateKeyPem secret; the mock engine does not, and being explicit costs nothing.
    this.keyPem = pulumi.secret(serverKey.privateKeyPem);
    this.registerOutputs({ caCertPem: this.caCertPem, certPem: this.certPem, keyPem: this.keyPem });
  }
}
