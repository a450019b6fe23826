import { describe, expect, it } from "vitest";
import { createFreshnessTracker } from "../../bench/lib/freshness.js";

describe("bench freshness tracker: when a scrape first shows each posted message", () => {
  it("attributes each post to the first scrape whose channel total includes it", () => {
    const tracker = createFreshnessTracker();
    tracker.post({ channelId: "a", at: 0, total: 11 });
    tracker.post({ channelId: "b", at: 100, total: 6 });
    tracker.post({ channelId: "a", at: 200, total: 12 });
    expect(tracker.pending()).toBe(3);
    // a shows its first message only; b nothing yet.
    expect(
      tracker.observe(
        900,
        new Map([
          ["a", 11],
          ["b", 5],
        ]),
      ),
    ).toEqual([900]);
    expect(
      tracker.observe(
        1000,
        new Map([
          ["a", 11],
          ["b", 5],
        ]),
      ),
    ).toEqual([]);
    // A scrape may show several at once, and counts beyond the tracked post (untracked messages) still show it.
    expect(
      tracker.observe(
        1500,
        new Map([
          ["a", 13],
          ["b", 6],
        ]),
      ),
    ).toEqual([1300, 1400]);
    expect(tracker.pending()).toBe(0);
    expect(tracker.latencies()).toEqual([900, 1300, 1400]);
  });

  it("a channel missing from the scrape leaves its posts waiting", () => {
    const tracker = createFreshnessTracker();
    tracker.post({ channelId: "new", at: 50, total: 1 });
    expect(tracker.observe(100, new Map([["other", 3]]))).toEqual([]);
    expect(tracker.pending()).toBe(1);
    expect(tracker.observe(350, new Map([["new", 1]]))).toEqual([300]);
  });
});
