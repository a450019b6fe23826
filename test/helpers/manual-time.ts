/**
 * Timers and a clock under the test's hand: advance() fires what is due, in order, letting promises settle after
 * each. The shape of counter/scheduler.ts's Timers, which the scheduler, the limiter and the metrics renderer take.
 */
export interface ManualTime {
  readonly timers: { setTimeout(run: () => void, ms: number): unknown; clearTimeout(id: unknown): void };
  clock(): number;
  /** Timers set and not yet fired or cleared. */
  pending(): number;
  advance(ms: number): Promise<void>;
}

export function manualTime(start = 0): ManualTime {
  let now = start;
  let nextId = 0;
  const pending = new Map<number, { at: number; run: () => void }>();
  return {
    timers: {
      setTimeout: (run, ms) => {
        const id = nextId++;
        pending.set(id, { at: now + ms, run });
        return id;
      },
      clearTimeout: (id) => void pending.delete(id as number),
    },
    clock: () => now,
    pending: () => pending.size,
    async advance(ms) {
      const end = now + ms;
      for (;;) {
        const due = [...pending].filter(([, t]) => t.at <= end).sort((a, b) => a[1].at - b[1].at)[0];
        if (!due) break;
        pending.delete(due[0]);
        now = due[1].at;
        due[1].run();
        await new Promise((resolve) => setImmediate(resolve));
      }
      now = end;
    },
  };
}
