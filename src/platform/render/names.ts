/** `host` is `zone` itself or a name under it (case-insensitive, trailing dots ignored). */
export function isWithinZone(host: string, zone: string): boolean {
  const h = host.toLowerCase().replace(/\.$/, "");
  const z = zone.toLowerCase().replace(/\.$/, "");
  return h === z || h.endsWith(`.${z}`);
}

/** `https://<host>` without a trailing slash. */
export function httpsUrl(host: string): string {
  return `https://${host}`;
}
