/**
 * Discord-style rate limits: a global per-second budget, and fixed-window buckets per method + route
 * template + major parameter (channel or guild id). Headers follow Discord so @discordjs/rest can throttle
 * pre-emptively; every 429 carries Retry-After (without it discord.js retries in a tight loop).
 */

import { createHash } from "node:crypto";

export interface RouteLimit {
  limit: number;
  windowMs: number;
}

export interface RateLimitOptions {
  /** Default bucket for every route: { limit: 5, windowMs: 1000 }. */
  perRoute?: RouteLimit;
  /** Overrides by route template, e.g. { "/channels/:id/messages": { limit: 10, windowMs: 1000 } }. */
  routes?: Record<string, RouteLimit>;
  /** Requests per second across all routes (Discord: 50). */
  globalPerSecond?: number;
}

export const DEFAULT_ROUTE_LIMIT: RouteLimit = { limit: 5, windowMs: 1000 };
export const DEFAULT_GLOBAL_PER_SECOND = 50;

export type RateLimitResult =
  | { readonly ok: true; readonly headers: Record<string, string> }
  | {
      readonly ok: false;
      readonly global: boolean;
      readonly retryAfterSeconds: number;
      readonly headers: Record<string, string>;
    };

interface Window {
  count: number;
  resetAt: number;
}

export class RateLimiter {
  private readonly perRoute: RouteLimit;
  private readonly routes: Record<string, RouteLimit>;
  private readonly globalPerSecond: number;
  private readonly buckets = new Map<string, Window>();
  private global: Window = { count: 0, resetAt: 0 };

  constructor(
    options: RateLimitOptions = {},
    private readonly clock: () => number = Date.now,
  ) {
    this.perRoute = options.perRoute ?? DEFAULT_ROUTE_LIMIT;
    this.routes = options.routes ?? {};
    this.globalPerSecond = options.globalPerSecond ?? DEFAULT_GLOBAL_PER_SECOND;
  }

  /**
   * Counts one request against the global and route budgets; a refused request consumes neither.
   * `global: false` for routes outside the global limit (interaction callbacks and webhooks).
   */
  take(method: string, template: string, major: string, global = true): RateLimitResult {
    const now = this.clock();
    if (now >= this.global.resetAt) this.global = { count: 0, resetAt: now + 1000 };
    if (global && this.global.count >= this.globalPerSecond) {
      const retryAfterSeconds = seconds(this.global.resetAt - now);
      return { ok: false, global: true, retryAfterSeconds, headers: tooManyHeaders(retryAfterSeconds, "global") };
    }

    const limit = this.routes[template] ?? this.perRoute;
    const key = `${method} ${template} ${major}`;
    let bucket = this.buckets.get(key);
    if (bucket === undefined || now >= bucket.resetAt) {
      bucket = { count: 0, resetAt: now + limit.windowMs };
      this.buckets.set(key, bucket);
    }
    const routeHeaders = (remaining: number) =>
      bucketHeaders({
        limit: limit.limit,
        remaining,
        resetAt: bucket.resetAt,
        now,
        hash: bucketHash(method, template),
      });
    if (bucket.count >= limit.limit) {
      const retryAfterSeconds = seconds(bucket.resetAt - now);
      return {
        ok: false,
        global: false,
        retryAfterSeconds,
        headers: { ...routeHeaders(0), ...tooManyHeaders(retryAfterSeconds, "user") },
      };
    }
    bucket.count++;
    if (global) this.global.count++;
    return { ok: true, headers: routeHeaders(limit.limit - bucket.count) };
  }
}

/** Discord's opaque bucket id: stable per route template, shared by all major parameters. */
export function bucketHash(method: string, template: string): string {
  return createHash("sha256").update(`${method} ${template}`).digest("hex").slice(0, 32);
}

export function bucketHeaders(b: {
  limit: number;
  remaining: number;
  resetAt: number;
  now: number;
  hash: string;
}): Record<string, string> {
  return {
    "X-RateLimit-Limit": String(b.limit),
    "X-RateLimit-Remaining": String(b.remaining),
    "X-RateLimit-Reset": (b.resetAt / 1000).toFixed(3),
    "X-RateLimit-Reset-After": seconds(b.resetAt - b.now).toFixed(3),
    "X-RateLimit-Bucket": b.hash,
  };
}

/** Headers of a 429 (Retry-After in seconds, decimals allowed; discord.js reads the header, not the body). */
export function tooManyHeaders(retryAfterSeconds: number, scope: "user" | "global" | "shared"): Record<string, string> {
  const headers: Record<string, string> = {
    "Retry-After": retryAfterSeconds.toFixed(3),
    "X-RateLimit-Scope": scope,
  };
  if (scope === "global") headers["X-RateLimit-Global"] = "true";
  return headers;
}

export function tooManyBody(retryAfterSeconds: number, global: boolean) {
  return { message: "You are being rate limited.", retry_after: retryAfterSeconds, global };
}

/** Never 0: a zero Retry-After would make a client retry immediately. */
function seconds(ms: number): number {
  return Math.max(0.001, Math.round(ms) / 1000);
}
