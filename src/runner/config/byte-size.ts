const UNIT_BYTES = { b: 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3, t: 1024 ** 4 } as const;
const SIZE = /^(\d+(?:\.\d+)?)\s*([bkmgt])?(?:i?b)?$/;

/**
 * Bytes in a Docker-style size (`512m`, `4g`, `1.5g`, `4GiB`; 1024-based like `docker run --memory`);
 * a bare number is bytes. Returns undefined when the text is not a size.
 */
export function parseByteSize(text: string): number | undefined {
  const match = SIZE.exec(text.trim().toLowerCase());
  if (match === null) return undefined;
  const [, amount, unit] = match;
  return Math.floor(Number(amount) * UNIT_BYTES[(unit ?? "b") as keyof typeof UNIT_BYTES]);
}
