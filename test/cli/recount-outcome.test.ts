import { describe, expect, it } from "vitest";
import { recountOutcome } from "../../src/cli/recount.js";
import type { RecountResult } from "../../src/counter/recount.js";

const recounted: RecountResult = { kind: "recounted", channelId: "1", oldTotal: 10, newTotal: 8, difference: 2 };
const skipped: RecountResult = { kind: "skipped", channelId: "2", state: "unreadable", reason: "no history" };

describe("recountOutcome", () => {
  it("0 when everything was recounted, 3 when some were skipped, no extra line", () => {
    expect(recountOutcome([recounted], 0)).toEqual({ code: 0, summary: null });
    expect(recountOutcome([recounted, skipped], 0)).toEqual({ code: 3, summary: null });
  });

  it("failures win over skipped channels, and the last line tells both, so neither is hidden", () => {
    expect(recountOutcome([recounted], 2)).toEqual({ code: 1, summary: "2 channel(s) failed" });
    expect(recountOutcome([recounted, skipped, { ...skipped, channelId: "3" }], 1)).toEqual({
      code: 1,
      summary: "1 channel(s) failed, 2 skipped (counts kept, listed in the report)",
    });
  });
});
