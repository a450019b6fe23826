/**
 * What gateway-driven syncs cost in Discord requests, next to polling alone: the fake's request log read per channel,
 * and the cost of the same messages met by POLL_INTERVAL syncs instead. Pure.
 */
import type { RequestLogEntry } from "../../fake-discord/index.js";
import { pagesToRead } from "./worlds.js";

export const MESSAGES_ROUTE = "/channels/:id/messages";
/** An idle sync: the guild, its channel list and its active threads (measured by the steady-state scenario). */
export const IDLE_SYNC_REQUESTS = 3;

/** Arrival times of each channel's message-page requests (429s left out: they are retried, not extra work). */
export function pageTimesByChannel(log: readonly RequestLogEntry[]): Map<string, number[]> {
  const out = new Map<string, number[]>();
  for (const entry of log) {
    if (entry.route !== MESSAGES_ROUTE || entry.status === 429) continue;
    const channelId = entry.path.split("/")[2] ?? "";
    const times = out.get(channelId);
    if (times === undefined) out.set(channelId, [entry.at]);
    else times.push(entry.at);
  }
  return out;
}

/** The shortest time between two consecutive page requests of one channel, over every channel (null: none twice). */
export function shortestGapMs(times: ReadonlyMap<string, readonly number[]>): number | null {
  let shortest: number | null = null;
  for (const list of times.values()) {
    const sorted = [...list].sort((a, b) => a - b);
    for (let i = 1; i < sorted.length; i++) {
      const gap = sorted[i]! - sorted[i - 1]!;
      if (shortest === null || gap < shortest) shortest = gap;
    }
  }
  return shortest;
}

/**
 * Requests per hour of polling alone for messages arriving as they did in a run: every poll pays an idle sync plus,
 * for each channel, the pages of what arrived since the last poll (the run's per-channel rate, spread evenly).
 */
export function pollingRequestsPerHour(
  postsPerChannel: ReadonlyMap<string, number>,
  runMs: number,
  pollIntervalMs: number,
): number {
  const pollsPerHour = 3_600_000 / pollIntervalMs;
  let pages = 0;
  for (const posts of postsPerChannel.values()) {
    const perPoll = (posts * pollIntervalMs) / runMs;
    if (perPoll > 0) pages += pagesToRead(Math.round(perPoll));
  }
  return pollsPerHour * (IDLE_SYNC_REQUESTS + pages);
}

/** Consecutive page requests of one channel closer than minGapMs, as logged (what asked twice so soon, and why). */
export function closePairs(log: readonly RequestLogEntry[], minGapMs: number): [RequestLogEntry, RequestLogEntry][] {
  const last = new Map<string, RequestLogEntry>();
  const pairs: [RequestLogEntry, RequestLogEntry][] = [];
  for (const entry of [...log].sort((a, b) => a.at - b.at)) {
    if (entry.route !== MESSAGES_ROUTE || entry.status === 429) continue;
    const channelId = entry.path.split("/")[2] ?? "";
    const previous = last.get(channelId);
    if (previous !== undefined && entry.at - previous.at < minGapMs) pairs.push([previous, entry]);
    last.set(channelId, entry);
  }
  return pairs;
}
