import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readActiveMembers } from "../../src/store/active-members-read.js";
import {
  type Fixture,
  G1,
  G2,
  EXCLUDED_ONLY_AUTHOR,
  buildHistoryFixture,
  dayToMs,
  msToDay,
  DAY_MS,
} from "./fixture.js";

describe("readActiveMembers", () => {
  let fx: Fixture;
  beforeAll(() => {
    fx = buildHistoryFixture();
  });
  afterAll(() => fx.cleanup());

  /** Ground truth: distinct human authors of the guild's non-excluded channels on the `days` days ending `today`. */
  function expectedCount(guildId: string, today: string, days: number): number {
    const first = msToDay(dayToMs(today) - (days - 1) * DAY_MS);
    const channels = new Map(fx.channels.map((c) => [c.id, c]));
    const authors = new Set<string>();
    for (const m of fx.messages) {
      const channel = channels.get(m.channelId)!;
      if (m.bot || channel.guildId !== guildId || channel.state === "excluded") continue;
      if (m.day >= first && m.day <= today) authors.add(m.authorId);
    }
    return authors.size;
  }

  const expectedRows = (today: string) =>
    [G1, G2].sort().flatMap((guildId) =>
      (
        [
          ["1d", 1],
          ["7d", 7],
          ["30d", 30],
        ] as const
      ).map(([window, days]) => ({ guildId, window, count: expectedCount(guildId, today, days) })),
    );

  it.each(["2024-03-03", "2024-02-29", "2024-02-01", "2024-01-27"])(
    "counts the 1d, 7d and 30d windows ending %s",
    (today) => {
      const rows = readActiveMembers(fx.store, today);
      expect(rows).toEqual(expectedRows(today));
      expect(rows.find((r) => r.window === "30d" && r.guildId === G1)!.count).toBeGreaterThan(
        rows.find((r) => r.window === "1d" && r.guildId === G1)!.count,
      );
    },
  );

  it("ends the windows on today: the day after the last message still sees it in 7d, not in 1d", () => {
    const rows = readActiveMembers(fx.store, "2024-03-04");
    expect(rows.filter((r) => r.window === "1d").map((r) => r.count)).toEqual([0, 0]);
    expect(rows).toEqual(expectedRows("2024-03-04"));
  });

  it("keeps every known guild at 0 long after its last message, and leaves excluded-only authors out", () => {
    expect(readActiveMembers(fx.store, "2025-01-01").map((r) => r.count)).toEqual([0, 0, 0, 0, 0, 0]);
    // One author wrote only in excluded channels: with them, G1's 30d count would be one higher.
    const withExcluded = new Set(fx.messages.filter((m) => !m.bot && m.day >= "2024-02-03").map((m) => m.authorId));
    expect(withExcluded.has(EXCLUDED_ONLY_AUTHOR)).toBe(true);
  });

  it("refuses a malformed day", () => {
    expect(() => readActiveMembers(fx.store, "2024-3-3")).toThrow(/YYYY-MM-DD/);
  });
});
