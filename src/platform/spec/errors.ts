/** One problem in the stack configuration. `path` is the config path, e.g. `runnerHosts[2].gpu.vendor`. */
export interface PlatformConfigIssue {
  readonly path: string;
  readonly message: string;
}

/**
 * Thrown by `parsePlatformSpec` when the stack configuration is invalid. Carries every problem found,
 * not only the first, so one `pulumi up` (or `npm run validate`) shows the whole list.
 */
export class PlatformConfigError extends Error {
  override readonly name = "PlatformConfigError";
  readonly issues: readonly PlatformConfigIssue[];

  constructor(issues: readonly PlatformConfigIssue[]) {
    const noun = issues.length === 1 ? "problem" : "problems";
    const lines = issues.map((issue) => `  - ${issue.path === "" ? "" : `${issue.path} `}${issue.message}`);
    super(`Stack configuration (autogit:*) has ${issues.length} ${noun}:\n${lines.join("\n")}`);
    this.issues = issues;
  }
}

/** `["runnerHosts", 2, "gpu", "vendor"]` → `runnerHosts[2].gpu.vendor`. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = "";
  for (const segment of path) {
    if (typeof segment === "number") out += `[${segment}]`;
    else if (typeof segment === "string" && /^[A-Za-z_$][\w$-]*$/.test(segment)) out += out === "" ? segment : `.${segment}`;
    else out += `[${JSON.stringify(String(segment))}]`;
  }
  return out;
}
