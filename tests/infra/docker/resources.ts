import type { MockedResource, ProgramRun } from "../../support/pulumi.js";

/** Type tokens and finders over what the Docker target declares, and the environment its example stacks read. */

export const CONTAINER = "docker:index/container:Container";
export const IMAGE = "docker:index/remoteImage:RemoteImage";
export const VOLUME = "docker:index/volume:Volume";
export const NETWORK = "docker:index/network:Network";
export const DOCKER_PROVIDER = "pulumi:providers:docker";
export const COMMAND = "command:local:Command";

/**
 * PEM stand-ins for the homelab stack's `buildbox` host, whose TLS material the stack reads from the environment
 * of `pulumi up` (`{ env: BUILDBOX_DOCKER_* }`): pass as `runStack("homelab", { env: HOMELAB_ENV })`.
 */
export const HOMELAB_ENV = {
  BUILDBOX_DOCKER_CA: "-----BEGIN CERTIFICATE-----\nbuildbox-ca\n-----END CERTIFICATE-----\n",
  BUILDBOX_DOCKER_CERT: "-----BEGIN CERTIFICATE-----\nbuildbox-client\n-----END CERTIFICATE-----\n",
  BUILDBOX_DOCKER_KEY: "-----BEGIN PRIVATE KEY-----\nbuildbox-client-key-value\n-----END PRIVATE KEY-----\n",
} as const;

/** A container by its Docker name (`autogit-gitlab`); throws listing the names that exist. */
export function container(run: ProgramRun, dockerName: string): MockedResource {
  const found = run.ofType(CONTAINER).find((resource) => resource.inputs["name"] === dockerName);
  if (found === undefined) {
    throw new Error(`no container named ${dockerName}; declared: ${run.ofType(CONTAINER).map((r) => String(r.inputs["name"])).join(", ")}`);
  }
  return found;
}

export interface RecordedUpload {
  readonly content: string;
  readonly permissions: string | undefined;
  /** The upload's content arrived as a Pulumi secret. */
  readonly secret: boolean;
}

/** The container's uploads by path, with whether each arrived as a secret (the whole `uploads` list counts too). */
export function uploadsOf(resource: MockedResource): Map<string, RecordedUpload> {
  const list = (resource.inputs["uploads"] ?? []) as { file: string; content?: string; permissions?: string }[];
  const wholeSecret = resource.secretPaths.includes("uploads");
  return new Map(
    list.map((upload, i) => [
      upload.file,
      {
        content: upload.content ?? "",
        permissions: upload.permissions,
        secret: wholeSecret || resource.secretPaths.some((path) => path === `uploads[${i}]` || path === `uploads[${i}].content`),
      },
    ]),
  );
}

/** The upload at `path`; throws listing the paths that exist. */
export function uploadOf(resource: MockedResource, path: string): RecordedUpload {
  const all = uploadsOf(resource);
  const found = all.get(path);
  if (found === undefined) throw new Error(`${resource.name} has no upload ${path}; it has ${[...all.keys()].join(", ")}`);
  return found;
}

/** `envs` (`NAME=value` lines) as a record. */
export function envOf(resource: MockedResource): Record<string, string> {
  const lines = (resource.inputs["envs"] ?? []) as string[];
  return Object.fromEntries(lines.map((line) => [line.slice(0, line.indexOf("=")), line.slice(line.indexOf("=") + 1)]));
}

/** Labels as a record. */
export function labelsOf(resource: MockedResource): Record<string, string> {
  const labels = (resource.inputs["labels"] ?? []) as { label: string; value: string }[];
  return Object.fromEntries(labels.map(({ label, value }) => [label, value]));
}

/** The resource was declared with the explicit provider resource `providerName` (e.g. `autogit-host-pi5-engine`). */
export function usesProvider(resource: MockedResource, providerName: string): boolean {
  return resource.provider?.endsWith(`::${providerName}::${providerName}-id`) === true;
}
