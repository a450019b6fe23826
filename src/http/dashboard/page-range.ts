// The range picker: ?range=7d|30d|90d|1y|all, in the URL so a link shows the same days. Pure.
import type { DayRange } from "../../charts/chart-data.js";
import { MAX_CHART_DAYS } from "../../charts/utc-day.js";
import { addUtcDays, maxDay } from "../../history/utc-days.js";
import { RANGE_KEYS, type RangeKey } from "../../web/page-messages.js";

export const DEFAULT_RANGE: RangeKey = "30d";

const RANGE_DAYS: Readonly<Record<Exclude<RangeKey, "all">, number>> = { "7d": 7, "30d": 30, "90d": 90, "1y": 365 };

/** An unknown value shows the default range (a page answers; the API is the strict one). */
export function parseRangeKey(value: string | undefined): RangeKey {
  return RANGE_KEYS.find((key) => key === value) ?? DEFAULT_RANGE;
}

/**
 * The days a range covers, ending today. "all" starts at the guild's first day of history (today when it has none),
 * but at most as far back as a chart draws.
 */
export function resolveRange(key: RangeKey, today: string, firstDay: string | null): DayRange {
  const earliest = addUtcDays(today, -(MAX_CHART_DAYS - 1));
  if (key === "all")
    return { from: firstDay === null ? today : maxDay(earliest, minFirst(firstDay, today)), to: today };
  return { from: addUtcDays(today, -(RANGE_DAYS[key] - 1)), to: today };
}

function minFirst(firstDay: string, today: string): string {
  return firstDay <= today ? firstDay : today;
}
