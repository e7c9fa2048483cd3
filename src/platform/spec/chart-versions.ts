/**
 * GitLab's charts version in lockstep with the apps: GitLab chart 9.x ships GitLab 18.x (chart major = app
 * major − 9, same minor and patch); the GitLab Runner chart 0.N ships runner 18.(N − 77) (one chart minor per
 * monthly release, 12 a year). Deriving the chart from the app version keeps the two from drifting apart.
 */

const APP = /^v?(\d+)\.(\d+)\.(\d+)/;

/** `18.5.2-ce.0` → `9.5.2`; undefined when the version cannot be read. */
export function gitlabChartVersionFor(gitlabVersion: string): string | undefined {
  const match = APP.exec(gitlabVersion);
  if (match === null) return undefined;
  const [, major, minor, patch] = match.map(Number) as [number, number, number, number];
  return major >= 14 ? `${major - 9}.${minor}.${patch}` : undefined;
}

/**
 * `v18.11.0` → `0.88.0`; undefined outside the release lines where the rule is known to hold (15.0 to 19.x:
 * 14.x had only eleven minors, and a later major may restart the count).
 */
export function gitlabRunnerChartVersionFor(runnerVersion: string): string | undefined {
  const match = APP.exec(runnerVersion);
  if (match === null) return undefined;
  const [, major, minor, patch] = match.map(Number) as [number, number, number, number];
  if (major < 15 || major > 19 || minor > 11) return undefined;
  return `0.${65 + (major - 17) * 12 + minor}.${patch}`;
}

/** Major and minor of a version string, for "same release line" comparisons. */
export function releaseLine(version: string): string | undefined {
  const match = APP.exec(version);
  return match === null ? undefined : `${match[1]}.${match[2]}`;
}
