import { describe, expect, it } from "vitest";
import { describeError, failedFigure } from "../../bench/lib/failure.js";

describe("bench failure rows", () => {
  it("keeps the reason an exporter printed after 'exited early:', on one line", () => {
    const error = new Error(
      'exporter exited early:\ndiscord-exporter: BOT_ENABLED must be true or false (or 1/0, yes/no), got "maybe"\n\nmore',
    );
    expect(failedFigure("gateway, no bot exporter", error)).toEqual({
      label: "gateway, no bot exporter (failed)",
      value: 'exporter exited early: discord-exporter: BOT_ENABLED must be true or false (or 1/0, yes/no), got "maybe"',
      met: false,
    });
  });

  it("describes a thrown non-error by its string", () => {
    expect(describeError("timed out")).toBe("timed out");
  });
});
