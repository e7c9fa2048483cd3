/** `; did you mean "nvidia"?` for a near miss or a known alias, else an empty string. */
export function didYouMean(got: string, allowed: readonly string[], aliases: Readonly<Record<string, string>> = {}): string {
  const value = got.trim().toLowerCase();
  const alias = aliases[value];
  if (alias !== undefined) return `; did you mean "${alias}"?`;
  let best: { readonly word: string; readonly distance: number } | undefined;
  for (const word of allowed) {
    const distance = editDistance(value, word);
    if (distance <= 2 && (best === undefined || distance < best.distance)) best = { word, distance };
  }
  return best === undefined || value.length < 3 ? "" : `; did you mean "${best.word}"?`;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i += 1) {
    const current = [i];
    for (let j = 1; j <= b.length; j += 1) {
      const substitution = (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1);
      current[j] = Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, substitution);
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}
