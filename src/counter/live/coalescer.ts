import type { Timers } from "../scheduler.js";

export interface CoalescerOptions<K> {
  /** Wait this long after the first request, so that a burst becomes one run. */
  delayMs: number;
  /** At most one run per key this often: a storm of events costs one run per key per interval. */
  minIntervalMs: number;
  clock: () => number;
  timers: Timers;
  run: (key: K) => Promise<void>;
  onError: (key: K, error: unknown) => void;
}

export interface Coalescer<K> {
  request(key: K): void;
  /** Keys waiting or running. */
  pending(): number;
  /** Resolves when nothing waits or runs (tests). */
  idle(): Promise<void>;
  /** Drops what waits; resolves when the runs in flight ended. */
  stop(): Promise<void>;
}

interface KeyState {
  timer: unknown;
  running: Promise<void> | null;
  /** Requested again while running: one more run after it. */
  again: boolean;
}

/**
 * Turns many requests for a key into few runs: never two runs of one key at once, the first after `delayMs`, later
 * ones at least `minIntervalMs` apart; a request during a run schedules exactly one more. Nothing is lost: the last
 * request is always followed by a run that started after it.
 */
export function createCoalescer<K>(options: CoalescerOptions<K>): Coalescer<K> {
  const states = new Map<K, KeyState>();
  // Outlives the key's state: a request soon after a run must still wait out the interval.
  const lastRunAt = new Map<K, number>();
  let stopped = false;
  let waiters: Array<() => void> = [];

  const settle = () => {
    if (states.size > 0) return;
    const done = waiters;
    waiters = [];
    for (const resolve of done) resolve();
  };

  const schedule = (key: K, state: KeyState) => {
    const now = options.clock();
    const last = lastRunAt.get(key) ?? Number.NEGATIVE_INFINITY;
    const earliest = Math.max(now + options.delayMs, last + options.minIntervalMs);
    // Forget runs long past: the map stays as small as the keys seen within one interval.
    for (const [other, at] of lastRunAt) if (now - at >= options.minIntervalMs) lastRunAt.delete(other);
    state.timer = options.timers.setTimeout(
      () => {
        state.timer = null;
        start(key, state);
      },
      Math.max(0, earliest - options.clock()),
    );
  };

  const start = (key: K, state: KeyState) => {
    if (stopped) return;
    lastRunAt.set(key, options.clock());
    state.again = false;
    state.running = options
      .run(key)
      .catch((error: unknown) => options.onError(key, error))
      .finally(() => {
        state.running = null;
        if (state.again && !stopped) {
          schedule(key, state);
        } else {
          states.delete(key);
          settle();
        }
      });
  };

  return {
    request(key) {
      if (stopped) return;
      const state = states.get(key);
      if (state === undefined) {
        const fresh: KeyState = { timer: null, running: null, again: false };
        states.set(key, fresh);
        schedule(key, fresh);
      } else if (state.running !== null) {
        state.again = true;
      }
      // Waiting already: that run will see this request's effect.
    },
    pending: () => states.size,
    idle: () => (states.size === 0 ? Promise.resolve() : new Promise((resolve) => waiters.push(resolve))),
    async stop() {
      stopped = true;
      const running: Promise<void>[] = [];
      for (const [key, state] of states) {
        if (state.timer !== null) options.timers.clearTimeout(state.timer);
        if (state.running) running.push(state.running);
        else states.delete(key);
      }
      await Promise.allSettled(running);
      states.clear();
      settle();
    },
  };
}
