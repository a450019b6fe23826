import { describe, expect, it } from "vitest";
import { analyzeBucketPace } from "../../bench/lib/bucket-pace.js";
import type { RequestLogEntry } from "../../fake-discord/index.js";

const BIG = "1000000000000000001";
const SMALL = "1000000000000000002";
const limits = { perWindow: 2, windowMs: 1000, globalPerSecond: 3 };

function page(channelId: string, at: number, status = 200): RequestLogEntry {
  return {
    method: "GET",
    path: `/channels/${channelId}/messages`,
    route: "/channels/:id/messages",
    query: {},
    status,
    at,
  };
}

describe("a rate-limited channel's pace from the fake's request log", () => {
  it("splits the time into boot, late window starts, short windows and tail", () => {
    const log = [
      { ...page(SMALL, 1_100), path: "/guilds/1", route: "/guilds/:id" },
      page(BIG, 1_200),
      page(BIG, 1_210),
      // The global window of 2,100 fills up: the big channel's window, closed at 2,200, reopens 900 ms late.
      page(SMALL, 2_100),
      page(SMALL, 2_110),
      page(SMALL, 2_120),
      page(BIG, 2_210, 429),
      page(BIG, 3_100),
      page(SMALL, 3_200),
      page(SMALL, 3_300),
      // Closed at 4,100 with one slot unused (500 ms at 2 per s) while the global window was full; 50 ms late.
      page(BIG, 4_150),
      page(BIG, 4_160),
    ];
    const report = analyzeBucketPace(log, BIG, 1_000, 4_250, limits);
    expect(report).toMatchObject({
      pages: 5,
      windows: 3,
      bootMs: 100,
      beforeFirstPageMs: 100,
      lateMs: 900 + 50,
      lateMaxMs: 900,
      lateGlobalMs: 900,
      shortWindows: 1,
      shortMs: 500,
      shortGlobalMs: 500,
      tailMs: 90,
      tooMany: 1,
      wallMs: 3_250,
    });
    expect(report.worstLate).toEqual([
      { lateMs: 900, atMs: 1_200 },
      { lateMs: 50, atMs: 3_100 },
    ]);
    expect(report.phases.map((p) => p.windows)).toEqual([2, 1]);
  });
});
