// The history queries (src/store/history-queries.ts) after a real count of the fake Discord, against the fake's
// messages; and the SQL views of migrations/0002 agreeing with them.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createHistoryQueries, type HistoryQueries } from "../../src/store/history-queries.js";
import { CHANNEL_STATES } from "../../src/store/channel-states.js";
import { attributeMessages } from "../../src/store/message-attribution.js";
import { prepareInsertDay } from "../helpers/daily-rows.js";
import { openTempStore } from "../helpers/temp-store.js";
import {
  addDays,
  daysOf,
  truthActiveMembers,
  truthChannelSources,
  truthDaySpan,
  truthMessagesPerDay,
  truthTopChannels,
} from "../helpers/history-truth.js";
import { type HistoryWorld, startHistoryWorld, TODAY } from "../helpers/history-world.js";

describe("history queries after a real count", () => {
  let w: HistoryWorld;
  let q: HistoryQueries;
  let first: string;
  beforeAll(async () => {
    w = await startHistoryWorld();
    q = createHistoryQueries(w.h.store);
    first = truthDaySpan(w.truth, w.guildId).first;
  });
  afterAll(async () => w?.h.close());

  const ranges = () => [
    { from: first, to: TODAY },
    { from: addDays(TODAY, -29), to: TODAY },
    { from: addDays(TODAY, -6), to: TODAY },
    { from: "2025-12-01", to: "2025-12-31" },
    { from: addDays(first, -40), to: addDays(first, 3) },
  ];

  it("lists both guilds with their latest counts and first day", () => {
    expect(q.guilds().map((g) => g.id)).toEqual([w.guildId, w.otherGuildId]);
    expect(q.guild(w.guildId)).toMatchObject({
      name: "原神 日本 🎮",
      memberCount: 1225,
      presenceCount: 140,
      status: "ok",
    });
    expect(q.guild(w.guildId)?.firstDay).toBe(first);
    expect(q.guild("1")).toBeNull();
  });

  it("memberPoints: the samples taken, in order, within the range only", () => {
    const all = { fromMs: 0, toMs: Number.MAX_SAFE_INTEGER };
    expect(q.memberPoints(w.guildId, all)).toEqual(w.samples);
    const [, second, third] = w.samples;
    expect(q.memberPoints(w.guildId, { fromMs: second!.at, toMs: third!.at - 1 })).toEqual([second]);
    expect(q.memberPoints(w.otherGuildId, all).map((p) => p.members)).toEqual([30, 30, 30]);
  });

  it("messagesPerDay: the guild's messages per day, threads, posts, deleted, forbidden and unreadable included", () => {
    for (const { from, to } of ranges()) {
      expect(q.messagesPerDay(w.guildId, { from, to }), `${from}..${to}`).toEqual(
        truthMessagesPerDay(w.truth, w.guildId, from, to),
      );
    }
    const all = q.messagesPerDay(w.guildId, { from: first, to: TODAY });
    const total = all.reduce((sum, d) => sum + d.human + d.bot, 0);
    // What the rules are about: excluded (secret and its thread) and never-seen messages are out, the rest in.
    const { general, event, mods, news, newsThread, lounge, vip, quiet, old } = w.ids;
    const posts = w.world.threads(w.guildId).filter((t) => t.parentId === w.ids.help);
    const counted = [general, event, mods, news, newsThread, lounge, vip, quiet, old, ...posts.map((p) => p.id)];
    expect(total).toBe(counted.reduce((sum, id) => sum + w.world.messageCount(id), 0) - 1); // quiet's unread one
  });

  it("messagesPerDay with a channel: the channel with its threads or posts, nothing else", () => {
    for (const channel of [w.ids.general, w.ids.news, w.ids.help, w.ids.lounge, w.ids.old, w.ids.vip]) {
      for (const { from, to } of ranges()) {
        expect(q.messagesPerDay(w.guildId, { from, to }, channel), `${channel} ${from}..${to}`).toEqual(
          truthMessagesPerDay(w.truth, w.guildId, from, to, channel),
        );
      }
    }
    expect(q.messagesPerDay(w.guildId, { from: first, to: TODAY }, w.ids.secret)).toEqual([]);
    expect(q.messagesPerDay(w.otherGuildId, { from: first, to: TODAY }, w.ids.general)).toEqual([]);
  });

  it("channelSourcesPerDay: a channel's own messages and its threads' apart", () => {
    for (const channel of [w.ids.general, w.ids.news, w.ids.help, w.ids.lounge]) {
      for (const { from, to } of ranges()) {
        expect(q.channelSourcesPerDay(channel, { from, to }), `${channel} ${from}..${to}`).toEqual(
          truthChannelSources(w.truth, w.guildId, channel, from, to),
        );
      }
    }
    const help = q.channelSourcesPerDay(w.ids.help, { from: first, to: TODAY });
    expect(help.every((d) => d.channel === 0 && d.threads > 0)).toBe(true);
  });

  it("activeMembersPerDay: every day of the range, 1, 7 and 30 day windows of distinct people", () => {
    for (const { from, to } of ranges()) {
      expect(q.activeMembersPerDay(w.guildId, { from, to }), `${from}..${to}`).toEqual(
        truthActiveMembers(w.truth, w.guildId, from, to),
      );
    }
    const days = q.activeMembersPerDay(w.guildId, { from: first, to: TODAY });
    expect(days.some((d) => d.d30 > d.d7 && d.d7 > d.d1 && d.d1 > 0)).toBe(true);
  });

  it("topChannels: threads under their parents, excluded, forbidden and unreadable left out, deleted kept", () => {
    for (const { from, to } of ranges()) {
      for (const limit of [1, 3, 10]) {
        expect(q.topChannels(w.guildId, { from, to }, limit), `${from}..${to} top ${limit}`).toEqual(
          truthTopChannels(w.truth, w.guildId, from, to, limit, w.unranked),
        );
      }
    }
    const all = q.topChannels(w.guildId, { from: first, to: TODAY }, 25).map((c) => c.channelId);
    expect(all).toContain(w.ids.old);
    expect(all).toContain(w.ids.help);
    for (const id of [w.ids.vip, w.ids.quiet, w.ids.secret, w.ids.event]) expect(all).not.toContain(id);
  });

  describe("the SQL views agree", () => {
    const view = (sql: string, ...params: unknown[]) =>
      w.h.store.sqlite.prepare(sql).all(...params) as Record<string, number | string>[];

    it("daily_guild_messages is messagesPerDay", () => {
      const rows = view(
        "SELECT day, human, bot FROM daily_guild_messages WHERE guild_id = ? AND day BETWEEN ? AND ? ORDER BY day",
        w.guildId,
        first,
        TODAY,
      );
      expect(rows).toEqual(q.messagesPerDay(w.guildId, { from: first, to: TODAY }));
    });

    it("channel_activity, summed over a range, is topChannels' totals for the channels it ranks", () => {
      for (const { from, to } of ranges()) {
        const rows = view(
          `SELECT channel_id AS channelId, sum(total) AS total FROM channel_activity
            WHERE guild_id = ? AND day BETWEEN ? AND ? GROUP BY channel_id`,
          w.guildId,
          from,
          to,
        ).filter((r) => !w.unranked.has(String(r.channelId)) && Number(r.total) > 0);
        const top = q
          .topChannels(w.guildId, { from, to }, 100)
          .map((c) => ({ channelId: c.channelId, total: c.human + c.bot }));
        const byId = (a: Record<string, unknown>, b: Record<string, unknown>) =>
          String(a.channelId).localeCompare(String(b.channelId));
        expect(top.sort(byId)).toEqual(rows.sort(byId));
      }
    });

    it("daily_active_members is d1 and weekly_active_members is d7 on each Sunday", () => {
      const days = q.activeMembersPerDay(w.guildId, { from: first, to: TODAY });
      const daily = view(
        "SELECT day, active_members AS n FROM daily_active_members WHERE guild_id = ? ORDER BY day",
        w.guildId,
      );
      expect(daily).toEqual(days.filter((d) => d.d1 > 0).map((d) => ({ day: d.day, n: d.d1 })));
      const weekly = new Map(
        view("SELECT week, active_members AS n FROM weekly_active_members WHERE guild_id = ?", w.guildId).map((r) => [
          r.week,
          r.n,
        ]),
      );
      const sundays = days.filter(
        (d) => new Date(`${d.day}T00:00:00Z`).getUTCDay() === 0 && d.day >= addDays(first, 6),
      );
      expect(sundays.length).toBeGreaterThan(10);
      for (const sunday of sundays) expect(weekly.get(addDays(sunday.day, -6)) ?? 0, sunday.day).toBe(sunday.d7);
    });
  });
});

// Every state of a parent crossed with every state of its thread (as test/store/message-attribution.test.ts does
// for the totals): the queries must follow attributeMessages exactly, row by row.
describe("history queries follow the attribution rule over every parent and thread state", () => {
  const temp = openTempStore();
  const rows: { id: string; type: number; parentId: string | null; state: string; human: number; bot: number }[] = [];
  let q: HistoryQueries;
  beforeAll(() => {
    let next = 100;
    rows.push({ id: "999", type: 15, parentId: null, state: "ready", human: 0, bot: 0 });
    for (const parentState of CHANNEL_STATES) {
      const parent = String(next++);
      rows.push({ id: parent, type: 0, parentId: null, state: parentState, human: next * 3, bot: next });
      for (const threadState of CHANNEL_STATES) {
        rows.push({ id: String(next++), type: 11, parentId: parent, state: threadState, human: next, bot: 1 });
      }
    }
    rows.push({ id: "901", type: 11, parentId: "999", state: "deleted", human: 7, bot: 0 });
    const insertChannel = temp.store.sqlite.prepare(
      `INSERT INTO channels (id, guild_id, parent_id, type, name, state, backfill_done, first_seen_at, updated_at)
       VALUES (?, 'g', ?, ?, ?, ?, 1, 0, 0)`,
    );
    const insertDay = prepareInsertDay(temp.store.sqlite);
    for (const row of rows) {
      insertChannel.run(row.id, row.parentId, row.type, `#${row.id}`, row.state);
      insertDay(row.id, "2024-05-01", row.human, row.bot);
    }
    temp.store.sqlite.prepare("INSERT INTO guilds (id, name) VALUES ('g', 'G')").run();
    q = createHistoryQueries(temp.store);
  });
  afterAll(() => temp.cleanup());
  const day = { from: "2024-05-01", to: "2024-05-01" };

  it("per channel: own and thread messages as attributeMessages sends them", () => {
    for (const channel of rows.filter((r) => r.type !== 11)) {
      const own = { human: 0, bot: 0, channel: 0, threads: 0 };
      for (const row of rows) {
        const target = attributeMessages(row);
        if (target?.channelId !== channel.id) continue;
        own.human += row.human;
        own.bot += row.bot;
        own[target.source] += row.human + row.bot;
      }
      const expectedDays = own.human + own.bot > 0 ? [{ day: day.from, human: own.human, bot: own.bot }] : [];
      expect(q.messagesPerDay("g", day, channel.id), channel.state).toEqual(expectedDays);
      const expectedSources =
        own.human + own.bot > 0 ? [{ day: day.from, channel: own.channel, threads: own.threads }] : [];
      expect(q.channelSourcesPerDay(channel.id, day), channel.state).toEqual(expectedSources);
    }
  });

  it("per guild: every counted row once; top channels without excluded, forbidden and unreadable parents", () => {
    const countedRows = rows.filter((r) => attributeMessages(r) !== null);
    expect(q.messagesPerDay("g", day)).toEqual([
      {
        day: day.from,
        human: countedRows.reduce((s, r) => s + r.human, 0),
        bot: countedRows.reduce((s, r) => s + r.bot, 0),
      },
    ]);
    const ranked = new Set(q.topChannels("g", day, 100).map((c) => c.channelId));
    const parents = rows.filter((r) => r.type !== 11);
    expect([...ranked].sort()).toEqual(
      parents
        .filter((r) => !["excluded", "forbidden", "unreadable"].includes(r.state))
        .map((r) => r.id)
        .sort(),
    );
    expect(daysOf(day.from, day.to)).toEqual([day.from]);
  });
});
