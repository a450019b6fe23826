// How far the first count (every channel's backfill back to its first message) has come, and when it will end.
// Pure: rows and observations in, numbers out.
//
// Work is measured in pages, since the rate limits act on pages. The pace is measured: pages counted (messages over
// 100) per second. The pages left are estimated: a channel's time span still to count (backfill cursor back to its
// creation, which its id encodes) times its message density so far (messages counted over the span they covered).
// Spans alone misled: the scheduler fetches the densest channels first, whose pages cover the least time, so the
// guild's span shrank slowly at first and a 200-channel count scraped every 15 s was estimated at +160 % of its real
// time left (bench, first count).
import { hasOwnMessages } from "../discord/channel-kinds.js";
import { timestampOfSnowflake } from "../discord/snowflake.js";
import type { BackfillRow } from "../store/backfill-read.js";
import { ChannelState } from "../store/channel-states.js";
import { PAGE_SIZE } from "./page-loop.js";

/** One guild's unfinished backfills at one moment. */
export interface BackfillMeasure {
  /** Estimated pages left of each channel or thread that is backfilling now (remainingPages). */
  remaining: Map<string, number>;
  /** Pages counted so far (messages / 100) of each of them: what the pace is measured from. */
  counted: Map<string, number>;
  /** Unfinished rows that cannot move now (forbidden, unreadable, deleted, excluded): they stopped, not finished. */
  stopped: Set<string>;
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
  /** An observation this close to the previous one replaces it, so frequent reads do not grow the list. */
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
 * A backfilling channel's pages left: its remaining span at `density` messages per ms (its own, or before its first
 * pages its guild's), at least one page while any span remains (a page that finds nothing still costs a request).
 */
export function remainingPages(row: BackfillRow, density: number): number {
  const spanMs = remainingSpanMs(row);
  if (spanMs === 0) return 0;
  return Math.max(1, (spanMs * density) / PAGE_SIZE);
}

/** Unfinished rows (store/backfill-read.ts readUnfinished) per guild; every guild of `guildIds` gets an entry. */
export function measureBackfills(
  rows: readonly BackfillRow[],
  guildIds: readonly string[],
): Map<string, BackfillMeasure> {
  const empty = (): BackfillMeasure => ({ remaining: new Map(), counted: new Map(), stopped: new Set() });
  const out = new Map<string, BackfillMeasure>(guildIds.map((id) => [id, empty()]));
  const backfilling = rows.filter((row) => !row.backfillDone && hasOwnMessages(row.type));
  // The guild's pooled density stands in for channels not sampled yet; with none sampled, a page each.
  const pooled = new Map<string, { messages: number; spanMs: number }>();
  for (const row of backfilling) {
    const sample = countedSample(row);
    if (sample === null) continue;
    const sum = pooled.get(row.guildId) ?? { messages: 0, spanMs: 0 };
    pooled.set(row.guildId, { messages: sum.messages + sample.messages, spanMs: sum.spanMs + sample.spanMs });
  }
  for (const row of backfilling) {
    let measure = out.get(row.guildId);
    if (!measure) {
      measure = empty();
      out.set(row.guildId, measure);
    }
    if (row.state !== ChannelState.Backfilling) {
      measure.stopped.add(row.id);
      continue;
    }
    const own = countedSample(row) ?? pooled.get(row.guildId);
    measure.remaining.set(row.id, remainingPages(row, own ? own.messages / own.spanMs : 0));
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
 * Pages counted between two measures of a guild: what each channel counted meanwhile. A channel that is gone from the
 * backfilling ones finished (the rest it was estimated to have, counted) unless it stopped; a new one adds work, not
 * progress. Measured, not the change of the estimates, which move as the densities are learnt.
 */
export function progressBetween(previous: BackfillMeasure, next: BackfillMeasure): number {
  let progress = 0;
  for (const [id, rest] of previous.remaining) {
    const after = next.counted.get(id);
    if (after !== undefined) progress += Math.max(0, after - (previous.counted.get(id) ?? after));
    else if (!next.stopped.has(id)) progress += rest;
  }
  return progress;
}

/** The observations with `next` added: merged into the last one when close, the ones out of the window dropped. */
export function addObservation(
  observations: readonly BackfillObservation[],
  next: BackfillObservation,
  policy: EtaPolicy = DEFAULT_ETA_POLICY,
): BackfillObservation[] {
  const list = observations.slice();
  const last = list[list.length - 1];
  if (last && next.at - last.at < policy.mergeWithinMs) {
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
 * Seconds until the slowest channel is done at its own pace (null when no channel has one yet). Channels count side
 * by side, each held to its own rate limit: when the small ones are done the guild's pace drops to the largest
 * channel's, which the guild's recent total pace would hide (it once said 2 s with 300 s to go).
 */
export function slowestChannelEtaSeconds(
  paces: ReadonlyMap<string, ChannelPace>,
  measure: BackfillMeasure,
  at: number,
  policy: EtaPolicy = DEFAULT_ETA_POLICY,
): number | null {
  let slowest: number | null = null;
  for (const [id, remaining] of measure.remaining) {
    const pace = paces.get(id);
    if (pace === undefined || remaining === 0) continue;
    const spanMs = at - pace.older.at;
    const progress = (measure.counted.get(id) ?? 0) - pace.older.counted;
    if (spanMs < policy.minSpanMs || progress <= 0) continue;
    const seconds = Math.ceil((remaining * spanMs) / progress / 1000);
    slowest = slowest === null ? seconds : Math.max(slowest, seconds);
  }
  return slowest;
}

/** The later of the guild's estimate at its total pace and its slowest channel's at its own; null while both are. */
export function combineEtaSeconds(guild: number | null, slowestChannel: number | null): number | null {
  if (guild === 0) return 0;
  if (guild === null) return slowestChannel;
  return slowestChannel === null ? guild : Math.max(guild, slowestChannel);
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
