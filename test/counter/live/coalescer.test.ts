import { describe, expect, it } from "vitest";
import { createCoalescer } from "../../../src/counter/live/coalescer.js";
import { manualTime } from "../../helpers/manual-time.js";

describe("createCoalescer", () => {
  it("a burst of requests for a key is one run after the delay; runs of a key are at least the interval apart", async () => {
    const time = manualTime();
    const runs: [string, number][] = [];
    const coalescer = createCoalescer<string>({
      delayMs: 100,
      minIntervalMs: 1000,
      clock: time.clock,
      timers: time.timers,
      run: async (key) => void runs.push([key, time.clock()]),
      onError: () => {},
    });
    for (let i = 0; i < 10; i++) coalescer.request("a");
    coalescer.request("b");
    await time.advance(100);
    expect(runs).toEqual([
      ["a", 100],
      ["b", 100],
    ]);
    coalescer.request("a");
    await time.advance(2000);
    expect(runs.filter(([key]) => key === "a")).toEqual([
      ["a", 100],
      ["a", 1100],
    ]);
    await coalescer.idle();
    expect(coalescer.pending()).toBe(0);
  });

  it("a request during a run makes exactly one more run after it: the last request is never lost", async () => {
    const time = manualTime();
    let release: () => void = () => {};
    const runs: number[] = [];
    const coalescer = createCoalescer<string>({
      delayMs: 0,
      minIntervalMs: 50,
      clock: time.clock,
      timers: time.timers,
      run: async () => {
        runs.push(time.clock());
        if (runs.length === 1) await new Promise<void>((resolve) => (release = resolve));
      },
      onError: () => {},
    });
    coalescer.request("k");
    await time.advance(0);
    coalescer.request("k");
    coalescer.request("k");
    release();
    await new Promise((resolve) => setImmediate(resolve));
    await time.advance(100);
    expect(runs).toEqual([0, 50]);
  });

  it("a failing run is reported and the key can run again", async () => {
    const time = manualTime();
    const errors: unknown[] = [];
    let calls = 0;
    const coalescer = createCoalescer<string>({
      delayMs: 0,
      minIntervalMs: 0,
      clock: time.clock,
      timers: time.timers,
      run: async () => {
        calls++;
        if (calls === 1) throw new Error("boom");
      },
      onError: (_key, error) => errors.push(error),
    });
    coalescer.request("k");
    await time.advance(1);
    coalescer.request("k");
    await time.advance(1);
    expect(calls).toBe(2);
    expect(errors).toHaveLength(1);
  });
});
