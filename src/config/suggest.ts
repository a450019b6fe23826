/** "Did you mean" for misspelt keys. Pure. */

/**
 * The known key closest to `input`, if close enough to be a plausible typo. `aliases` maps other
 * spellings people use for a key (e.g. its environment variable name) to the key itself.
 */
export function suggestKey(
  input: string,
  keys: readonly string[],
  aliases: ReadonlyMap<string, string> = new Map(),
): string | undefined {
  const wanted = normalize(input);
  // "poll_interval", "PollInterval" and "DISCORD_TOKEN" are spelling-convention slips, not typos.
  for (const key of keys) if (normalize(key) === wanted) return key;
  for (const [alias, key] of aliases) if (normalize(alias) === wanted) return key;

  const limit = wanted.length <= 4 ? 1 : 2;
  let best: { key: string; distance: number } | undefined;
  for (const key of keys) {
    const distance = editDistance(wanted, normalize(key));
    if (distance <= limit && (best === undefined || distance < best.distance)) best = { key, distance };
  }
  return best?.key;
}

function normalize(text: string): string {
  return text.toLowerCase().replace(/[_\-\s]/g, "");
}

/** Optimal-string-alignment distance: Levenshtein plus adjacent swaps, so "tokne" is 1 from "token". */
function editDistance(a: string, b: string): number {
  const rows: number[][] = [];
  for (let i = 0; i <= a.length; i++) {
    const row: number[] = [];
    for (let j = 0; j <= b.length; j++) {
      if (i === 0 || j === 0) {
        row.push(i + j);
        continue;
      }
      const previous = rows[i - 1] ?? [];
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let distance = Math.min((previous[j] ?? 0) + 1, (row[j - 1] ?? 0) + 1, (previous[j - 1] ?? 0) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        distance = Math.min(distance, (rows[i - 2]?.[j - 2] ?? 0) + 1);
      }
      row.push(distance);
    }
    rows.push(row);
  }
  return rows[a.length]?.[b.length] ?? Math.max(a.length, b.length);
}
