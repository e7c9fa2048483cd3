/**
 * The platform spec: the `autogit:` stack config, validated once into a typed, defaulted `PlatformSpec` that
 * the Docker and Kubernetes targets both build from.
 */
export { parsePlatformSpec } from "./parse.js";
export { CONFIG_NAMESPACE } from "./namespace.js";
export { platformConfigFromEntries } from "./config-entries.js";
export { PlatformConfigError, formatPath } from "./errors.js";
export type { PlatformConfigIssue } from "./errors.js";
export { PLATFORM_CONFIG_KEYS, platformConfigSchema } from "./platform-schema.js";
export type { PlatformConfigInput } from "./platform-schema.js";
export {
  DEFAULT_ALLOWED_NETWORKS,
  DEFAULT_CHART_VERSIONS,
  DEFAULT_DOCKER_HOST,
  DEFAULT_IMAGE_VERSIONS,
  DEFAULT_KUBERNETES_NAMESPACES,
  DEFAULT_NODE_PORTS,
  DEFAULT_UPSTREAMS,
  NODE_PORT_RANGE,
} from "./defaults.js";
export { gitlabChartVersionFor, gitlabRunnerChartVersionFor } from "./chart-versions.js";
export { isLanDomain } from "./rules.js";
export { githubRunnerNamespace, runnerPoolNames } from "./kubernetes-names.js";
export { dockerHostUri, githubRunnerLabels, gitlabRunnerTags, gpuResourceName, poolNodeSelector, servedArches } from "./runner-hosts.js";
export * from "./types.js";
