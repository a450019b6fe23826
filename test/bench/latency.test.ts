import { describe, expect, it } from "vitest";
import { duration, quantile, summarizeLatencies } from "../../bench/lib/latency.js";

describe("bench latency summaries", () => {
  it("takes quantiles by nearest rank: always an observed sample", () => {
    const sorted = Array.from({ length: 100 }, (_, i) => i + 1);
    expect(quantile(sorted, 0.5)).toBe(50);
    expect(quantile(sorted, 0.99)).toBe(99);
    expect(quantile([7], 0.99)).toBe(7);
    // Below 100 samples p99 is the worst one.
    expect(quantile([1, 2, 3, 40], 0.99)).toBe(40);
  });

  it("summarizes unsorted samples, and says when there are none", () => {
    expect(summarizeLatencies([30, 10, 20])).toEqual({ n: 3, p50: 20, p99: 30, max: 30 });
    expect(summarizeLatencies([])).toBeNull();
    expect(() => quantile([], 0.5)).toThrow(/no samples/);
  });

  it("writes milliseconds under a second and seconds above", () => {
    expect(duration(0.42)).toBe("0.42 ms");
    expect(duration(8.25)).toBe("8.3 ms");
    expect(duration(850)).toBe("850 ms");
    expect(duration(2314)).toBe("2.31 s");
  });
});
