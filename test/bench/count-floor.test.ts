import { describe, expect, it } from "vitest";
import { countFloor, pagesToWalk } from "../../bench/lib/count-floor.js";

describe("pagesToWalk", () => {
  it("counts the full pages, then the short or empty one that shows the start", () => {
    expect([0, 1, 99, 100, 101, 250, 300_000].map(pagesToWalk)).toEqual([1, 1, 1, 2, 2, 3, 3001]);
  });
});

describe("countFloor", () => {
  it("takes the busiest channel from the messages, and sums every channel's pages", () => {
    const floor = countFloor([
      { id: "a", messages: 1_234 },
      { id: "b", messages: 300_000 },
      { id: "c", messages: 0 },
    ]);
    expect(floor).toEqual({ busiestChannelId: "b", busiestPages: 3001, allPages: 13 + 3001 + 1 });
  });
});
