import { describe, expect, it } from "vitest";
import { type DurationFailure, formatDuration, parseDuration } from "../../src/config/duration.js";

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

describe("parseDuration", () => {
  it.each<[string, number]>([
    ["500ms", 500],
    ["30s", 30 * SECOND],
    ["15m", 15 * MINUTE],
    ["1h", HOUR],
    ["2d", 2 * DAY],
    ["1h30m", HOUR + 30 * MINUTE],
    ["1d2h3m4s5ms", DAY + 2 * HOUR + 3 * MINUTE + 4 * SECOND + 5],
    ["1.5h", 90 * MINUTE],
    ["0.3s", 300],
  ])("%s is %d ms", (text, ms) => {
    expect(parseDuration(text)).toEqual({ ok: true, ms });
  });

  it("ignores surrounding whitespace", () => {
    expect(parseDuration("  30s\n")).toEqual({ ok: true, ms: 30 * SECOND });
  });

  it.each<[string, DurationFailure]>([
    ["", "empty"],
    ["   ", "empty"],
    ["0", "missing-unit"],
    ["30", "missing-unit"],
    ["1.5", "missing-unit"],
    ["0s", "zero"],
    ["0h0m", "zero"],
    ["0ms", "zero"],
    ["-5m", "negative"],
    ["-1", "negative"],
    ["abc", "invalid"],
    ["s", "invalid"],
    ["30x", "invalid"],
    ["30 s", "invalid"],
    ["1h 30m", "invalid"],
    ["30S", "invalid"], // units are lower case only: "M" could be read as months
    ["1m30m", "invalid"], // a unit twice is a typo, not a sum
    ["30m1h", "invalid"], // largest unit first
    ["1.5ms", "invalid"], // finer than a millisecond
    [".5s", "invalid"],
    ["5.s", "invalid"],
    ["1e3s", "invalid"],
    ["+5s", "invalid"],
    ["15m ago", "invalid"],
    ["99999999999999999999d", "too-large"],
  ])("%j is rejected (%s)", (text, reason) => {
    expect(parseDuration(text)).toEqual({ ok: false, reason });
  });
});

describe("formatDuration", () => {
  it.each<[number, string]>([
    [500, "500ms"],
    [10 * SECOND, "10s"],
    [HOUR + 30 * MINUTE, "1h30m"],
    [24 * DAY, "24d"],
    [DAY + 1, "1d1ms"],
  ])("%d ms is %s", (ms, text) => {
    expect(formatDuration(ms)).toBe(text);
    expect(parseDuration(text)).toEqual({ ok: true, ms });
  });

  it("rejects what parseDuration could never return", () => {
    expect(() => formatDuration(0)).toThrow(RangeError);
    expect(() => formatDuration(1.5)).toThrow(RangeError);
  });
});
