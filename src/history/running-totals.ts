// A counter as it read at the end of each UTC day: a running total over daily amounts. Pure.
import type { HistoryPoint } from "./channel-history.js";
import { eachUtcDay, endOfUtcDayMs } from "./utc-days.js";

/**
 * One point per day from `first` to `until` (both included), stamped at the day's end: `before` plus every day's
 * amount so far. Sums stay in the stored unit (whole ms for voice) and `toValue` converts each total once, so no
 * rounding error adds up over years of days.
 */
export function* runningTotalPoints(
  before: number,
  perDay: ReadonlyMap<string, number>,
  first: string,
  until: string,
  toValue: (total: number) => number = (total) => total,
): Generator<HistoryPoint> {
  let total = before;
  for (const day of eachUtcDay(first, until)) {
    total += perDay.get(day) ?? 0;
    yield { ms: endOfUtcDayMs(day), value: toValue(total) };
  }
}
