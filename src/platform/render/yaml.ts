import { stringify } from "yaml";

/** YAML text of a Traefik static or dynamic config (no line folding, so rules stay on one line). */
export function traefikYaml(config: unknown): string {
  return stringify(config, { lineWidth: 0 });
}
