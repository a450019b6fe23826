/**
 * The REST client waits out each rate-limit bucket's reset, plus this offset, and @discordjs/rest 2.x adds it twice
 * (into the reset it stores from X-RateLimit-Reset-After, and again into the wait: SequentialHandler.getTimeToReset):
 * discord.js's fixed 50 ms costs a busy bucket 10 % of its pace (5 requests per 1.1 s instead of per 1 s), and the
 * first full count is paced by its biggest channels' buckets. The reset the client computes is already late by the
 * answer's own travel time, and the next request adds its travel time again, so the margin only has to cover the
 * rounding of Reset-After to the millisecond: 1 ms (2 ms in all) while Discord agrees; 5 ms (10 ms in all) left the
 * busiest channel's windows starting 13 ms late at the median, ~8 s over the first count's 600 windows
 * (bench/first-count-pace.ts). Each 429 on a route widens that route's margin (up to discord.js's 50 ms), and a long
 * run without one narrows it again. A global 429 says nothing about a bucket's reset: it comes from the bot's
 * requests in all, and widening the messages route's margin for it cost every channel ~70 ms per bucket window for
 * the next 500 pages (two global 429s).
 *
 * The global limit's second is the other way round: the client starts its second when it sends the first request,
 * Discord when that request arrives, so the client's reset comes early by the request's travel time, and requests
 * woken at that reset can reach Discord while its second still runs (test/discord/global-rate-limit.test.ts: 5-8
 * global 429s in 30 requests with 30 ms of jitter and a 1 ms margin). The wait for the global limit therefore keeps
 * discord.js's own 50 ms, which covers the travel time and its jitter. The exporter's limiter paces requests below
 * the global limit (counter/limiter.ts), so the REST client rarely waits for it at all: at a sync's start, 15 times
 * in bench section 6's first sync of 100 guilds. Pure apart from its own state.
 * https://discord.com/developers/docs/topics/rate-limits
 */
export interface AdaptiveOffsetOptions {
  baseMs: number;
  /** The margin of a wait for the global limit's next second. */
  globalMs: number;
  /** Added to a route's margin on each 429 it gets. */
  stepMs: number;
  maxMs: number;
  /** Successful responses of a route after which its margin shrinks by one step. */
  recoverAfter: number;
}

export const DEFAULT_OFFSET_OPTIONS: AdaptiveOffsetOptions = {
  baseMs: 1,
  globalMs: 50,
  stepMs: 15,
  maxMs: 50,
  recoverAfter: 500,
};

export interface AdaptiveOffset {
  /**
   * The margin for a bucket route (@discordjs/rest's `offset` option, called with the route's bucket template);
   * `waitingForGlobal`: the client is out of global requests for this second, so the margin is the global wait's.
   */
  offsetFor(route: string, waitingForGlobal?: boolean): number;
  /** Every response of the route, 429s included; `global`: a 429 of the global limit (X-RateLimit-Global). */
  observe(route: string, status: number, global?: boolean): void;
}

export function createAdaptiveOffset(options: AdaptiveOffsetOptions = DEFAULT_OFFSET_OPTIONS): AdaptiveOffset {
  const extra = new Map<string, { ms: number; okSince: number }>();
  return {
    offsetFor: (route, waitingForGlobal = false) =>
      waitingForGlobal ? options.globalMs : options.baseMs + (extra.get(route)?.ms ?? 0),
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
