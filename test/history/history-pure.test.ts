import { describe, expect, it } from "vitest";
import { countActiveMembersByDay } from "../../src/history/active-members-history.js";
import {
  escapeOpenMetricsText,
  formatLabels,
  formatSampleLine,
  formatTimestampSeconds,
  formatValue,
} from "../../src/history/openmetrics-text.js";
import {
  addUtcDays,
  eachUtcDay,
  endOfUtcDayMs,
  formatUtcDay,
  isUtcDay,
  parseUtcDay,
} from "../../src/history/utc-days.js";

describe("OpenMetrics text", () => {
  it("escapes backslash, double quote and line feed, and nothing else", () => {
    expect(escapeOpenMetricsText('a\\b"c\nd\te é 🎉')).toBe('a\\\\b\\"c\\nd\te é 🎉');
    expect(formatLabels({ b: 'x"', a: "" })).toBe('{b="x\\"",a=""}');
    expect(formatLabels({})).toBe("");
  });

  it("writes timestamps in seconds, exactly, from integer ms", () => {
    expect(formatTimestampSeconds(1704153599000)).toBe("1704153599");
    expect(formatTimestampSeconds(1704153600123)).toBe("1704153600.123");
    expect(formatTimestampSeconds(1704153600005)).toBe("1704153600.005");
    expect(() => formatTimestampSeconds(1.5)).toThrow(RangeError);
    expect(formatSampleLine("m", { a: "1" }, 42, 1000)).toBe('m{a="1"} 42 1');
    expect([NaN, Infinity, -Infinity, 0.5].map(formatValue)).toEqual(["NaN", "+Inf", "-Inf", "0.5"]);
  });
});

describe("UTC days", () => {
  it("parses only real calendar days", () => {
    expect(isUtcDay("2024-02-29")).toBe(true);
    expect(isUtcDay("2023-02-29")).toBe(false);
    expect(isUtcDay("2024-13-01")).toBe(false);
    expect(isUtcDay("2024-1-01")).toBe(false);
    expect(isUtcDay("yesterday")).toBe(false);
    expect(parseUtcDay("2024-01-02")).toBe(Date.UTC(2024, 0, 2));
  });

  it("does day arithmetic across months and leap days", () => {
    expect(addUtcDays("2024-03-01", -1)).toBe("2024-02-29");
    expect(addUtcDays("2024-12-31", 1)).toBe("2025-01-01");
    expect([...eachUtcDay("2024-02-28", "2024-03-01")]).toEqual(["2024-02-28", "2024-02-29", "2024-03-01"]);
    expect([...eachUtcDay("2024-03-01", "2024-02-28")]).toEqual([]);
    expect(new Date(endOfUtcDayMs("2024-01-01")).toISOString()).toBe("2024-01-01T23:59:59.000Z");
    expect(formatUtcDay(Date.UTC(2024, 0, 1, 23, 59, 59, 999))).toBe("2024-01-01");
  });
});

describe("countActiveMembersByDay", () => {
  it("slides each window over the days, counting an author once per window", () => {
    const rows = [
      { guildId: "g", day: "2024-01-01", authorId: "a" },
      { guildId: "g", day: "2024-01-01", authorId: "a" }, // a second channel, same day
      { guildId: "g", day: "2024-01-03", authorId: "b" },
      { guildId: "g", day: "2024-01-07", authorId: "a" },
      { guildId: "g", day: "2024-01-08", authorId: "c" },
      { guildId: "g", day: "2023-12-10", authorId: "old" },
    ];
    const result = countActiveMembersByDay(rows, new Map([["g", "2024-01-06"]]), "2024-01-09");
    const table = (window: string) => result.filter((r) => r.window === window).map((r) => `${r.day}:${r.count}`);
    expect(table("1d")).toEqual(["2024-01-06:0", "2024-01-07:1", "2024-01-08:1", "2024-01-09:0"]);
    // 7d ending 01-07 covers 01-01..01-07 (a, b); ending 01-08 drops 01-01 (a still there from 01-07), adds c.
    expect(table("7d")).toEqual(["2024-01-06:2", "2024-01-07:2", "2024-01-08:3", "2024-01-09:3"]);
    // 30d ending 01-06 reaches back to 2023-12-08: "old" is in until the window ending 01-09 starts on 12-11.
    expect(table("30d")).toEqual(["2024-01-06:3", "2024-01-07:3", "2024-01-08:4", "2024-01-09:3"]);
  });

  it("gives a guild without authors zeros, and nothing to a guild it was not asked about", () => {
    const result = countActiveMembersByDay(
      [{ guildId: "other", day: "2024-01-01", authorId: "x" }],
      new Map([["g", "2024-01-01"]]),
      "2024-01-01",
    );
    expect(result).toEqual([
      { guildId: "g", day: "2024-01-01", window: "1d", count: 0 },
      { guildId: "g", day: "2024-01-01", window: "7d", count: 0 },
      { guildId: "g", day: "2024-01-01", window: "30d", count: 0 },
    ]);
  });
});
