// How far the first count (every channel's backfill back to its first message) has come, and when it will end.
// Pure: rows and observations in, numbers out.
//
// Work is measured in time span: a channel still to count from its backfill cursor back to its creation (its id is a
// snowflake of that moment) has that much history left. Pages do not cover equal spans (a busy month takes more
// pages than a quiet year), so the estimate is the rate at which the remaining span shrank recently, not a ratio of
// pages: it follows the pace the rate limits actually allow now.
import { hasOwnMessages } from "../discord/channel-kinds.js";
import { timestampOfSnowflake } from "../discord/snowflake.js";
import type { BackfillRow } from "../store/backfill-read.js";
import { ChannelState } from "../store/channel-states.js";

/** One guild's unfinished backfills at one moment. */
export interface BackfillMeasure {
  /** Remaining span (ms) of each channel or thread that is backfilling now. */
  remaining: Map<string, number>;
  /** Unfinished rows that cannot move now (forbidden, unreadable, deleted, excluded): they stopped, not finished. */
  stopped: Set<string>;
}

export interface BackfillObservation {
  /** ms */
  at: number;
  remainingMs: number;
  /** Span counted since the previous observation (ms of history). */
  progressMs: number;
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

/** Unfinished rows (store/backfill-read.ts readUnfinished) per guild; every guild of `guildIds` gets an entry. */
export function measureBackfills(
  rows: readonly BackfillRow[],
  guildIds: readonly string[],
): Map<string, BackfillMeasure> {
  const out = new Map<string, BackfillMeasure>(
    guildIds.map((id) => [id, { remaining: new Map(), stopped: new Set() }]),
  );
  for (const row of rows) {
    if (row.backfillDone || !hasOwnMessages(row.type)) continue;
    let measure = out.get(row.guildId);
    if (!measure) {
      measure = { remaining: new Map(), stopped: new Set() };
      out.set(row.guildId, measure);
    }
    if (row.state === ChannelState.Backfilling) measure.remaining.set(row.id, remainingSpanMs(row));
    else measure.stopped.add(row.id);
  }
  return out;
}

export function sumRemaining(measure: BackfillMeasure): number {
  let sum = 0;
  for (const ms of measure.remaining.values()) sum += ms;
  return sum;
}

/**
 * Span counted between two measures of a guild: what each channel's remaining span lost. A channel that is gone from
 * the backfilling ones finished (all of its rest counted) unless it stopped; a channel whose span grew (a new message
 * before its first page) or that is new adds work, not negative progress.
 */
export function progressBetween(previous: BackfillMeasure, next: BackfillMeasure): number {
  let progress = 0;
  for (const [id, before] of previous.remaining) {
    const after = next.remaining.get(id);
    if (after !== undefined) progress += Math.max(0, before - after);
    else if (!next.stopped.has(id)) progress += before;
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
      remainingMs: next.remainingMs,
      progressMs: last.progressMs + next.progressMs,
    };
  } else {
    list.push(next);
  }
  const newest = list[list.length - 1]!.at;
  return list.filter((o) => o.at >= newest - policy.windowMs);
}

/**
 * Seconds until the remaining span is counted at the pace of the window: 0 when nothing remains, null while the
 * observations span less than `minSpanMs` or nothing was counted in them (stalled: a rate limit, a blocked channel).
 */
export function estimateEtaSeconds(
  observations: readonly BackfillObservation[],
  policy: EtaPolicy = DEFAULT_ETA_POLICY,
): number | null {
  const oldest = observations[0];
  const newest = observations[observations.length - 1];
  if (!oldest || !newest) return null;
  if (newest.remainingMs === 0) return 0;
  const spanMs = newest.at - oldest.at;
  if (spanMs < policy.minSpanMs) return null;
  // The oldest observation's own progress happened before the window began.
  let progressMs = 0;
  for (const o of observations.slice(1)) progressMs += o.progressMs;
  if (progressMs <= 0) return null;
  return Math.ceil((newest.remainingMs * spanMs) / progressMs / 1000);
}

/** Where one channel's remaining span stood at two recent moments: its own pace, kept in O(1) per channel. */
export interface ChannelPace {
  older: { at: number; remainingMs: number };
  newer: { at: number; remainingMs: number };
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
  for (const [id, remainingMs] of measure.remaining) {
    const pace = paces.get(id);
    const now = { at, remainingMs };
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
  for (const [id, remainingMs] of measure.remaining) {
    const pace = paces.get(id);
    if (pace === undefined || remainingMs === 0) continue;
    const spanMs = at - pace.older.at;
    const progressMs = pace.older.remainingMs - remainingMs;
    if (spanMs < policy.minSpanMs || progressMs <= 0) continue;
    const seconds = Math.ceil((remainingMs * spanMs) / progressMs / 1000);
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
