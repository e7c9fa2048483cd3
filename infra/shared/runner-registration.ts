import * as command from "@pulumi/command";
import * as pulumi from "@pulumi/pulumi";
import type { RunnerIdentity } from "../../src/platform/registration/runner-api.js";
import {
  REGISTRATION_REPLACE_ON_CHANGES,
  deleteRunnerScript,
  registerRunnerScript,
  registrationTriggers,
  updateRunnerScript,
} from "../../src/platform/registration/runner-api.js";

export interface GitlabRunnerRegistrationArgs extends RunnerIdentity {
  /**
   * Address to pin GitLab's hostname to (Docker: `dns.lanAddress`, so registration works before the LAN uses
   * CoreDNS); absent = GitLab's name resolves through DNS (Kubernetes).
   */
  readonly gitlabAddress?: string | undefined;
  /** `local-ca`: the root to verify GitLab's certificate with; absent = the system's trust store. */
  readonly caCertPem?: pulumi.Input<string> | undefined;
  /**
   * A token of a GitLab admin with the `create_runner` scope (secret). Not a replace trigger: a new admin token
   * (rotation) leaves a runner whose own token still verifies in place.
   */
  readonly adminToken: pulumi.Input<string>;
  /** URN of the admin token's value resource: what `pulumi up --replace` takes to rotate it (named in the 401 error). */
  readonly adminTokenUrn: pulumi.Input<string>;
}

/**
 * One instance runner in GitLab, created through the REST API by @pulumi/command where `pulumi up` runs (needs
 * curl), for either target. Its output `token` (`glrt-…`) is what the runner manager authenticates with (the Docker
 * target's config.toml, a Kubernetes pool's token Secret): a secret in the state, hidden from the logs.
 */
export class GitlabRunnerRegistration extends pulumi.ComponentResource {
  /** The runner authentication token, `glrt-…` (secret). */
  readonly token: pulumi.Output<string>;

  constructor(name: string, args: GitlabRunnerRegistrationArgs, opts?: pulumi.ComponentResourceOptions) {
    super("autogit:platform:GitlabRunnerRegistration", name, { gitlabUrl: args.gitlabUrl, description: args.description, tags: args.tags }, opts);
    const registration = new command.local.Command(
      `${name}-api`,
      {
        create: registerRunnerScript(),
        update: updateRunnerScript(),
        delete: deleteRunnerScript(),
        environment: {
          GITLAB_URL: args.gitlabUrl,
          GITLAB_ADDRESS: args.gitlabAddress ?? "",
          GITLAB_CA_CERT: args.caCertPem ?? "",
          GITLAB_TOKEN: pulumi.secret(args.adminToken),
          ADMIN_TOKEN_URN: args.adminTokenUrn,
          RUNNER_DESCRIPTION: args.description,
          RUNNER_TAGS: args.tags.join(","),
        },
        triggers: registrationTriggers(args),
        // stdout is the runner token: never logged, and a secret in the state.
        logging: "stderr",
      },
      { parent: this, replaceOnChanges: [...REGISTRATION_REPLACE_ON_CHANGES], additionalSecretOutputs: ["stdout"] },
    );
    // Under Pulumi's mock engine stdout is not computed; the real provider always sets it.
    this.token = pulumi.secret(registration.stdout.apply((stdout) => (stdout ?? "").trim()));
    this.registerOutputs({ token: this.token });
  }
}
