import type * as docker from "@pulumi/docker";
import * as pulumi from "@pulumi/pulumi";

/**
 * Small pure helpers the service components share, so every container is built the same way: files as `uploads`
 * (secret ones wrapped as Pulumi secrets), environment as `NAME=value` lines, the platform network with the alias
 * the renderers' service addresses use.
 */

/** A file put into a container before it starts. */
export interface ContainerFile {
  readonly path: string;
  readonly content: pulumi.Input<string>;
  /** Secret contents stay encrypted in the state and hidden in previews. */
  readonly secret?: boolean;
  /** Octal mode; default 0444 for config, 0400 for secrets. */
  readonly permissions?: string;
}

/** The `uploads` of a container. */
export function uploads(files: readonly ContainerFile[]): docker.types.input.ContainerUpload[] {
  return files.map((file) => ({
    file: file.path,
    content: file.secret === true ? pulumi.secret(file.content) : file.content,
    permissions: file.permissions ?? (file.secret === true ? "0400" : "0444"),
  }));
}

/** `{ A: "1" }` → `["A=1"]`, sorted so the container is not replaced over key order. Never pass a secret here. */
export function envList(env: Readonly<Record<string, string>>): string[] {
  return Object.entries(env)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([key, value]) => `${key}=${value}`);
}

/**
 * Attachment to the platform network under `alias`, the host name the other services use (`gitlab`, `authelia`),
 * plus any extra names the container answers for on that network.
 */
export function onNetwork(network: pulumi.Input<string>, alias: string, ...more: readonly string[]): docker.types.input.ContainerNetworksAdvanced[] {
  return [{ name: network, aliases: [alias, ...more] }];
}

/** Container name on the engine: prefixed, so it cannot clash with containers the user already runs. */
export function containerName(service: string): string {
  return `autogit-${service}`;
}

/** Label keys AutoGit puts on the Docker objects it creates, so `docker ps --filter label=dev.autogit.component` finds them. */
export const AUTOGIT_LABEL = { component: "dev.autogit.component", runnerHost: "dev.autogit.runner-host" } as const;

/**
 * Docker labels of a platform object. Labels are visible to anyone who can `docker inspect`: they carry names
 * only, never a secret or a config value.
 */
export function autogitLabels(component: string, extra: Readonly<Record<string, string>> = {}): { label: string; value: string }[] {
  return Object.entries({ [AUTOGIT_LABEL.component]: component, ...extra }).map(([label, value]) => ({ label, value }));
}
