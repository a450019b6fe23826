import { describe, expect, it } from "vitest";
import { createScheduler, type Timers } from "../../src/counter/scheduler.js";

/** Manual timers and clock: the test decides when time passes. */
function manualTime() {
  let now = 0;
  const pending: { at: number; callback: () => void; id: number }[] = [];
  let nextId = 0;
  const timers: Timers = {
    setTimeout(callback, ms) {
      const id = nextId++;
      pending.push({ at: now + ms, callback, id });
      return id;
    },
    clearTimeout(handle) {
      const index = pending.findIndex((entry) => entry.id === handle);
      if (index >= 0) pending.splice(index, 1);
    },
  };
  return {
    timers,
    clock: () => now,
    pendingCount: () => pending.length,
    async advance(ms: number) {
      now += ms;
      for (const entry of pending.filter((e) => e.at <= now)) {
        pending.splice(pending.indexOf(entry), 1);
        entry.callback();
      }
      await new Promise((resolve) => setImmediate(resolve));
    },
  };
}

describe("scheduler", () => {
  it("runs at start and then every interval, never two at once", async () => {
    const time = manualTime();
    let running = 0;
    let maxRunning = 0;
    let runs = 0;
    let release: (() => void) | null = null;
    const scheduler = createScheduler({
      intervalMs: 1000,
      clock: time.clock,
      timers: time.timers,
      onError: () => {},
      task: () => {
        runs++;
        running++;
        maxRunning = Math.max(maxRunning, running);
        return new Promise<void>((resolve) => {
          release = () => {
            running--;
            resolve();
          };
        });
      },
    });
    scheduler.start();
    expect(runs).toBe(1);
    // The first sync overruns the interval: no second one starts meanwhile.
    await time.advance(5000);
    void scheduler.trigger();
    expect(runs).toBe(1);
    release!();
    await new Promise((resolve) => setImmediate(resolve));
    // Overran: the next one is due at once.
    await time.advance(0);
    expect(runs).toBe(2);
    release!();
    await new Promise((resolve) => setImmediate(resolve));
    await time.advance(999);
    expect(runs).toBe(2);
    await time.advance(1);
    expect(runs).toBe(3);
    expect(maxRunning).toBe(1);
    release!();
    await scheduler.stop();
    expect(time.pendingCount()).toBe(0);
  });

  it("keeps going after a failed sync", async () => {
    const time = manualTime();
    const errors: unknown[] = [];
    let runs = 0;
    const scheduler = createScheduler({
      intervalMs: 10,
      clock: time.clock,
      timers: time.timers,
      onError: (error) => errors.push(error),
      task: async () => {
        runs++;
        throw new Error("boom");
      },
    });
    scheduler.start();
    await new Promise((resolve) => setImmediate(resolve));
    await time.advance(10);
    await time.advance(10);
    expect(runs).toBe(3);
    expect(errors).toHaveLength(3);
    await scheduler.stop();
  });
});
