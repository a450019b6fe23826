import type { Timers } from "./scheduler.js";

/**
 * At most `limit` Discord requests in flight. Forward syncs ("high") go first, in arrival order. Backfill pages
 * ("low") go by weight, largest first: a backfill's weight is its estimated remaining pages, so the channels that
 * bound the first full count (the biggest, each held to its own per-channel rate limit) always have a request
 * waiting at Discord, while small channels fill the rest of the global budget. Between equal weights, arrival order.
 *
 * With `pace`, requests start at most `perSecond` in any second (a sliding window), forward syncs first, then the
 * heaviest backfill page. Without it the REST client's global throttle decided, and its queue knows no weights: near
 * the end of their backfills the small channels filled it and the biggest channel waited behind them for up to ~1 s
 * per window (first count, 200 channels: 7.3 s of its 15.8 s lost, bench/first-count-pace.ts). Its window is also
 * fixed and opens at a request's send, Discord's at the request's arrival: a burst at the client's window change
 * could land in Discord's old window (global 429s); a sliding window a little below the limit never bursts.
 */
export type Priority = "high" | "low";

export interface Limiter {
  run<T>(priority: Priority, task: () => Promise<T>, weight?: number): Promise<T>;
  readonly active: () => number;
}

export interface LimiterPace {
  perSecond: number;
  /** A monotonic clock in ms (performance.now): a wall clock moved by tests must not stall the queue. */
  now: () => number;
  timers: Timers;
}

/**
 * The share of the global rate limit requests start at: the rest absorbs requests that wait out their bucket in the
 * REST client and leave later than they started here (the busiest channel's first page of each window).
 */
export const PACE_SHARE_OF_GLOBAL = 0.96;

export function globalPace(globalPerSecond: number, now: () => number, timers: Timers): LimiterPace {
  return { perSecond: Math.max(1, Math.floor(globalPerSecond * PACE_SHARE_OF_GLOBAL)), now, timers };
}

interface Waiting {
  weight: number;
  order: number;
  start: () => void;
}

export function createLimiter(limit: number, pace?: LimiterPace): Limiter {
  let active = 0;
  let arrivals = 0;
  const high: Array<() => void> = [];
  const low = createMaxHeap();
  // Start times of the last `perSecond` starts, oldest first.
  const starts: number[] = [];
  let wakeUp: unknown = null;

  /** ms until a request may start (0: now). */
  function paceWait(): number {
    if (!pace || starts.length < pace.perSecond) return 0;
    return Math.max(0, (starts[0] ?? 0) + 1000 - pace.now());
  }

  function started(): void {
    if (!pace) return;
    starts.push(pace.now());
    if (starts.length > pace.perSecond) starts.shift();
  }

  function next(): void {
    while (active < limit && (high.length > 0 || low.size() > 0)) {
      const wait = paceWait();
      if (wait > 0) {
        if (wakeUp === null && pace) {
          wakeUp = pace.timers.setTimeout(() => {
            wakeUp = null;
            next();
          }, wait);
        }
        return;
      }
      const start = high.shift() ?? low.pop()?.start;
      if (!start) return;
      active++;
      started();
      start();
    }
  }

  return {
    active: () => active,
    run<T>(priority: Priority, task: () => Promise<T>, weight = 0): Promise<T> {
      return new Promise<T>((resolve, reject) => {
        const start = () => {
          task()
            .then(resolve, reject)
            .finally(() => {
              active--;
              next();
            });
        };
        if (priority === "high") high.push(start);
        else low.push({ weight, order: arrivals++, start });
        next();
      });
    },
  };
}

/** A binary heap: largest weight first, earliest arrival among equals. */
function createMaxHeap() {
  const items: Waiting[] = [];
  const before = (a: Waiting, b: Waiting) => a.weight > b.weight || (a.weight === b.weight && a.order < b.order);
  const swap = (i: number, j: number) => {
    const tmp = items[i]!;
    items[i] = items[j]!;
    items[j] = tmp;
  };
  return {
    size: () => items.length,
    push(item: Waiting) {
      items.push(item);
      let i = items.length - 1;
      while (i > 0) {
        const parent = (i - 1) >> 1;
        if (!before(items[i]!, items[parent]!)) break;
        swap(i, parent);
        i = parent;
      }
    },
    pop(): Waiting | undefined {
      const top = items[0];
      const last = items.pop();
      if (items.length > 0 && last) {
        items[0] = last;
        let i = 0;
        for (;;) {
          const left = 2 * i + 1;
          const right = left + 1;
          let best = i;
          if (left < items.length && before(items[left]!, items[best]!)) best = left;
          if (right < items.length && before(items[right]!, items[best]!)) best = right;
          if (best === i) break;
          swap(i, best);
          i = best;
        }
      }
      return top;
    },
  };
}
