// discord_channel_messages as it would have read at the end of each UTC day. Pure.
//
// The live gauge is a running total, so each day's value is the sum of every day up to and including it. Label sets
// come from buildChannelSeries itself (the function /metrics uses), so names, categories and types cannot drift;
// which stored rows feed which series mirrors it too (threads into their parent's "threads" source), and the tests
// check that the last day's values equal the live ones.
import { hasOwnMessages } from "../discord/channel-kinds.js";
import { timestampOfSnowflake } from "../discord/snowflake.js";
import { buildChannelSeries, type ChannelSeries, channelSeriesLabels } from "../metrics/channel-series.js";
import { attributeMessages, type MessageSource } from "../store/message-attribution.js";
import type { ChannelCountRow } from "../store/metrics-read.js";
import type { HistoryInput } from "./history-input.js";
import { eachUtcDay, endOfUtcDayMs, formatUtcDay, maxDay, minDay } from "./utc-days.js";

export type { MessageSource } from "../store/message-attribution.js";
export type AuthorKind = "human" | "bot";

export interface HistoryPoint {
  ms: number;
  value: number;
}

export interface HistorySeries {
  labels: Readonly<Record<string, string>>;
  /** Points in time order, generated on demand: years of days times thousands of series need not sit in memory. */
  points: () => Iterable<HistoryPoint>;
}

export type ChannelHistoryInput = Pick<
  HistoryInput,
  "since" | "until" | "exportChannelNames" | "channels" | "channelTotalsBefore" | "channelDays"
>;

interface Counts {
  human: number;
  bot: number;
}

/** What the rows attributed to one series source add up to: before `since`, then day by day. */
interface SourceTotals {
  before: Counts;
  days: Map<string, Counts>;
}

interface SeriesData {
  sources: Map<MessageSource, SourceTotals>;
  /** Any count before `since` means the series already ran then. */
  hasDataBefore: boolean;
  firstDay: string | null;
}

/** Where a stored row's messages go in the live output (message-attribution.ts), or null when not exported. */
function attributeRow(
  row: ChannelCountRow,
  seriesIds: ReadonlySet<string>,
): { seriesId: string; source: MessageSource } | null {
  const target = attributeMessages(row);
  if (target === null || !seriesIds.has(target.channelId)) return null;
  if (target.source === "channel" && !hasOwnMessages(row.type)) return null;
  return { seriesId: target.channelId, source: target.source };
}

/** Mirrors store-metrics.ts: forum and media channels have no messages of their own, so no "channel" series. */
function exportedSources(series: ChannelSeries): MessageSource[] {
  const sources: MessageSource[] = [];
  if (series.channelType !== "forum" && series.channelType !== "media") sources.push("channel");
  if (series.threads) sources.push("threads");
  return sources;
}

/** The day the channel was created (its id is a snowflake of that moment); null for an id that is not one. */
export function creationDay(channelId: string): string | null {
  return /^\d{1,20}$/.test(channelId) ? formatUtcDay(timestampOfSnowflake(channelId)) : null;
}

function addCounts(into: Counts, human: number, bot: number): void {
  into.human += human;
  into.bot += bot;
}

function collectSeriesData(input: ChannelHistoryInput, seriesIds: ReadonlySet<string>): Map<string, SeriesData> {
  const attribution = new Map<string, { seriesId: string; source: MessageSource }>();
  for (const row of input.channels) {
    const target = attributeRow(row, seriesIds);
    if (target) attribution.set(row.id, target);
  }
  const data = new Map<string, SeriesData>();
  const sourceTotals = (channelId: string): { series: SeriesData; totals: SourceTotals } | null => {
    const target = attribution.get(channelId);
    if (!target) return null;
    let series = data.get(target.seriesId);
    if (!series) {
      series = { sources: new Map(), hasDataBefore: false, firstDay: null };
      data.set(target.seriesId, series);
    }
    let totals = series.sources.get(target.source);
    if (!totals) {
      totals = { before: { human: 0, bot: 0 }, days: new Map() };
      series.sources.set(target.source, totals);
    }
    return { series, totals };
  };
  for (const row of input.channelTotalsBefore) {
    const found = sourceTotals(row.channelId);
    if (!found) continue;
    addCounts(found.totals.before, row.human, row.bot);
    found.series.hasDataBefore = true;
  }
  for (const row of input.channelDays) {
    if (row.day > input.until) continue;
    const found = sourceTotals(row.channelId);
    if (!found) continue;
    // A day before `since` only moves the starting point, as if it had come in channelTotalsBefore.
    if (row.day < input.since) {
      addCounts(found.totals.before, row.human, row.bot);
      found.series.hasDataBefore = true;
      continue;
    }
    let day = found.totals.days.get(row.day);
    if (!day) {
      day = { human: 0, bot: 0 };
      found.totals.days.set(row.day, day);
    }
    addCounts(day, row.human, row.bot);
    found.series.firstDay = found.series.firstDay === null ? row.day : minDay(found.series.firstDay, row.day);
  }
  return data;
}

/**
 * The first day a series gets a point: `since`, or the channel's creation if later (it read 0 from then on, as the
 * live gauge does for an empty channel), or its first message if the id says nothing usable.
 */
function firstExportedDay(since: string, channelId: string, data: SeriesData | undefined): string {
  if (data?.hasDataBefore) return since;
  const created = creationDay(channelId);
  const firstData = data?.firstDay ?? null;
  const start = created === null ? firstData : firstData === null ? created : minDay(created, firstData);
  return start === null ? since : maxDay(since, start);
}

/** Every exported day with its closing time, computed once and shared by all series (there can be thousands). */
interface CalendarDay {
  day: string;
  endMs: number;
}

function* cumulativePoints(
  totals: SourceTotals | undefined,
  author: AuthorKind,
  calendar: readonly CalendarDay[],
  from: number,
): Generator<HistoryPoint> {
  let value = totals ? totals.before[author] : 0;
  for (let i = from; i < calendar.length; i++) {
    const { day, endMs } = calendar[i]!;
    value += totals?.days.get(day)?.[author] ?? 0;
    yield { ms: endMs, value };
  }
}

/** One series per live label set of discord_channel_messages, valued at the end of each day from its start to `until`. */
export function buildChannelHistory(input: ChannelHistoryInput): HistorySeries[] {
  const liveSeries = buildChannelSeries(input.channels, input.exportChannelNames);
  const data = collectSeriesData(input, new Set(liveSeries.map((series) => series.channelId)));
  const calendar: CalendarDay[] = [...eachUtcDay(input.since, input.until)].map((day) => ({
    day,
    endMs: endOfUtcDayMs(day),
  }));
  const calendarIndex = new Map(calendar.map((entry, index) => [entry.day, index]));
  const result: HistorySeries[] = [];
  for (const series of liveSeries) {
    const seriesData = data.get(series.channelId);
    // A first day after `until` leaves the series without points.
    const from = calendarIndex.get(firstExportedDay(input.since, series.channelId, seriesData)) ?? calendar.length;
    const base = channelSeriesLabels(series);
    for (const source of exportedSources(series)) {
      const totals = seriesData?.sources.get(source);
      for (const author of ["human", "bot"] as const) {
        result.push({
          labels: { ...base, author, source },
          points: () => cumulativePoints(totals, author, calendar, from),
        });
      }
    }
  }
  return result;
}
