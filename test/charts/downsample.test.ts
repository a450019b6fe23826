import { describe, expect, it } from "vitest";
import { downsampleMinMax } from "../../src/charts/downsample.js";

interface Row {
  i: number;
  a: number;
  b: number | null;
}

const series = [(r: Row) => r.a, (r: Row) => r.b];

function rows(count: number, a: (i: number) => number, b: (i: number) => number | null): Row[] {
  return Array.from({ length: count }, (_, i) => ({ i, a: a(i), b: b(i) }));
}

describe("downsampleMinMax", () => {
  it("returns a copy of the rows when they already fit", () => {
    const input = rows(
      10,
      (i) => i,
      () => 1,
    );
    const output = downsampleMinMax(input, 10, series);
    expect(output).toEqual(input);
    expect(output).not.toBe(input);
  });

  it("never returns more than maxPoints rows, whatever the input length", () => {
    for (const count of [1001, 1002, 1999, 2160, 25_920, 100_003]) {
      const output = downsampleMinMax(
        rows(
          count,
          (i) => Math.sin(i),
          (i) => Math.cos(i * 7),
        ),
        1000,
        series,
      );
      expect(output.length).toBeLessThanOrEqual(1000);
      // And not far below it: the budget is used.
      expect(output.length).toBeGreaterThan(900);
    }
  });

  it("keeps the rows in their order, the first and the last", () => {
    const input = rows(
      5000,
      (i) => (i * 7919) % 1000,
      (i) => (i * 104_729) % 777,
    );
    const output = downsampleMinMax(input, 1000, series);
    const order = output.map((r) => r.i);
    expect(order).toEqual([...order].sort((x, y) => x - y));
    expect(new Set(order).size).toBe(order.length);
    expect(order[0]).toBe(0);
    expect(order.at(-1)).toBe(4999);
  });

  it("keeps a one-sample spike and a one-sample dip of each series", () => {
    // A flat line with one peak in `a` and one dip in `b` that plain every-n-th thinning would miss.
    const input = rows(
      25_920,
      (i) => (i === 12_345 ? 9999 : 100),
      (i) => (i === 20_001 ? 0 : 50),
    );
    const output = downsampleMinMax(input, 1000, series);
    expect(output.map((r) => r.a)).toContain(9999);
    expect(output.find((r) => r.a === 9999)?.i).toBe(12_345);
    expect(output.find((r) => r.b === 0)?.i).toBe(20_001);
  });

  it("keeps the overall lowest and highest value of every series on noisy data", () => {
    const noise = (seed: number) => (i: number) => Math.abs(Math.sin(i * seed) * 10_000) % 997;
    const input = rows(50_000, noise(12.9898), noise(78.233));
    const output = downsampleMinMax(input, 1000, series);
    for (const pick of [(r: Row) => r.a, (r: Row) => r.b ?? 0]) {
      const all = input.map(pick);
      const kept = output.map(pick);
      expect(Math.max(...kept)).toBe(Math.max(...all));
      expect(Math.min(...kept)).toBe(Math.min(...all));
    }
  });

  it("skips gaps when looking for extremes, but keeps a row where a whole bucket is a gap", () => {
    const input = rows(
      10_000,
      (i) => i,
      (i) => (i >= 3000 && i < 6000 ? null : i % 10),
    );
    const output = downsampleMinMax(input, 102, [(r: Row) => r.b]);
    // 50 buckets of ~200 rows; the 15 buckets inside the gap each keep one row with b === null.
    expect(output.filter((r) => r.b === null).length).toBeGreaterThanOrEqual(14);
    expect(output.filter((r) => r.b === null).every((r) => r.i >= 3000 && r.i < 6000)).toBe(true);
  });

  it("refuses a budget too small for one bucket of every series", () => {
    expect(() =>
      downsampleMinMax(
        rows(
          100,
          (i) => i,
          () => 0,
        ),
        5,
        series,
      ),
    ).toThrow(RangeError);
    expect(() =>
      downsampleMinMax(
        rows(
          100,
          (i) => i,
          () => 0,
        ),
        6,
        series,
      ),
    ).not.toThrow();
  });
});
