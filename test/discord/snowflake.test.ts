import { describe, expect, it } from "vitest";
import {
  compareSnowflakes,
  isNewerSnowflake,
  maxSnowflake,
  snowflakeAt,
  timestampOfSnowflake,
  utcDayOfSnowflake,
} from "../../src/discord/snowflake.js";

describe("snowflakes", () => {
  it("decodes Discord's documented example", () => {
    // https://discord.com/developers/docs/reference#snowflakes: 175928847299117063 → 2016-04-30T11:18:25.796Z
    expect(new Date(timestampOfSnowflake("175928847299117063")).toISOString()).toBe("2016-04-30T11:18:25.796Z");
    expect(utcDayOfSnowflake("175928847299117063")).toBe("2016-04-30");
  });

  it("round-trips a time", () => {
    const ms = Date.UTC(2024, 0, 1);
    expect(timestampOfSnowflake(snowflakeAt(ms))).toBe(ms);
  });

  it("orders ids numerically", () => {
    expect(compareSnowflakes("99", "100")).toBe(-1);
    expect(isNewerSnowflake("1000000000000000000", "999999999999999999")).toBe(true);
    expect(isNewerSnowflake(null, "1")).toBe(false);
    expect(isNewerSnowflake("1", null)).toBe(true);
    expect(maxSnowflake("999999999999999999", "1000000000000000000")).toBe("1000000000000000000");
    expect(maxSnowflake(null, "5")).toBe("5");
  });
});
