// How far the first count (every channel's backfill back to its first message) has come, and when it will end.
// Pure: rows and observations in, numbers out.
//
// Work is measured in pages, since the rate limits act on pages. The pace is measured: pages counted (messages over
// 100) per second, by the guild as a whole and by each channel. The pages left are estimated: a channel's time span
// still to count (backfill cursor back to its creation, which its id encodes) times its message density so far
// (messages counted over the span they covered); a channel not begun, at the scheduler's guess. The estimate is the
// later of two: the guild's pages left at its pace, and its largest channel's at the fastest pace one channel keeps
// (each channel is held to its own rate limit). Measured against the real time left on a 600,000-message count (200
// channels, the largest 100,000) read every 15 s and every second: within -9 % to +13 % and -2 % to +38 % once an
// estimate exists. The bench, read every 15 s, had seen +160 % (work in time span) and +192 % (the first version in
// pages) at a quarter of the count.
import { hasOwnMessages } from "../discord/channel-kinds.js";
import { timestampOfSnowflake } from "../discord/snowflake.js";
import type { BackfillRow } from "../store/backfill-read.js";
import { ChannelState } from "../store/channel-states.js";
import { FIRST_PAGE_WEIGHT } from "./backfill-weight.js";
import { PAGE_SIZE } from "./page-loop.js";

/** One guild's unfinished backfills at one moment. */
export interface BackfillMeasure {
  /** Estimated pages left of each channel or thread that is backfilling now (remainingPages). */
  remaining: Map<string, number>;
  /** Pages counted so far (messages / 100) of each of them: what each one's own pace is measured from. */
  counted: Map<string, number>;
  /** Pages counted so far over all the guild's channels, finished ones too: what the guild's pace is measured from. */
  countedTotal: number;
}

export interface BackfillObservation {
  /** ms */
  at: number;
  /** Pages left, summed over the guild's backfilling channels. */
  remaining: number;
  /** Pages counted since the previous observation. */
  progress: number;
}

export interface EtaPolicy {
  /** Observations older than this before the newest are forgotten: the rate follows the recent pace. */
  windowMs: number;
  /** No estimate until the observations span this long: the first pages alone say little about the pace. */
  minSpanMs: number;
  /**
   * An observation closer than this to the one before the newest replaces the newest (adding up their progress): kept
   * observations stay about this far apart however often the estimate is read.
   */
  mergeWithinMs: number;
}

// Rate-limited pages come in bursts; ten minutes smooths them out and still follows a change of pace soon.
export const DEFAULT_ETA_POLICY: EtaPolicy = { windowMs: 10 * 60_000, minSpanMs: 60_000, mergeWithinMs: 5_000 };

/** A channel's span still to count (ms): from its cursor (or, before its first page, its newest message) to its creation. */
export function remainingSpanMs(row: BackfillRow): number {
  if (row.backfillDone || !hasOwnMessages(row.type)) return 0;
  const start = row.backfillBeforeId ?? row.lastSeenId ?? row.lastMessageId;
  return start === null ? 0 : Math.max(0, timestampOfSnowflake(start) - timestampOfSnowflake(row.id));
}

/** A channel's whole span to count (ms): from its newest known message back to its creation. */
export function totalSpanMs(row: BackfillRow): number {
  if (!hasOwnMessages(row.type)) return 0;
  const newest = row.lastSeenId ?? row.lastMessageId;
  return newest === null ? 0 : Math.max(0, timestampOfSnowflake(newest) - timestampOfSnowflake(row.id));
}

/** Messages counted and the span (ms) they cover, backfill cursor to forward cursor; null before the first page. */
export function countedSample(row: BackfillRow): { messages: number; spanMs: number } | null {
  if (row.backfillBeforeId === null || row.lastSeenId === null || row.counted <= 0) return null;
  const spanMs = timestampOfSnowflake(row.lastSeenId) - timestampOfSnowflake(row.backfillBeforeId);
  return spanMs > 0 ? { messages: row.counted, spanMs } : null;
}

/**
 * A sampled channel's pages left: its remaining span at `density` messages per ms (its own so far), at least one
 * page while any span remains (a page that finds nothing still costs a request).
 */
export function remainingPages(row: BackfillRow, density: number): number {
  const spanMs = remainingSpanMs(row);
  if (spanMs === 0) return 0;
  return Math.max(1, (spanMs * density) / PAGE_SIZE);
}

/**
 * Pages left of a channel not sampled yet (no page counted): Discord tells no message count, so the scheduler's own
 * guess (backfill-weight.ts). The median density of the guild's sampled channels overshot: the scheduler samples the
 * busy ones first, and at their density the small channels not yet begun made a 600,000-message count's estimate
 * +420 % of the time left a minute in.
 */
export function unsampledPages(row: BackfillRow): number {
  return remainingSpanMs(row) === 0 ? 0 : FIRST_PAGE_WEIGHT;
}

/**
 * Unfinished rows (store/backfill-read.ts readUnfinished) per guild, with the messages counted in each guild
 * (readCountedByGuild); every guild of `guildIds` gets an entry.
 */
export function measureBackfills(
  rows: readonly BackfillRow[],
  guildIds: readonly string[],
  countedByGuild: ReadonlyMap<string, number> = new Map(),
): Map<string, BackfillMeasure> {
  const empty = (guildId: string): BackfillMeasure => ({
    remaining: new Map(),
    counted: new Map(),
    countedTotal: (countedByGuild.get(guildId) ?? 0) / PAGE_SIZE,
  });
  const out = new Map<string, BackfillMeasure>(guildIds.map((id) => [id, empty(id)]));
  const backfilling = rows.filter((row) => !row.backfillDone && hasOwnMessages(row.type));
  for (const row of backfilling) {
    let measure = out.get(row.guildId);
    if (!measure) {
      measure = empty(row.guildId);
      out.set(row.guildId, measure);
    }
    // Forbidden, unreadable, deleted or excluded: stopped, not finished, and no work the count waits for.
    if (row.state !== ChannelState.Backfilling) continue;
    const own = countedSample(row);
    measure.remaining.set(row.id, own ? remainingPages(row, own.messages / own.spanMs) : unsampledPages(row));
    measure.counted.set(row.id, row.counted / PAGE_SIZE);
  }
  return out;
}

export function sumRemaining(measure: BackfillMeasure): number {
  let sum = 0;
  for (const ms of measure.remaining.values()) sum += ms;
  return sum;
}

/**
 * Pages counted between two measures of a guild, over all its channels. Measured on the guild's total: a small
 * channel that began and finished between two samples had only an estimate made before its first page, and summing
 * channel by channel counted that estimate, not its pages; with samples every 15 s the guild's pace came out far below
 * the real one. A recount that lowered a total is no negative progress.
 */
export function progressBetween(previous: BackfillMeasure, next: BackfillMeasure): number {
  return Math.max(0, next.countedTotal - previous.countedTotal);
}

/** The observations with `next` added: merged into the newest one when close, the ones out of the window dropped. */
export function addObservation(
  observations: readonly BackfillObservation[],
  next: BackfillObservation,
  policy: EtaPolicy = DEFAULT_ETA_POLICY,
): BackfillObservation[] {
  const list = observations.slice();
  const last = list[list.length - 1];
  // Compared with the one before the last, not the last: merged observations take the newest time, so against the
  // last, samples every second merged forever into a single observation and the guild's estimate never began.
  const beforeLast = list[list.length - 2];
  if (last && beforeLast && next.at - beforeLast.at < policy.mergeWithinMs) {
    list[list.length - 1] = {
      at: Math.max(last.at, next.at),
      remaining: next.remaining,
      progress: last.progress + next.progress,
    };
  } else {
    list.push(next);
  }
  const newest = list[list.length - 1]!.at;
  return list.filter((o) => o.at >= newest - policy.windowMs);
}

/**
 * Seconds until the remaining pages are counted at the pace of the window: 0 when nothing remains, null while the
 * observations span less than `minSpanMs` or nothing was counted in them (stalled: a rate limit, a blocked channel).
 */
export function estimateEtaSeconds(
  observations: readonly BackfillObservation[],
  policy: EtaPolicy = DEFAULT_ETA_POLICY,
): number | null {
  const oldest = observations[0];
  const newest = observations[observations.length - 1];
  if (!oldest || !newest) return null;
  if (newest.remaining === 0) return 0;
  const spanMs = newest.at - oldest.at;
  if (spanMs < policy.minSpanMs) return null;
  // The oldest observation's own progress happened before the window began.
  let progress = 0;
  for (const o of observations.slice(1)) progress += o.progress;
  if (progress <= 0) return null;
  return Math.ceil((newest.remaining * spanMs) / progress / 1000);
}

/** The pages one channel had counted at two recent moments: its own pace, kept in O(1) per channel. */
export interface ChannelPace {
  older: { at: number; counted: number };
  newer: { at: number; counted: number };
}

/**
 * Each backfilling channel's pace after a new measure: a channel seen for the first time starts its own; the newer
 * anchor moves on every half window, so the pace always spans half a window to a window. Finished and stopped
 * channels are forgotten.
 */
export function advanceChannelPaces(
  paces: ReadonlyMap<string, ChannelPace>,
  measure: BackfillMeasure,
  at: number,
  policy: EtaPolicy = DEFAULT_ETA_POLICY,
): Map<string, ChannelPace> {
  const next = new Map<string, ChannelPace>();
  for (const [id, counted] of measure.counted) {
    const pace = paces.get(id);
    const now = { at, counted };
    if (pace === undefined) next.set(id, { older: now, newer: now });
    else if (at - pace.newer.at >= policy.windowMs / 2) next.set(id, { older: pace.newer, newer: now });
    else next.set(id, pace);
  }
  return next;
}

/**
 * Seconds until the channel with the most pages left is done at the fastest pace any channel kept over the last
 * minSpanMs or more (null while none has one): each channel is held to its own rate limit, so when the small ones are
 * done the guild's pace drops to the largest channel's, which the guild's recent total pace would hide (it once said
 * 2 s with 300 s to go). The fastest pace, not each channel's own: a channel waiting behind others now goes faster
 * once they are done.
 */
export function largestChannelEtaSeconds(
  paces: ReadonlyMap<string, ChannelPace>,
  measure: BackfillMeasure,
  at: number,
  policy: EtaPolicy = DEFAULT_ETA_POLICY,
): number | null {
  let fastest = 0;
  for (const [id, pace] of paces) {
    const counted = measure.counted.get(id);
    const spanMs = at - pace.older.at;
    if (counted === undefined || spanMs < policy.minSpanMs) continue;
    fastest = Math.max(fastest, (counted - pace.older.counted) / spanMs);
  }
  if (fastest <= 0) return null;
  let most = 0;
  for (const remaining of measure.remaining.values()) most = Math.max(most, remaining);
  return Math.ceil(most / fastest / 1000);
}

/** The later of the guild's estimate at its total pace and its largest channel's; null while both are. */
export function combineEtaSeconds(guild: number | null, largestChannel: number | null): number | null {
  if (guild === 0) return 0;
  if (guild === null) return largestChannel;
  return largestChannel === null ? guild : Math.max(guild, largestChannel);
}

/** Share of the guild's channels' combined lifetime counted, 0..1, from backfilling and counted rows; null without any. */
export function backfillCoverage(rows: readonly BackfillRow[]): number | null {
  let total = 0;
  let remaining = 0;
  for (const row of rows) {
    if (row.state !== ChannelState.Backfilling && row.state !== ChannelState.Ready) continue;
    const span = totalSpanMs(row);
    total += span;
    remaining += Math.min(span, remainingSpanMs(row));
  }
  return total === 0 ? null : 1 - remaining / total;
}
