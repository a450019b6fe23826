// The JSON API's query parameters, checked strictly and each problem named: a typo (`form=`) or a bad day must
// answer 400 with what was wrong, never a silently different range. Pure.
import type { DayRange } from "../../charts/chart-data.js";
import { MAX_CHART_DAYS } from "../../charts/utc-day.js";
import { addUtcDays, parseUtcDay } from "../../history/utc-days.js";

export type Checked<T> = { ok: true; value: T } | { ok: false; error: string };

/** Hono's c.req.queries(): every value of every parameter. */
export type QueryValues = Readonly<Record<string, readonly string[]>>;

/** Without `from`, a range is the 30 days ending on `to`. */
export const DEFAULT_RANGE_DAYS = 30;
/** The charts draw at most this many days (src/charts/utc-day.ts), and the API answers no more. */
export const MAX_RANGE_DAYS = MAX_CHART_DAYS;

const DAY_MS = 86_400_000;
const SNOWFLAKE = /^\d{1,20}$/;

const fail = (error: string): { ok: false; error: string } => ({ ok: false, error });

/** Unknown or repeated parameters, or null when every parameter is known and given once. */
export function checkParameterNames(query: QueryValues, allowed: readonly string[]): string | null {
  for (const [name, values] of Object.entries(query)) {
    if (!allowed.includes(name)) {
      const takes = allowed.length === 0 ? "no parameters" : allowed.join(", ");
      return `unknown parameter ${JSON.stringify(name)}: this route takes ${takes}`;
    }
    if (values.length > 1) return `${name} is given ${values.length} times: give it once`;
  }
  return null;
}

function single(query: QueryValues, name: string): string | undefined {
  return query[name]?.[0];
}

function checkDay(name: string, text: string): Checked<string> {
  return parseUtcDay(text) === null
    ? fail(`${name} must be a day as YYYY-MM-DD, got ${JSON.stringify(text)}`)
    : { ok: true, value: text };
}

/** `from` and `to` (inclusive UTC days): `to` defaults to today, `from` to the 30 days ending on `to`. */
export function checkDayRange(query: QueryValues, today: string): Checked<DayRange> {
  const toText = single(query, "to");
  const to = toText === undefined ? { ok: true as const, value: today } : checkDay("to", toText);
  if (!to.ok) return to;
  const fromText = single(query, "from");
  const from =
    fromText === undefined
      ? { ok: true as const, value: addUtcDays(to.value, -(DEFAULT_RANGE_DAYS - 1)) }
      : checkDay("from", fromText);
  if (!from.ok) return from;
  if (from.value > to.value) return fail(`from (${from.value}) must not be after to (${to.value})`);
  const days = (parseUtcDay(to.value)! - parseUtcDay(from.value)!) / DAY_MS + 1;
  if (days > MAX_RANGE_DAYS) {
    return fail(`from must be at most ${MAX_RANGE_DAYS} days before to: ${from.value}..${to.value} is ${days} days`);
  }
  return { ok: true, value: { from: from.value, to: to.value } };
}

/** An optional whole number within bounds. */
export function checkCount(
  query: QueryValues,
  name: string,
  bounds: { min: number; max: number },
): Checked<number | undefined> {
  const text = single(query, name);
  if (text === undefined) return { ok: true, value: undefined };
  const value = /^\d{1,9}$/.test(text) ? Number(text) : Number.NaN;
  if (!(value >= bounds.min && value <= bounds.max)) {
    return fail(`${name} must be a whole number from ${bounds.min} to ${bounds.max}, got ${JSON.stringify(text)}`);
  }
  return { ok: true, value };
}

/** An optional channel id. */
export function checkChannelId(query: QueryValues, name: string): Checked<string | undefined> {
  const text = single(query, name);
  if (text === undefined) return { ok: true, value: undefined };
  return SNOWFLAKE.test(text)
    ? { ok: true, value: text }
    : fail(`${name} must be a channel id (digits), got ${JSON.stringify(text)}`);
}
