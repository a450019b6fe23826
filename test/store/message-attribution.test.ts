import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildChannelSeries } from "../../src/metrics/channel-series.js";
import { CHANNEL_STATES } from "../../src/store/channel-states.js";
import { attributedChannelSql, attributeMessages, isCountedSql } from "../../src/store/message-attribution.js";
import { createMetricsReader } from "../../src/store/metrics-read.js";
import { prepareInsertDay } from "../helpers/daily-rows.js";
import { openTempStore } from "../helpers/temp-store.js";

/**
 * One rule, three places: attributeMessages (the live metric and the history export), its SQL twin (the JSON API's
 * queries) and the views of migrations/0002 and 0006 (sqlite3 by hand). Every state of a parent crossed with every state of
 * its thread, each with messages on two days: all three must agree on every channel's total.
 */
describe("message attribution: TypeScript, SQL helper and SQL views agree", () => {
  const temp = openTempStore();
  const rows: { id: string; type: number; parentId: string | null; state: string; messages: number }[] = [];
  beforeAll(() => {
    let next = 100;
    for (const parentState of CHANNEL_STATES) {
      const parent = String(next++);
      rows.push({ id: parent, type: 0, parentId: null, state: parentState, messages: next * 3 });
      for (const threadState of CHANNEL_STATES) {
        rows.push({ id: String(next++), type: 11, parentId: parent, state: threadState, messages: next });
      }
    }
    rows.push({ id: "900", type: 15, parentId: null, state: "ready", messages: 0 });
    rows.push({ id: "901", type: 11, parentId: "900", state: "deleted", messages: 7 });
    rows.push({ id: "902", type: 12, parentId: null, state: "ready", messages: 5 }); // a thread whose parent is unknown
    const insertChannel = temp.store.sqlite.prepare(
      `INSERT INTO channels (id, guild_id, parent_id, type, name, state, human_messages, bot_messages, backfill_done,
        last_seen_id, first_seen_at, updated_at) VALUES (?, 'g', ?, ?, ?, ?, ?, ?, 1, '1', 0, 0)`,
    );
    const insertDay = prepareInsertDay(temp.store.sqlite);
    for (const row of rows) {
      const human = row.messages - Math.floor(row.messages / 4);
      insertChannel.run(row.id, row.parentId, row.type, `#${row.id}`, row.state, human, row.messages - human);
      insertDay(row.id, "2024-05-01", human, 0);
      insertDay(row.id, "2024-05-02", 0, row.messages - human);
    }
  });
  afterAll(() => temp.cleanup());

  const byRule = () => {
    const totals = new Map<string, number>();
    for (const row of rows) {
      const target = attributeMessages(row);
      if (target) totals.set(target.channelId, (totals.get(target.channelId) ?? 0) + row.messages);
    }
    return totals;
  };

  it("the SQL helper sums daily_messages exactly as the TypeScript rule", () => {
    const sql = temp.store.sqlite
      .prepare(
        `SELECT ${attributedChannelSql("c")} AS id, sum(d.human_messages + d.bot_messages) AS total
         FROM daily_messages d JOIN channels c ON c.key = d.channel_key WHERE ${isCountedSql("c")} GROUP BY 1`,
      )
      .all() as { id: string; total: number }[];
    expect(new Map(sql.map((r) => [r.id, r.total]))).toEqual(byRule());
  });

  it("the channel_activity view (sqlite3 by hand) agrees", () => {
    const view = temp.store.sqlite
      .prepare("SELECT channel_id AS id, sum(total) AS total FROM channel_activity GROUP BY channel_id")
      .all() as { id: string; total: number }[];
    expect(new Map(view.map((r) => [r.id, r.total]))).toEqual(byRule());
  });

  it("the live metric shows the same totals for every channel that still has a series", () => {
    const series = buildChannelSeries(createMetricsReader(temp.store).readChannels(), true);
    const rule = byRule();
    expect(series.length).toBeGreaterThan(3);
    for (const s of series) {
      const total = s.own.human + s.own.bot + (s.threads ? s.threads.human + s.threads.bot : 0);
      expect(total, s.channelId).toBe(rule.get(s.channelId) ?? 0);
    }
  });

  it("what the rule says, in words: excluded counts nowhere, deleted still counts, threads go to their parent", () => {
    expect(attributeMessages({ id: "t", type: 11, parentId: "p", state: "deleted" })).toEqual({
      channelId: "p",
      source: "threads",
    });
    expect(attributeMessages({ id: "t", type: 10, parentId: "p", state: "excluded" })).toBeNull();
    expect(attributeMessages({ id: "c", type: 2, parentId: "cat", state: "forbidden" })).toEqual({
      channelId: "c",
      source: "channel",
    });
  });
});
