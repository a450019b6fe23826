import { describe, expect, it } from "vitest";
import { backfillProgress, buildChannelSeries } from "../../src/metrics/channel-series.js";
import { routeTemplate } from "../../src/metrics/self-metrics.js";
import { snowflakeAt } from "../../src/discord/snowflake.js";
import type { ChannelCountRow } from "../../src/store/metrics-read.js";

const row = (fields: Partial<ChannelCountRow> & { id: string }): ChannelCountRow => ({
  guildId: "g",
  parentId: null,
  type: 0,
  name: fields.id,
  state: "ready",
  humanMessages: 0,
  botMessages: 0,
  lastSeenId: "1",
  backfillBeforeId: null,
  backfillDone: 1,
  ...fields,
});

describe("buildChannelSeries", () => {
  const rows = [
    row({ id: "cat", type: 4, name: "Community" }),
    row({ id: "general", parentId: "cat", humanMessages: 10, botMessages: 2 }),
    row({ id: "t1", type: 11, parentId: "general", humanMessages: 5, botMessages: 1 }),
    row({ id: "t2", type: 12, parentId: "general", humanMessages: 4 }),
    row({ id: "t-gone", type: 11, parentId: "general", humanMessages: 100, state: "deleted" }),
    row({ id: "t-excluded", type: 11, parentId: "general", humanMessages: 1000, state: "excluded" }),
    row({ id: "forum", type: 15, parentId: "cat" }),
    row({ id: "post", type: 11, parentId: "forum", humanMessages: 3 }),
    row({ id: "quiet", humanMessages: 1 }),
    row({ id: "deleted", state: "deleted", humanMessages: 9 }),
    row({ id: "excluded", state: "excluded", humanMessages: 9 }),
    row({ id: "never-read", state: "unreadable", lastSeenId: null }),
    row({ id: "read-then-forbidden", state: "forbidden", humanMessages: 8 }),
  ];

  it("sums threads under their parent (a deleted one's messages happened), hides deleted, excluded, never-read channels", () => {
    const series = buildChannelSeries(rows, true);
    expect(series.map((s) => [s.channelId, s.own, s.threads, s.category])).toEqual([
      ["general", { human: 10, bot: 2 }, { human: 109, bot: 1 }, "Community"],
      ["forum", { human: 0, bot: 0 }, { human: 3, bot: 0 }, "Community"],
      ["quiet", { human: 1, bot: 0 }, null, ""],
      ["read-then-forbidden", { human: 8, bot: 0 }, null, ""],
    ]);
  });

  it("leaves names out when they are private", () => {
    const series = buildChannelSeries(rows, false);
    expect(series.every((s) => s.channel === "" && s.category === "")).toBe(true);
    expect(series.map((s) => s.channelId)).toContain("general");
  });
});

describe("backfillProgress", () => {
  const created = Date.UTC(2020, 0, 1);
  const id = snowflakeAt(created);
  it("measures the share of the channel's lifetime covered, by time", () => {
    const progress = backfillProgress(
      row({
        id,
        backfillDone: 0,
        lastSeenId: snowflakeAt(Date.UTC(2024, 0, 1)),
        backfillBeforeId: snowflakeAt(Date.UTC(2023, 0, 1)),
      }),
    );
    expect(progress).toBeCloseTo(365 / (365 * 4 + 1), 3);
    expect(backfillProgress(row({ id, backfillDone: 1 }))).toBe(1);
    expect(backfillProgress(row({ id, backfillDone: 0, lastSeenId: null }))).toBe(0);
  });
});

describe("routeTemplate", () => {
  it("replaces every id so request counters grow with endpoints, never with channels", () => {
    expect(routeTemplate("/channels/123456789012345678/messages")).toBe("/channels/:id/messages");
    expect(routeTemplate("/guilds/1100000000000000001/threads/active")).toBe("/guilds/:id/threads/active");
  });
});
