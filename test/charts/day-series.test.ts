import { describe, expect, it } from "vitest";
import { sumByDay, valuesByDay } from "../../src/charts/day-series.js";
import { listUtcDays, MAX_CHART_DAYS } from "../../src/charts/utc-day.js";

describe("listUtcDays", () => {
  it("lists every day of the range, both ends included, across month and leap-day boundaries", () => {
    expect(listUtcDays("2024-02-27", "2024-03-02")).toEqual([
      "2024-02-27",
      "2024-02-28",
      "2024-02-29",
      "2024-03-01",
      "2024-03-02",
    ]);
    expect(listUtcDays("2024-06-01", "2024-06-01")).toEqual(["2024-06-01"]);
  });

  it("refuses days that do not exist, reversed ranges and absurdly long ones", () => {
    expect(() => listUtcDays("2023-02-29", "2023-03-01")).toThrow(RangeError);
    expect(() => listUtcDays("2024-6-1", "2024-06-02")).toThrow(RangeError);
    expect(() => listUtcDays("2024-06-02", "2024-06-01")).toThrow(RangeError);
    expect(() => listUtcDays("1990-01-01", "2024-01-01")).toThrow(/at most 3660/);
    expect(listUtcDays("2015-01-01", "2025-01-07").length).toBeLessThanOrEqual(MAX_CHART_DAYS);
  });
});

describe("sumByDay", () => {
  const days = ["2024-06-01", "2024-06-02", "2024-06-03", "2024-06-04"];

  it("gives days without a row a zero, ignores rows outside the range and adds up a repeated day", () => {
    const rows = [
      { day: "2024-05-31", human: 99, bot: 99 },
      { day: "2024-06-02", human: 5, bot: 1 },
      { day: "2024-06-04", human: 7, bot: 0 },
      { day: "2024-06-04", human: 1, bot: 2 },
      { day: "2024-06-05", human: 99, bot: 99 },
    ];
    expect(sumByDay(days, rows, ["human", "bot"])).toEqual({ human: [0, 5, 0, 8], bot: [0, 1, 0, 2] });
  });
});

describe("valuesByDay", () => {
  it("leaves days without a row as gaps (null), not zeros", () => {
    const rows = [{ day: "2024-06-02", d1: 3, d7: 10, d30: 40 }];
    expect(valuesByDay(["2024-06-01", "2024-06-02", "2024-06-03"], rows, ["d1", "d7", "d30"])).toEqual({
      d1: [null, 3, null],
      d7: [null, 10, null],
      d30: [null, 40, null],
    });
  });
});
