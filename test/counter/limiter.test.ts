import { describe, expect, it } from "vitest";
import { createLimiter } from "../../src/counter/limiter.js";

describe("limiter", () => {
  it("runs at most `limit` tasks at once and serves high priority first", async () => {
    const limiter = createLimiter(2);
    const order: string[] = [];
    let active = 0;
    let maxActive = 0;
    const gates: Array<() => void> = [];
    const task = (name: string) => () =>
      new Promise<void>((resolve) => {
        order.push(name);
        active++;
        maxActive = Math.max(maxActive, active);
        gates.push(() => {
          active--;
          resolve();
        });
      });
    const all = [
      limiter.run("low", task("low1")),
      limiter.run("low", task("low2")),
      limiter.run("low", task("low3")),
      limiter.run("high", task("high1")),
    ];
    expect(order).toEqual(["low1", "low2"]);
    gates.shift()!();
    await new Promise((resolve) => setImmediate(resolve));
    expect(order).toEqual(["low1", "low2", "high1"]);
    while (gates.length > 0) {
      gates.shift()!();
      await new Promise((resolve) => setImmediate(resolve));
    }
    await Promise.all(all);
    expect(order).toEqual(["low1", "low2", "high1", "low3"]);
    expect(maxActive).toBe(2);
  });

  it("frees the slot when a task fails", async () => {
    const limiter = createLimiter(1);
    await expect(limiter.run("high", async () => Promise.reject(new Error("x")))).rejects.toThrow("x");
    await expect(limiter.run("high", async () => 5)).resolves.toBe(5);
  });
});

describe("limiter weights", () => {
  it("starts low-priority tasks by weight, largest first, arrival order among equals", async () => {
    const limiter = createLimiter(1);
    const order: string[] = [];
    let release: (() => void) | null = null;
    const blocker = limiter.run("high", () => new Promise<void>((resolve) => (release = resolve)));
    const task = (name: string) => async () => {
      order.push(name);
    };
    const all = [
      limiter.run("low", task("small"), 2),
      limiter.run("low", task("huge"), 2000),
      limiter.run("low", task("unknown-a"), 10),
      limiter.run("low", task("unknown-b"), 10),
      limiter.run("high", task("forward")),
    ];
    release!();
    await Promise.all([blocker, ...all]);
    expect(order).toEqual(["forward", "huge", "unknown-a", "unknown-b", "small"]);
  });
});

describe("limiter pace", () => {
  /** A clock and timers that move only when the test says so. */
  function manualTime() {
    let now = 0;
    const pending: Array<{ at: number; callback: () => void }> = [];
    return {
      now: () => now,
      timers: {
        setTimeout: (callback: () => void, ms: number) => pending.push({ at: now + ms, callback }),
        clearTimeout: () => {},
      },
      async advance(ms: number) {
        now += ms;
        const due = pending.filter((t) => t.at <= now);
        pending.splice(0, pending.length, ...pending.filter((t) => t.at > now));
        for (const timer of due) timer.callback();
        await new Promise((resolve) => setImmediate(resolve));
      },
      pendingTimers: () => pending.length,
    };
  }

  it("starts at most perSecond requests in any second: forward syncs first, then the heaviest backfill page", async () => {
    const time = manualTime();
    const limiter = createLimiter(10, { perSecond: 2, now: time.now, timers: time.timers });
    const order: string[] = [];
    const task = (name: string) => async () => {
      order.push(name);
    };
    const all = [limiter.run("low", task("a"), 1), limiter.run("low", task("b"), 1), limiter.run("low", task("c"), 1)];
    await new Promise((resolve) => setImmediate(resolve));
    expect(order).toEqual(["a", "b"]);
    await time.advance(500);
    all.push(limiter.run("low", task("heavy"), 500), limiter.run("high", task("forward")));
    await new Promise((resolve) => setImmediate(resolve));
    expect(order).toEqual(["a", "b"]);
    await time.advance(499);
    expect(order).toEqual(["a", "b"]);
    // a and b age out together: two starts, the forward sync and then the heaviest page; c waits another second.
    await time.advance(1);
    expect(order).toEqual(["a", "b", "forward", "heavy"]);
    await time.advance(999);
    expect(order).toEqual(["a", "b", "forward", "heavy"]);
    await time.advance(1);
    expect(order).toEqual(["a", "b", "forward", "heavy", "c"]);
    await Promise.all(all);
    expect(time.pendingTimers()).toBe(0);
  });
});
