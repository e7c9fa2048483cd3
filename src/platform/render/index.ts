/**
 * Pure renderers of the platform services' config files from a `PlatformSpec`: Traefik (static and dynamic),
 * Authelia (configuration and users), CoreDNS (Corefile and zone files), GitLab Omnibus (`gitlab.rb`) and
 * gitlab-runner (`config.toml`). Each returns plain objects or text; secrets are referenced by file path, never
 * inlined (the runner config, which holds its token, is the one secret output).
 */
export * from "./defaults.js";
export { DNS01_PROVIDER_ENV, acmeDns01Environment } from "./acme-dns-env.js";
export type { AcmeDns01Environment, AcmeSecretFile } from "./acme-dns-env.js";
export { LETS_ENCRYPT_CA, TraefikEntryPoint, certResolverName } from "./traefik-entrypoints.js";
export { renderTraefikStaticConfig } from "./traefik-static.js";
export type { TraefikAcme, TraefikStaticConfig, TraefikStaticEntryPoint, TraefikStaticParams } from "./traefik-static.js";
export { AUTHELIA_RESPONSE_HEADERS, TraefikName, renderTraefikDynamicConfig } from "./traefik-dynamic.js";
export type { TraefikDynamicConfig, TraefikDynamicParams, TraefikHttpRouter, TraefikMiddleware, TraefikTlsOptions } from "./traefik-dynamic.js";
export { AUTHELIA_CONFIG_FILTERS_ENV, AUTHELIA_SECRET_ENV, AutheliaSecret, autheliaEnvironment, autheliaSecretFiles, autheliaSecretPath } from "./authelia-secrets.js";
export type { AutheliaSecretFile } from "./authelia-secrets.js";
export { autheliaConfigYaml, multilineSecretTemplate, secretTemplate } from "./authelia-template.js";
export { GITLAB_OIDC_CLIENT_ID, GITLAB_OIDC_SCOPES, gitlabOidcRedirectUri, renderAutheliaConfig } from "./authelia-config.js";
export type { AutheliaConfig, AutheliaConfigParams, AutheliaOidc } from "./authelia-config.js";
export { autheliaUsersYaml, renderAutheliaUsers } from "./authelia-users.js";
export type { AutheliaUsersDatabase } from "./authelia-users.js";
export { PBKDF2_SHA512_ITERATIONS, pbkdf2Sha512Digest } from "./oidc-client-secret.js";
export { localZones } from "./dns-zones.js";
export type { LocalZone } from "./dns-zones.js";
export { LOCAL_RECORD_TTL, renderZoneFile, zoneFileName } from "./zone-file.js";
export { renderCoreDns } from "./corefile.js";
export type { CoreDnsConfig, CoreDnsParams } from "./corefile.js";
export { GitlabSecret, gitlabEnvironment, gitlabSecretPath, renderGitlabOmnibusConfig } from "./gitlab-omnibus.js";
export type { GitlabOmnibusParams } from "./gitlab-omnibus.js";
export { gitlabOidcProvider } from "./gitlab-oidc-provider.js";
export type { GitlabOidcProvider } from "./gitlab-oidc-provider.js";
export { rubyReadFile, rubyString, rubyValue } from "./ruby.js";
export type { RubyCode, RubyValue } from "./ruby.js";
export {
  DEFAULT_JOB_IMAGE,
  gitlabRunnerConfigToml,
  gitlabRunnerRegistration,
  jobImagePlatform,
  renderGitlabRunnerConfig,
} from "./gitlab-runner-config.js";
export type { GitlabRunnerConfig, GitlabRunnerConfigParams, GitlabRunnerDocker, GitlabRunnerEntry } from "./gitlab-runner-config.js";
export { traefikYaml } from "./yaml.js";
export { httpsUrl, isWithinZone } from "./names.js";
