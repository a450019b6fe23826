// A 1200 px chart gains nothing from more than about a thousand points, and chart.js slows down with many more;
// but plain thinning would drop the peaks that people look for (the evening the server filled up). So: min/max
// per bucket, over every series at once, because all series share one category axis and so one set of rows.

/** The values a row has in each series; null is a gap (not counted as a low). */
export type SeriesValue<T> = (row: T) => number | null;

/**
 * At most `maxPoints` rows in their original order: the first and last row, and in each of equal-sized buckets the
 * rows holding the lowest and highest value of each series. So every series' overall lowest and highest rows stay.
 * A bucket whose series are all gaps keeps its first row, so the gap still shows.
 */
export function downsampleMinMax<T>(rows: readonly T[], maxPoints: number, series: readonly SeriesValue<T>[]): T[] {
  if (rows.length <= maxPoints) return rows.slice();
  const perBucket = Math.max(1, 2 * series.length);
  if (!Number.isInteger(maxPoints) || maxPoints < 2 + perBucket) {
    throw new RangeError(`maxPoints must be an integer of at least ${2 + perBucket}, got ${maxPoints}`);
  }
  const interior = rows.length - 2;
  const buckets = Math.min(interior, Math.floor((maxPoints - 2) / perBucket));
  const kept: number[] = [0];
  for (let b = 0; b < buckets; b++) {
    const start = 1 + Math.floor((b * interior) / buckets);
    const end = 1 + Math.floor(((b + 1) * interior) / buckets);
    kept.push(...extremesOf(rows, start, end, series));
  }
  kept.push(rows.length - 1);
  return kept.map((i) => rows[i]!);
}

/** Indices (sorted, distinct) of the lowest and highest value of each series in rows[start, end). */
function extremesOf<T>(rows: readonly T[], start: number, end: number, series: readonly SeriesValue<T>[]): number[] {
  const picked = new Set<number>();
  for (const value of series) {
    let low = -1;
    let high = -1;
    let lowValue = Number.POSITIVE_INFINITY;
    let highValue = Number.NEGATIVE_INFINITY;
    for (let i = start; i < end; i++) {
      const v = value(rows[i]!);
      if (v === null || Number.isNaN(v)) continue;
      if (v < lowValue) [low, lowValue] = [i, v];
      if (v > highValue) [high, highValue] = [i, v];
    }
    if (low >= 0) picked.add(low);
    if (high >= 0) picked.add(high);
  }
  if (picked.size === 0) picked.add(start);
  return [...picked].sort((a, b) => a - b);
}
