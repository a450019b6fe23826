/** The fake Discord with Discord-like rate limits, and the request-log arithmetic the scenarios share. */
import {
  type FakeDiscord,
  type RateLimitOptions,
  type RequestLogEntry,
  startFakeDiscord,
  type World,
} from "../../fake-discord/index.js";

export const BENCH_TOKEN = "bench-token-abcdefghijklmnopqrstuvwxyz0123";

/** Discord's documented global limit (50 requests/s per bot) and a typical per-route bucket (5 per 1 s per channel). */
export const DISCORD_LIKE: Required<Pick<RateLimitOptions, "perRoute" | "globalPerSecond">> = {
  perRoute: { limit: 5, windowMs: 1000 },
  globalPerSecond: 50,
};

export function describeLimits(limits: RateLimitOptions | false): string {
  if (limits === false) return "fake rate limits: off";
  const route = limits.perRoute ?? DISCORD_LIKE.perRoute;
  const overrides = Object.entries(limits.routes ?? {})
    .map(([template, limit]) => `; ${template}: ${limit.limit} per ${limit.windowMs} ms`)
    .join("");
  return `fake rate limits: ${limits.globalPerSecond ?? 50} requests/s global, ${route.limit} per ${route.windowMs} ms per route+channel${overrides}`;
}

export function startBenchFake(world: World, rateLimits: RateLimitOptions | false): Promise<FakeDiscord> {
  return startFakeDiscord(world, { token: BENCH_TOKEN, host: "127.0.0.1", rateLimits });
}

export interface RequestSummary {
  total: number;
  ok: number;
  tooMany: number;
  /** 403 answers (e.g. private archived threads without Manage Threads). */
  forbidden: number;
  byRoute: Map<string, number>;
}

export function summarize(log: readonly RequestLogEntry[]): RequestSummary {
  const byRoute = new Map<string, number>();
  let ok = 0;
  let tooMany = 0;
  let forbidden = 0;
  for (const entry of log) {
    byRoute.set(entry.route, (byRoute.get(entry.route) ?? 0) + 1);
    if (entry.status >= 200 && entry.status < 300) ok++;
    if (entry.status === 429) tooMany++;
    if (entry.status === 403) forbidden++;
  }
  return { total: log.length, ok, tooMany, forbidden, byRoute };
}

export function describeRoutes(summary: RequestSummary): string {
  return [...summary.byRoute.entries()]
    .sort((a, b) => b[1] - a[1])
    .map(([route, n]) => `${route} ×${n}`)
    .join(", ");
}

/** Requests per rate-limit bucket (method + route + major parameter), as the fake keys them. */
export function requestsPerBucket(log: readonly RequestLogEntry[]): Map<string, number> {
  const out = new Map<string, number>();
  for (const entry of log) {
    if (entry.status === 429) continue;
    const major = /^\/(?:channels|guilds)\/(\d+)/.exec(entry.path)?.[1] ?? "global";
    const key = `${entry.method} ${entry.route} ${major}`;
    out.set(key, (out.get(key) ?? 0) + 1);
  }
  return out;
}
