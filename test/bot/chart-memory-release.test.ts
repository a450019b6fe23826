import { describe, expect, it } from "vitest";
import { createChartMemoryRelease } from "../../src/bot/chart-memory-release.js";

/** A clock and timers that move only when told, and the times at which collections ran. */
function setup(minIntervalMs = 1000) {
  let now = 10_000;
  const pending: { at: number; callback: () => void }[] = [];
  const collectedAt: number[] = [];
  const release = createChartMemoryRelease({
    collect: () => void collectedAt.push(now),
    clock: () => now,
    timers: {
      setTimeout: (callback, ms) => {
        const timer = { at: now + ms, callback };
        pending.push(timer);
        return timer;
      },
      clearTimeout: (handle) => {
        const index = pending.indexOf(handle as (typeof pending)[number]);
        if (index >= 0) pending.splice(index, 1);
      },
    },
    minIntervalMs,
  });
  function advance(ms: number): void {
    now += ms;
    for (const timer of pending.filter((t) => t.at <= now)) {
      pending.splice(pending.indexOf(timer), 1);
      timer.callback();
    }
  }
  return { release, advance, collectedAt, pending };
}

describe("chart-memory-release: at most one collection per interval, the last request never dropped", () => {
  it("the first request collects at once", () => {
    const { release, collectedAt } = setup();
    release.request();
    expect(collectedAt).toEqual([10_000]);
  });

  it("requests within the interval wait for its end and make one collection between them", () => {
    const { release, advance, collectedAt } = setup();
    release.request();
    advance(200);
    release.request();
    advance(300);
    release.request();
    expect(collectedAt).toEqual([10_000]);
    advance(499);
    expect(collectedAt).toEqual([10_000]);
    advance(1);
    expect(collectedAt).toEqual([10_000, 11_000]);
  });

  it("a request after a quiet interval collects at once again", () => {
    const { release, advance, collectedAt } = setup();
    release.request();
    advance(5000);
    release.request();
    expect(collectedAt).toEqual([10_000, 15_000]);
  });

  it("stop cancels the waiting collection and refuses new ones", () => {
    const { release, advance, collectedAt, pending } = setup();
    release.request();
    release.request();
    expect(pending).toHaveLength(1);
    release.stop();
    expect(pending).toHaveLength(0);
    advance(5000);
    release.request();
    expect(collectedAt).toEqual([10_000]);
  });
});
