// Axis labels and subtitle ranges, formatted for the chart's language. Always in UTC: history days are UTC days,
// and a bot cannot know the reader's time zone; the axis titles say "(UTC)".
import type { ChartLocale } from "./chart-options.js";
import { chartMessages } from "./i18n.js";
import { utcDayStartMs } from "./utc-day.js";

/** Up to this span, member samples are labelled with the time of day too; beyond it, the date is enough. */
export const TIME_LABEL_MAX_SPAN_MS = 31 * 86_400_000;

type DateFormat = (ms: number) => string;

function dateFormat(locale: ChartLocale, withYear: boolean, withTime: boolean): DateFormat {
  const format = new Intl.DateTimeFormat(locale, {
    timeZone: "UTC",
    ...(withYear ? { year: "numeric" } : {}),
    month: "short",
    day: "numeric",
    ...(withTime ? { hour: "2-digit", minute: "2-digit", hourCycle: "h23" } : {}),
  });
  return (ms) => format.format(ms);
}

function spansYears(firstMs: number, lastMs: number): boolean {
  return new Date(firstMs).getUTCFullYear() !== new Date(lastMs).getUTCFullYear();
}

/** Labels for the days of a range: "6月1日" / "Jun 1", with the year when the range crosses a new year. */
export function formatDayLabels(locale: ChartLocale, days: readonly string[]): string[] {
  const first = days[0];
  const last = days[days.length - 1];
  if (first === undefined || last === undefined) return [];
  const format = dateFormat(locale, spansYears(utcDayStartMs(first), utcDayStartMs(last)), false);
  return days.map((day) => format(utcDayStartMs(day)));
}

/** Labels for sample times: date and time over a month or less, the date alone over longer spans. */
export function formatTimeLabels(locale: ChartLocale, times: readonly number[]): string[] {
  const first = times[0];
  const last = times[times.length - 1];
  if (first === undefined || last === undefined) return [];
  const format = dateFormat(locale, spansYears(first, last), last - first <= TIME_LABEL_MAX_SPAN_MS);
  return times.map(format);
}

/** "2024年6月1日〜2024年6月30日" / "Jun 1, 2024 – Jun 30, 2024"; one date when both ends are the same day. */
export function formatDayRange(locale: ChartLocale, from: string, to: string): string {
  const format = dateFormat(locale, true, false);
  const start = format(utcDayStartMs(from));
  return from === to ? start : `${start}${chartMessages[locale].rangeSeparator}${format(utcDayStartMs(to))}`;
}

/** The range of sample times, with the time of day when the span is short enough to label times. */
export function formatTimeRange(locale: ChartLocale, firstMs: number, lastMs: number): string {
  const format = dateFormat(locale, true, lastMs - firstMs <= TIME_LABEL_MAX_SPAN_MS);
  const start = format(firstMs);
  const end = format(lastMs);
  return start === end ? start : `${start}${chartMessages[locale].rangeSeparator}${end}`;
}
