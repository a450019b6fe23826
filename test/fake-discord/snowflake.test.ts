import { describe, expect, it } from "vitest";
import {
  DISCORD_EPOCH,
  discordTimestamp,
  isSnowflake,
  nextWorkerId,
  parseSnowflakeParam,
  snowflakeBigFromTime,
  snowflakeFromTime,
  timeFromSnowflake,
} from "../../fake-discord/snowflake.js";

describe("snowflake", () => {
  it("round-trips a time", () => {
    const ms = Date.UTC(2023, 4, 17, 12, 30, 15, 123);
    const id = snowflakeFromTime(ms);
    expect(timeFromSnowflake(id)).toBe(ms);
    expect(BigInt(id)).toBe((BigInt(ms) - DISCORD_EPOCH) << 22n);
    expect(timeFromSnowflake(snowflakeFromTime(ms, 4_194_303))).toBe(ms);
  });

  it("matches Discord's documented example id", () => {
    // From Discord's docs: 175928847299117063 was created at 2016-04-30 11:18:25.796 UTC.
    expect(timeFromSnowflake("175928847299117063")).toBe(Date.UTC(2016, 3, 30, 11, 18, 25, 796));
  });

  it("produces 17-19 digit ids for realistic times", () => {
    for (const year of [2015, 2018, 2022, 2026, 2040]) {
      const id = snowflakeFromTime(Date.UTC(year, 6, 1));
      expect(isSnowflake(id)).toBe(true);
    }
  });

  it("rejects bad input", () => {
    expect(() => snowflakeFromTime(0)).toThrow(RangeError);
    expect(() => snowflakeFromTime(Date.now(), 1 << 22)).toThrow(RangeError);
    expect(parseSnowflakeParam("0")).toBe(0n);
    expect(parseSnowflakeParam("abc")).toBeNull();
    expect(parseSnowflakeParam("99999999999999999999")).toBeNull();
  });

  it("finds the next id of a worker, stepping to the next ms when its increments run out", () => {
    const base = snowflakeBigFromTime(Date.UTC(2024, 0, 1));
    expect(nextWorkerId(base, 3)).toBe(base | (3n << 12n));
    expect(nextWorkerId(base | (3n << 12n), 3)).toBe((base | (3n << 12n)) + 1n);
    expect(nextWorkerId(base | (3n << 12n) | 4095n, 3)).toBe(base + (1n << 22n) + (3n << 12n));
    expect(nextWorkerId(base | (5n << 12n), 3)).toBe(base + (1n << 22n) + (3n << 12n));
  });

  it("formats timestamps the way Discord does", () => {
    expect(discordTimestamp(Date.UTC(2021, 2, 1, 12, 34, 56, 789))).toBe("2021-03-01T12:34:56.789000+00:00");
  });
});
