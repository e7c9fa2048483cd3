import { loadStackConfig } from "../../../src/cli/stack-config.js";
import { parsePlatformSpec } from "../../../src/platform/spec/index.js";
import type { KubernetesPlatformSpec, RunnerPool } from "../../../src/platform/spec/index.js";

/** The shipped prod stack's spec, with `overrides` merged over its config first (top-level keys replace). */
export async function prodSpec(overrides: Record<string, unknown> = {}): Promise<KubernetesPlatformSpec> {
  const raw = { ...(await loadStackConfig("stacks/Pulumi.prod.yaml")), ...overrides };
  const spec = parsePlatformSpec(raw);
  if (spec.target !== "kubernetes") throw new Error(`prod targets ${spec.target}`);
  return spec;
}

/** A runner pool with the spec's defaults and `fields` over them. */
export function pool(fields: Partial<RunnerPool> & Pick<RunnerPool, "name">): RunnerPool {
  return { arch: "amd64", emulate: [], gpu: undefined, capacity: 2, labels: [], replicas: 1, nodeSelector: {}, tolerations: [], ...fields };
}
