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
