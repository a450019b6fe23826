// UTC calendar days as YYYY-MM-DD text (what the API, the charts and the views show), and as day numbers: whole days
// since 1970-01-01, the form the daily tables store and the active-member windows count in. Pure.

const DAY_MS = 86_400_000;
const DAY_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;

/** The UTC day of a time (ms since the epoch). */
export function formatUtcDay(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/** Midnight UTC of a day, in ms; null for anything that is not a real calendar day (2024-02-30 included). */
export function parseUtcDay(text: string): number | null {
  const match = DAY_PATTERN.exec(text);
  if (!match) return null;
  const ms = Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]));
  return formatUtcDay(ms) === text ? ms : null;
}

export function isUtcDay(text: string): boolean {
  return parseUtcDay(text) !== null;
}

function startOfDay(day: string): number {
  const ms = parseUtcDay(day);
  if (ms === null) throw new RangeError(`not a YYYY-MM-DD day: ${JSON.stringify(day)}`);
  return ms;
}

/** A UTC day as a whole number of days since 1970-01-01. */
export function utcDayNumber(day: string): number {
  return startOfDay(day) / DAY_MS;
}

/** The UTC day of a day number, YYYY-MM-DD. */
export function formatUtcDayNumber(dayNumber: number): string {
  return formatUtcDay(dayNumber * DAY_MS);
}

export function addUtcDays(day: string, days: number): string {
  return formatUtcDay(startOfDay(day) + days * DAY_MS);
}

/** Midnight UTC at the start of the day, ms. */
export function startOfUtcDayMs(day: string): number {
  return startOfDay(day);
}

/** The last whole second of the day (23:59:59), ms: the time a day's closing value is stamped with. */
export function endOfUtcDayMs(day: string): number {
  return startOfDay(day) + DAY_MS - 1000;
}

/** Every day from `first` to `last`, both included; empty when last < first. */
export function* eachUtcDay(first: string, last: string): Generator<string> {
  const end = startOfDay(last);
  for (let ms = startOfDay(first); ms <= end; ms += DAY_MS) yield formatUtcDay(ms);
}

export function maxDay(a: string, b: string): string {
  return a >= b ? a : b;
}

export function minDay(a: string, b: string): string {
  return a <= b ? a : b;
}
