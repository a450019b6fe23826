// UTC calendar days ("YYYY-MM-DD") for the charts. src/history/utc-days.ts has the same arithmetic for the server;
// this copy keeps src/charts/ self-contained, so the web page can be served this one folder and nothing else.

const DAY_MS = 86_400_000;
const DAY_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;

/** A range longer than this is a caller's mistake (a chart of 10 years of days has nothing to read). */
export const MAX_CHART_DAYS = 3660;

/** Midnight UTC of a day, in ms; throws on anything that is not a real calendar day. */
export function utcDayStartMs(day: string): number {
  const match = DAY_PATTERN.exec(day);
  const ms = match ? Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])) : Number.NaN;
  if (Number.isNaN(ms) || new Date(ms).toISOString().slice(0, 10) !== day) {
    throw new RangeError(`not a YYYY-MM-DD day: ${JSON.stringify(day)}`);
  }
  return ms;
}

/** Every day from `from` to `to`, both included. */
export function listUtcDays(from: string, to: string): string[] {
  const first = utcDayStartMs(from);
  const last = utcDayStartMs(to);
  if (last < first) throw new RangeError(`day range ends before it starts: ${from}..${to}`);
  const count = (last - first) / DAY_MS + 1;
  if (count > MAX_CHART_DAYS) throw new RangeError(`day range too long: ${count} days (at most ${MAX_CHART_DAYS})`);
  return Array.from({ length: count }, (_, i) => new Date(first + i * DAY_MS).toISOString().slice(0, 10));
}
