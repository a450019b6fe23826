import { describe, expect, it } from "vitest";
import type { RequestLogEntry } from "../../fake-discord/index.js";
import { closePairs, pageTimesByChannel, pollingRequestsPerHour, shortestGapMs } from "../../bench/lib/request-cost.js";

const page = (channelId: string, at: number, status = 200): RequestLogEntry => ({
  method: "GET",
  path: `/channels/${channelId}/messages`,
  route: "/channels/:id/messages",
  query: { after: "1" },
  status,
  at,
});

describe("bench request cost: live updates next to polling alone", () => {
  it("reads each channel's page requests from the fake's log, retried 429s and other routes left out", () => {
    const log: RequestLogEntry[] = [
      page("10", 1000),
      page("20", 1500),
      page("10", 4200, 429),
      page("10", 4300),
      { method: "GET", path: "/guilds/1", route: "/guilds/:id", query: {}, status: 200, at: 4400 },
    ];
    expect(pageTimesByChannel(log)).toEqual(
      new Map([
        ["10", [1000, 4300]],
        ["20", [1500]],
      ]),
    );
  });

  it("finds the shortest gap between two requests of the same channel, never across channels", () => {
    const times = new Map([
      ["10", [9000, 1000, 4300]],
      ["20", [1100]],
    ]);
    expect(shortestGapMs(times)).toBe(3300);
    expect(shortestGapMs(new Map([["20", [1100]]]))).toBeNull();
  });

  it("prices polling alone: per poll an idle sync and each channel's pages of what arrived since the last one", () => {
    // In 60 s, channel 10 got 30 messages and channel 20 got 1: per 15-min poll 450 (5 pages) and 15 (1 page).
    const perChannel = new Map([
      ["10", 30],
      ["20", 1],
    ]);
    expect(pollingRequestsPerHour(perChannel, 60_000, 15 * 60_000)).toBe(4 * (3 + 5 + 1));
    // Nothing posted: idle syncs only.
    expect(pollingRequestsPerHour(new Map(), 60_000, 15 * 60_000)).toBe(12);
  });

  it("lists the consecutive requests of one channel that came closer than a gap, in time order", () => {
    const a = page("10", 1000);
    const b = page("10", 1300);
    const c = page("20", 1200);
    const d = page("10", 5000);
    expect(closePairs([d, b, c, a, page("20", 1250, 429)], 2500)).toEqual([[a, b]]);
  });
});
