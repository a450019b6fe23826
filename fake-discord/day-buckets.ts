/** Splits a message store into UTC days by binary search on snowflakes, instead of decoding every id. */

import type { IndexRange, MessageStore } from "./message-store.js";
import { snowflakeBigFromTime, timeFromSnowflake } from "./snowflake.js";

const DAY_MS = 86_400_000;

/** "YYYY-MM-DD" (UTC) for a Unix time in ms. */
export function utcDay(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/** Index ranges of each UTC day that has at least one message, oldest day first. */
export function dayRanges(store: MessageStore): Array<{ day: string; range: IndexRange }> {
  const oldest = store.oldestId();
  const newest = store.newestId();
  if (oldest === null || newest === null) return [];
  const out: Array<{ day: string; range: IndexRange }> = [];
  const lastDayStart = Math.floor(timeFromSnowflake(newest) / DAY_MS) * DAY_MS;
  let dayStart = Math.floor(timeFromSnowflake(oldest) / DAY_MS) * DAY_MS;
  let start = 0;
  while (dayStart <= lastDayStart) {
    const nextStart = dayStart + DAY_MS;
    const end = dayStart === lastDayStart ? store.size : store.lowerBound(snowflakeBigFromTime(nextStart));
    if (end > start) out.push({ day: utcDay(dayStart), range: { start, end } });
    start = end;
    dayStart = nextStart;
  }
  return out;
}
