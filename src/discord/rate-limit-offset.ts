/**
 * The REST client waits out each rate-limit bucket's reset, plus this offset. discord.js's fixed 50 ms margin costs a
 * busy bucket 5 % of its pace (5 requests per 1.05 s instead of per 1 s), and the first full count is paced by its
 * biggest channels' buckets. A small margin is enough while Discord agrees; each 429 on a route widens that route's
 * margin (up to discord.js's 50 ms), and a long run without one narrows it again. A global 429 says nothing about a
 * bucket's reset: it comes from the bot's requests in all, and widening the messages route's margin for it cost every
 * channel ~70 ms per bucket window for the next 500 pages (bench/first-count-pace.ts, two global 429s). Pure apart
 * from its own state. https://discord.com/developers/docs/topics/rate-limits
 */
export interface AdaptiveOffsetOptions {
  baseMs: number;
  /** Added to a route's margin on each 429 it gets. */
  stepMs: number;
  maxMs: number;
  /** Successful responses of a route after which its margin shrinks by one step. */
  recoverAfter: number;
}

export const DEFAULT_OFFSET_OPTIONS: AdaptiveOffsetOptions = { baseMs: 5, stepMs: 15, maxMs: 50, recoverAfter: 500 };

export interface AdaptiveOffset {
  /** The margin for a bucket route (@discordjs/rest's `offset` option, called with the route's bucket template). */
  offsetFor(route: string): number;
  /** Every response of the route, 429s included; `global`: a 429 of the global limit (X-RateLimit-Global). */
  observe(route: string, status: number, global?: boolean): void;
}

export function createAdaptiveOffset(options: AdaptiveOffsetOptions = DEFAULT_OFFSET_OPTIONS): AdaptiveOffset {
  const extra = new Map<string, { ms: number; okSince: number }>();
  return {
    offsetFor: (route) => options.baseMs + (extra.get(route)?.ms ?? 0),
    observe(route, status, global = false) {
      const state = extra.get(route);
      if (status === 429 && global) return;
      if (status === 429) {
        const ms = Math.min(options.maxMs - options.baseMs, (state?.ms ?? 0) + options.stepMs);
        extra.set(route, { ms, okSince: 0 });
        return;
      }
      if (state === undefined) return;
      state.okSince++;
      if (state.okSince < options.recoverAfter) return;
      state.okSince = 0;
      state.ms = Math.max(0, state.ms - options.stepMs);
      if (state.ms === 0) extra.delete(route);
    },
  };
}
