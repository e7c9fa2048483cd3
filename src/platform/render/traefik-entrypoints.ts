import type { TlsSpec } from "../spec/index.js";

/** Traefik's entry point names, shared by the static config (where they listen) and the dynamic config (routers). */
export const TraefikEntryPoint = {
  /** :80, redirects everything to `websecure` (the ACME HTTP-01 challenge is answered first). */
  web: "web",
  /** :443, TLS. */
  websecure: "websecure",
  /** TCP, Git over SSH to GitLab, on `gitlab.sshPort`. */
  ssh: "ssh",
  /** :8080, ping only; not published. */
  traefik: "traefik",
} as const;
export type TraefikEntryPoint = (typeof TraefikEntryPoint)[keyof typeof TraefikEntryPoint];

/** The certificate resolver routers use: named after the ACME mode; none for `local-ca`. */
export function certResolverName(tls: TlsSpec): "acme-http01" | "acme-dns01" | undefined {
  return tls.mode === "local-ca" ? undefined : tls.mode;
}

export const LETS_ENCRYPT_CA = {
  production: "https://acme-v02.api.letsencrypt.org/directory",
  staging: "https://acme-staging-v02.api.letsencrypt.org/directory",
} as const;
