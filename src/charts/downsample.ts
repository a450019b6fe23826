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
  // Read every value once: the search below goes over the rows about ten times.
  const columns = series.map((value) => Float64Array.from(rows, (row) => value(row) ?? Number.NaN));
  // With as many buckets as surely fit, the extremes often share rows (a bucket's low in one series is its high in
  // the other, or a small bucket has fewer rows than picks) and the budget is underused: so look for the largest
  // bucket count whose picks still fit. Every candidate is checked, so the bound holds whatever the data.
  let low = Math.floor((maxPoints - 2) / perBucket);
  let best = pick(rows.length, low, columns);
  let high = Math.min(rows.length - 2, maxPoints - 2);
  while (low < high) {
    const middle = Math.ceil((low + high) / 2);
    const candidate = pick(rows.length, middle, columns);
    if (candidate.length <= maxPoints) [low, best] = [middle, candidate];
    else high = middle - 1;
  }
  return best.map((i) => rows[i]!);
}

/** Indices of the first and last row and of each bucket's extremes, in order. */
function pick(length: number, buckets: number, columns: readonly Float64Array[]): number[] {
  const interior = length - 2;
  const kept: number[] = [0];
  const picked: number[] = [];
  for (let b = 0; b < buckets; b++) {
    const start = 1 + Math.floor((b * interior) / buckets);
    const end = 1 + Math.floor(((b + 1) * interior) / buckets);
    picked.length = 0;
    for (const column of columns) extremesOf(column, start, end, picked);
    if (picked.length === 0) picked.push(start);
    picked.sort((x, y) => x - y);
    for (let i = 0; i < picked.length; i++) if (i === 0 || picked[i] !== picked[i - 1]) kept.push(picked[i]!);
  }
  kept.push(length - 1);
  return kept;
}

/** Adds the indices of the lowest and highest value in column[start, end), gaps (NaN) skipped, to `picked`. */
function extremesOf(column: Float64Array, start: number, end: number, picked: number[]): void {
  let low = -1;
  let high = -1;
  let lowValue = Number.POSITIVE_INFINITY;
  let highValue = Number.NEGATIVE_INFINITY;
  for (let i = start; i < end; i++) {
    const v = column[i]!;
    if (v < lowValue) {
      low = i;
      lowValue = v;
    }
    if (v > highValue) {
      high = i;
      highValue = v;
    }
  }
  if (low >= 0) picked.push(low, high);
}
