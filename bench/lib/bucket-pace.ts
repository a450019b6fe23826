/**
 * Where a rate-limited channel's time went, read from the fake's request log alone (pure). The fake's buckets are
 * fixed windows that open at the first request after the previous one closed, so a channel paced by its bucket
 * reads `limit` pages per window and loses time only (1) before its first request, (2) between a window's close and
 * the next window's first request ("late starts"), (3) in windows that closed before `limit` requests arrived
 * ("short windows"), and (4) after its last request. The global budget is rebuilt the same way, to tell a late start
 * or a short window that coincided with a full global window apart from one the client caused alone.
 */
import type { RequestLogEntry } from "../../fake-discord/index.js";
import { quantile } from "./latency.js";

export interface PaceLimits {
  perWindow: number;
  windowMs: number;
  globalPerSecond: number;
}

interface Window {
  start: number;
  count: number;
}

export interface PaceReport {
  pages: number;
  /** The bucket's own floor: pages ÷ limit × window. */
  floorMs: number;
  /** Exporter spawned → its first request (process start, config, migrations) → the channel's first request. */
  bootMs: number;
  beforeFirstPageMs: number;
  /** Sums over the windows: late starts, split by whether the global window was full meanwhile. */
  lateMs: number;
  lateGlobalMs: number;
  /** Late starts by size: median, p90, max, and how many took longer than 50 ms. */
  lateP50Ms: number;
  lateP90Ms: number;
  lateMaxMs: number;
  lateOver50: number;
  /** The three latest starts: ms late, and when (ms after spawn). */
  worstLate: { lateMs: number; atMs: number }[];
  /** Unused slots of windows that closed with fewer than `perWindow` requests, × (window ÷ limit). */
  shortMs: number;
  shortGlobalMs: number;
  shortWindows: number;
  /** Last request → the count seen done. */
  tailMs: number;
  /** 429s of this channel's messages route. */
  tooMany: number;
  /** Median gap inside a window between two of the channel's requests (answer, commit, next request). */
  inWindowGapP50Ms: number;
  windows: number;
  /** Wall time from spawn to done, and how it splits into the pieces above (the rest is rounding). */
  wallMs: number;
  /** Per phase (while other channels still sent requests / alone): windows and their late start sum. */
  phases: { name: string; windows: number; lateMs: number; shortMs: number; pagesPerSecond: number }[];
}

/** Nearest-rank quantile, 0 when there is no sample (a channel of one window has no late start). */
function quantileOr0(sorted: readonly number[], q: number): number {
  return sorted.length === 0 ? 0 : quantile(sorted, q);
}

/** Fixed windows as the fake opens them: at the first admitted request at or after the previous window's close. */
function rebuildWindows(times: readonly number[], windowMs: number): Window[] {
  const windows: Window[] = [];
  for (const at of times) {
    const current = windows.at(-1);
    if (current !== undefined && at < current.start + windowMs) current.count++;
    else windows.push({ start: at, count: 1 });
  }
  return windows;
}

/** Is any global window that overlaps [from, to) full? */
function globalFullDuring(globals: readonly Window[], limit: number, from: number, to: number): boolean {
  return globals.some((w) => w.count >= limit && w.start < to && w.start + 1000 > from);
}

export function analyzeBucketPace(
  log: readonly RequestLogEntry[],
  channelId: string,
  spawnedAt: number,
  doneAt: number,
  limits: PaceLimits,
): PaceReport {
  const ofChannel = (e: RequestLogEntry) =>
    e.route === "/channels/:id/messages" && e.path === `/channels/${channelId}/messages`;
  const admitted = log.filter((e) => e.status !== 429);
  const times = admitted.filter(ofChannel).map((e) => e.at);
  const windows = rebuildWindows(times, limits.windowMs);
  const globals = rebuildWindows(
    admitted.map((e) => e.at),
    1000,
  );
  // Alone: after the other channels' last message page (listings and probes may come later).
  const otherLast = Math.max(
    ...admitted.filter((e) => e.route === "/channels/:id/messages" && !ofChannel(e)).map((e) => e.at),
  );
  const lates: number[] = [];
  const lateAt: { lateMs: number; atMs: number }[] = [];
  let lateMs = 0;
  let lateGlobalMs = 0;
  let shortMs = 0;
  let shortGlobalMs = 0;
  let shortWindows = 0;
  const phaseOf = (w: Window) => (w.start <= otherLast ? 0 : 1);
  const phases = [
    { name: "while other channels sent requests", windows: 0, lateMs: 0, shortMs: 0, first: 0, last: 0, pages: 0 },
    { name: "alone", windows: 0, lateMs: 0, shortMs: 0, first: 0, last: 0, pages: 0 },
  ];
  windows.forEach((w, i) => {
    const phase = phases[phaseOf(w)]!;
    if (phase.windows === 0) phase.first = w.start;
    phase.windows++;
    phase.pages += w.count;
    phase.last = w.start;
    const close = w.start + limits.windowMs;
    const next = windows[i + 1];
    if (next !== undefined) {
      const late = next.start - close;
      lates.push(late);
      lateAt.push({ lateMs: late, atMs: close - spawnedAt });
      lateMs += late;
      phase.lateMs += late;
      if (globalFullDuring(globals, limits.globalPerSecond, close, next.start)) lateGlobalMs += late;
      if (w.count < limits.perWindow) {
        const lost = ((limits.perWindow - w.count) * limits.windowMs) / limits.perWindow;
        shortWindows++;
        shortMs += lost;
        phase.shortMs += lost;
        if (globalFullDuring(globals, limits.globalPerSecond, w.start, close)) shortGlobalMs += lost;
      }
    }
  });
  const gaps: number[] = [];
  for (let i = 1; i < times.length; i++) {
    const gap = (times[i] ?? 0) - (times[i - 1] ?? 0);
    if (gap < limits.windowMs / 2) gaps.push(gap);
  }
  gaps.sort((a, b) => a - b);
  lates.sort((a, b) => a - b);
  const first = times[0] ?? doneAt;
  const last = times.at(-1) ?? doneAt;
  return {
    pages: times.length,
    floorMs: (times.length / limits.perWindow) * limits.windowMs,
    bootMs: (log[0]?.at ?? spawnedAt) - spawnedAt,
    beforeFirstPageMs: first - (log[0]?.at ?? spawnedAt),
    lateMs,
    lateGlobalMs,
    lateP50Ms: quantileOr0(lates, 0.5),
    lateP90Ms: quantileOr0(lates, 0.9),
    lateMaxMs: lates.at(-1) ?? 0,
    lateOver50: lates.filter((l) => l > 50).length,
    worstLate: lateAt.sort((a, b) => b.lateMs - a.lateMs).slice(0, 3),
    shortMs,
    shortGlobalMs,
    shortWindows,
    tailMs: doneAt - last,
    tooMany: log.filter((e) => e.status === 429 && ofChannel(e)).length,
    inWindowGapP50Ms: quantileOr0(gaps, 0.5),
    windows: windows.length,
    wallMs: doneAt - spawnedAt,
    phases: phases.map((p) => ({
      name: p.name,
      windows: p.windows,
      lateMs: p.lateMs,
      shortMs: p.shortMs,
      pagesPerSecond: p.windows > 0 ? (p.pages / (p.last - p.first + limits.windowMs)) * 1000 : 0,
    })),
  };
}
