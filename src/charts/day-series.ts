// Turns rows that list only the days that have data into one value per day of the range, aligned with the labels.

type DayRow<K extends string> = { readonly day: string } & { readonly [F in K]: number };

/** Sums of each field per day; days without a row are 0 (no messages is a real zero). Rows outside are ignored. */
export function sumByDay<K extends string>(
  days: readonly string[],
  rows: readonly DayRow<K>[],
  fields: readonly K[],
): Record<K, number[]> {
  const index = indexDays(days);
  const series = makeSeries(fields, days.length, () => 0);
  for (const row of rows) {
    const i = index.get(row.day);
    if (i === undefined) continue;
    for (const field of fields) series[field][i] = (series[field][i] ?? 0) + row[field];
  }
  return series;
}

/**
 * Each field per day; days without a row are null (a gap), for values that cannot be inferred from a missing row:
 * a day with no messages has no active posters that day, but its 7- and 30-day windows may still have some.
 */
export function valuesByDay<K extends string>(
  days: readonly string[],
  rows: readonly DayRow<K>[],
  fields: readonly K[],
): Record<K, (number | null)[]> {
  const index = indexDays(days);
  const series = makeSeries<K, number | null>(fields, days.length, () => null);
  for (const row of rows) {
    const i = index.get(row.day);
    if (i === undefined) continue;
    for (const field of fields) series[field][i] = row[field];
  }
  return series;
}

function indexDays(days: readonly string[]): Map<string, number> {
  return new Map(days.map((day, i) => [day, i]));
}

function makeSeries<K extends string, V>(fields: readonly K[], length: number, empty: () => V): Record<K, V[]> {
  const series = {} as Record<K, V[]>;
  for (const field of fields) series[field] = Array.from({ length }, empty);
  return series;
}
