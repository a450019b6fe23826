import { describe, expect, it } from "vitest";
import { formatDayLabels, formatDayRange, formatTimeLabels, formatTimeRange } from "../../src/charts/date-labels.js";

const at = (iso: string) => Date.parse(iso);

describe("date labels", () => {
  it("labels days in the chart's language, in UTC", () => {
    expect(formatDayLabels("ja", ["2024-06-01", "2024-06-02"])).toEqual(["6月1日", "6月2日"]);
    expect(formatDayLabels("en", ["2024-06-01", "2024-06-02"])).toEqual(["Jun 1", "Jun 2"]);
  });

  it("adds the year when the range crosses a new year", () => {
    expect(formatDayLabels("ja", ["2024-12-31", "2025-01-01"])).toEqual(["2024年12月31日", "2025年1月1日"]);
    expect(formatDayLabels("en", ["2024-12-31", "2025-01-01"])).toEqual(["Dec 31, 2024", "Jan 1, 2025"]);
  });

  it("labels sample times with the time of day over a month or less, with the date alone beyond", () => {
    const short = [at("2024-06-01T00:00:00Z"), at("2024-06-01T14:05:00Z")];
    expect(formatTimeLabels("ja", short)).toEqual(["6月1日 00:00", "6月1日 14:05"]);
    expect(formatTimeLabels("en", short)).toEqual(["Jun 1, 00:00", "Jun 1, 14:05"]);
    const long = [at("2024-04-01T00:00:00Z"), at("2024-06-30T23:55:00Z")];
    expect(formatTimeLabels("ja", long)).toEqual(["4月1日", "6月30日"]);
    // 23:55 UTC is already the next day in Japan: the labels stay in UTC like the axis says.
    expect(formatTimeLabels("en", long)).toEqual(["Apr 1", "Jun 30"]);
  });

  it("writes ranges with the locale's separator, and one date for a one-day range", () => {
    expect(formatDayRange("ja", "2024-06-01", "2024-06-30")).toBe("2024年6月1日〜2024年6月30日");
    expect(formatDayRange("en", "2024-06-01", "2024-06-30")).toBe("Jun 1, 2024 – Jun 30, 2024");
    expect(formatDayRange("ja", "2024-06-01", "2024-06-01")).toBe("2024年6月1日");
    expect(formatTimeRange("ja", at("2024-06-01T10:00:00Z"), at("2024-06-02T09:30:00Z"))).toBe(
      "2024年6月1日 10:00〜2024年6月2日 09:30",
    );
  });
});
