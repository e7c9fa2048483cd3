import type { PlatformSpec } from "../spec/index.js";
import { GITLAB_OIDC_CLIENT_ID, GITLAB_OIDC_SCOPES, gitlabOidcRedirectUri } from "./authelia-config.js";
import { httpsUrl } from "./names.js";

/**
 * GitLab's OmniAuth `openid_connect` provider for Authelia. A type alias, not an interface, so that it stays
 * assignable to index-signature types such as `RubyValue`.
 */
export type GitlabOidcProvider<Secret> = {
  readonly name: "openid_connect";
  readonly label: string;
  readonly args: {
    readonly name: "openid_connect";
    readonly scope: readonly string[];
    readonly response_type: "code";
    readonly issuer: string;
    readonly discovery: boolean;
    readonly client_auth_method: "basic";
    readonly uid_field: string;
    readonly pkce: boolean;
    readonly send_scope_to_token_endpoint: boolean;
    readonly client_options: {
      readonly identifier: string;
      readonly secret: Secret;
      readonly redirect_uri: string;
    };
  };
};

/**
 * The one definition of how GitLab signs users in through Authelia: the client Authelia registers
 * (`renderAutheliaConfig`), PKCE, `client_secret_basic`, `preferred_username` as uid. Both targets use it and
 * differ only in `clientSecret`: Omnibus's gitlab.rb reads it from a mounted file (a `RubyCode`), the chart reads
 * the whole provider from a Kubernetes Secret (the plain value).
 */
export function gitlabOidcProvider<Secret>(spec: PlatformSpec, clientSecret: Secret): GitlabOidcProvider<Secret> {
  return {
    name: "openid_connect",
    label: "Authelia",
    args: {
      name: "openid_connect",
      scope: [...GITLAB_OIDC_SCOPES],
      response_type: "code",
      issuer: httpsUrl(spec.hostnames.auth),
      discovery: true,
      client_auth_method: "basic",
      uid_field: "preferred_username",
      pkce: true,
      send_scope_to_token_endpoint: false,
      client_options: {
        identifier: GITLAB_OIDC_CLIENT_ID,
        secret: clientSecret,
        redirect_uri: gitlabOidcRedirectUri(spec),
      },
    },
  };
}
