// How the daily tables (daily_messages, daily_authors) name a row's channel, day and author, since migrations/0006:
// the channel row's small `key` instead of its 19-digit id, the UTC day as a day number (days since 1970-01-01), the
// author's snowflake as a 64-bit INTEGER: a third of the bytes a row took as text. The one place the code
// spells this encoding; the views of 0006 spell the day's in SQL too, and a test holds the two together.
import { utcDayNumber } from "../history/utc-days.js";

/** A YYYY-MM-DD day as the daily tables store it. Throws a RangeError naming the text if it is not a calendar day. */
export const toDayKey: (day: string) => number = utcDayNumber;

/** SQL for a stored day (a column or any expression) as YYYY-MM-DD text; NULL stays NULL. */
export function dayTextSql(dayKey: string): string {
  return `date(${dayKey} * 86400, 'unixepoch')`;
}

const SNOWFLAKE = /^(0|[1-9]\d{0,18})$/;
const INT64_MAX = 2n ** 63n - 1n;

/**
 * A snowflake as the exact integer bound into an INTEGER column (a JavaScript number would round it: ids pass 2^53).
 * Throws a RangeError naming anything that is not one, rather than letting SQLite keep it as text.
 */
export function toSnowflakeKey(id: string): bigint {
  const value = SNOWFLAKE.test(id) ? BigInt(id) : null;
  if (value === null || value > INT64_MAX) throw new RangeError(`not a Discord snowflake: ${JSON.stringify(id)}`);
  return value;
}

/** SQL reading a snowflake INTEGER column as its exact decimal text. */
export function snowflakeTextSql(column: string): string {
  return `CAST(${column} AS TEXT)`;
}
