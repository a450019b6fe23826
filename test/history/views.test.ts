// The SQL views of migrations/0002_history_views.sql (four of them rebuilt by 0006 for its keys), on a database
// filled through the real write paths, against values computed from the generated messages.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  DELETED_ONLY_AUTHOR,
  EXCLUDED_ONLY_AUTHOR,
  type Fixture,
  type FixtureChannel,
  buildHistoryFixture,
  groupSum,
  mondayOf,
} from "./fixture.js";

const THREAD_TYPES = new Set([10, 11, 12]);
const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

describe("history views", () => {
  let fx: Fixture;
  let channelOf: (id: string) => FixtureChannel;
  let visible: Fixture["messages"];
  beforeAll(() => {
    fx = buildHistoryFixture();
    const byId = new Map(fx.channels.map((c) => [c.id, c]));
    channelOf = (id) => byId.get(id)!;
    visible = fx.messages.filter((m) => channelOf(m.channelId).state !== "excluded");
  });
  afterAll(() => fx.cleanup());

  const all = (sql: string) => fx.store.sqlite.prepare(sql).all() as Record<string, unknown>[];

  it("creates the views (ten of 0002, three of 0005) and leaves the tables alone", () => {
    const views = fx.store.sqlite
      .prepare("SELECT name FROM sqlite_master WHERE type = 'view' ORDER BY name")
      .pluck()
      .all();
    expect(views).toEqual([
      "channel_activity",
      "daily_active_members",
      "daily_channel_messages",
      "daily_guild_messages",
      "daily_member_flow",
      "daily_members",
      "daily_voice",
      "daily_voice_users",
      "member_history",
      "monthly_active_members",
      "monthly_guild_messages",
      "weekly_active_members",
      "weekly_guild_messages",
    ]);
    const tables = fx.store.sqlite
      .prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
      .pluck()
      .all();
    expect(tables).toEqual([
      "__drizzle_migrations",
      "channels",
      "daily_authors",
      "daily_messages",
      "day_recounts",
      "guilds",
      "member_flow_daily",
      "member_samples",
      // channels.key is AUTOINCREMENT (migrations/0006): SQLite keeps the highest key given here.
      "sqlite_sequence",
      "voice_daily",
      "voice_daily_people",
      "voice_sessions",
    ]);
  });

  it("daily_channel_messages: one row per channel and day, excluded channels left out, deleted ones kept", () => {
    const rows = new Map<string, Record<string, unknown>>();
    for (const m of visible) {
      const channel = channelOf(m.channelId);
      const parent = channel.parentId ? channelOf(channel.parentId) : null;
      const key = `${channel.id}|${m.day}`;
      const row = rows.get(key) ?? {
        day: m.day,
        guild_id: channel.guildId,
        channel_id: channel.id,
        channel: channel.name,
        parent_id: channel.parentId,
        parent: parent?.name ?? null,
        is_thread: THREAD_TYPES.has(channel.type) ? 1 : 0,
        human: 0,
        bot: 0,
        total: 0,
      };
      row[m.bot ? "bot" : "human"] = (row[m.bot ? "bot" : "human"] as number) + 1;
      row.total = (row.total as number) + 1;
      rows.set(key, row);
    }
    const expected = [...rows.entries()].sort(([a], [b]) => byText(a, b)).map(([, row]) => row);
    expect(all("SELECT * FROM daily_channel_messages ORDER BY channel_id, day")).toEqual(expected);
    // The fixture has what the rules are about.
    expect(expected.some((r) => r.channel === "old")).toBe(true);
    expect(expected.some((r) => r.channel === "deleted post")).toBe(true);
    expect(fx.messages.some((m) => channelOf(m.channelId).state === "excluded")).toBe(true);
  });

  function periodSums(period: (day: string) => string) {
    const keyOf = (m: Fixture["messages"][number]) => `${period(m.day)}|${channelOf(m.channelId).guildId}`;
    const human = groupSum(visible, keyOf, (m) => (m.bot ? 0 : 1));
    const bot = groupSum(visible, keyOf, (m) => (m.bot ? 1 : 0));
    return [...human.keys()].sort(byText).map((key) => {
      const [when, guild] = key.split("|");
      return {
        when,
        guild_id: guild,
        human: human.get(key),
        bot: bot.get(key),
        total: human.get(key)! + bot.get(key)!,
      };
    });
  }

  it("daily, weekly (Monday) and monthly guild messages", () => {
    expect(
      all('SELECT day AS "when", guild_id, human, bot, total FROM daily_guild_messages ORDER BY day, guild_id'),
    ).toEqual(periodSums((day) => day));
    const weekly = all(
      'SELECT week AS "when", guild_id, human, bot, total FROM weekly_guild_messages ORDER BY week, guild_id',
    );
    expect(weekly).toEqual(periodSums(mondayOf));
    // 2024-01-27 is a Saturday: its week starts on Monday 2024-01-22; Sunday 2024-03-03 belongs to 2024-02-26.
    expect(weekly[0]!.when).toBe("2024-01-22");
    expect(weekly.at(-1)!.when).toBe("2024-02-26");
    const monthly = all(
      'SELECT month AS "when", guild_id, human, bot, total FROM monthly_guild_messages ORDER BY month, guild_id',
    );
    expect(monthly).toEqual(periodSums((day) => day.slice(0, 7)));
    expect(monthly.map((r) => r.when)).toEqual(["2024-01", "2024-01", "2024-02", "2024-02", "2024-03", "2024-03"]);
  });

  it("channel_activity attributes thread messages to the parent channel", () => {
    const target = (id: string) => {
      const channel = channelOf(id);
      return THREAD_TYPES.has(channel.type) && channel.parentId ? channelOf(channel.parentId) : channel;
    };
    const sums = groupSum(
      visible,
      (m) => `${target(m.channelId).id}|${m.day}`,
      () => 1,
    );
    const expected = [...sums.entries()]
      .sort(([a], [b]) => byText(a, b))
      .map(([key, total]) => {
        const [channelId, day] = key.split("|") as [string, string];
        const channel = channelOf(channelId);
        return { guild_id: channel.guildId, channel_id: channelId, channel: channel.name, day, total };
      });
    expect(all("SELECT * FROM channel_activity ORDER BY channel_id, day")).toEqual(expected);
    expect(expected.some((r) => r.channel === "help-forum")).toBe(true);

    // The documented one-liner: top channels of the last 7 days of the data.
    const top = all(
      "SELECT channel, sum(total) AS total FROM channel_activity WHERE day >= date('2024-03-03', '-6 days') GROUP BY channel_id ORDER BY 2 DESC LIMIT 10",
    );
    const lastWeek = groupSum(
      visible.filter((m) => m.day >= "2024-02-26"),
      (m) => target(m.channelId).name,
      () => 1,
    );
    const expectedTop = [...lastWeek.entries()].sort((a, b) => b[1] - a[1]).slice(0, 10);
    expect(top.map((r) => r.total)).toEqual(expectedTop.map(([, total]) => total));
    for (const row of top) expect(lastWeek.get(row.channel as string)).toBe(row.total);
  });

  it("member_history and daily_members", () => {
    const history = [...fx.samples]
      .sort((a, b) => byText(a.guildId, b.guildId) || a.sampledAt - b.sampledAt)
      .map((s) => ({
        guild_id: s.guildId,
        sampled_at: new Date(s.sampledAt).toISOString(),
        members: s.members,
        online: s.online,
      }));
    expect(all("SELECT * FROM member_history ORDER BY guild_id, sampled_at")).toEqual(history);
    expect(history[0]!.sampled_at).toBe("2024-01-27T06:00:00.250Z");

    const days = new Map<string, { guild_id: string; day: string; members: number; online_max: number; at: number }>();
    for (const s of fx.samples) {
      const day = new Date(s.sampledAt).toISOString().slice(0, 10);
      const key = `${s.guildId}|${day}`;
      const current = days.get(key);
      if (!current)
        days.set(key, { guild_id: s.guildId, day, members: s.members, online_max: s.online, at: s.sampledAt });
      else {
        current.online_max = Math.max(current.online_max, s.online);
        if (s.sampledAt > current.at) Object.assign(current, { members: s.members, at: s.sampledAt });
      }
    }
    const expected = [...days.entries()].sort(([a], [b]) => byText(a, b)).map(([, { at: _at, ...row }]) => row);
    expect(all("SELECT * FROM daily_members ORDER BY guild_id, day")).toEqual(expected);
  });

  it("daily, weekly and monthly active members are distinct human authors over the period", () => {
    const humans = visible.filter((m) => !m.bot);
    const distinct = (period: (day: string) => string) => {
      const sets = new Map<string, Set<string>>();
      for (const m of humans) {
        const key = `${channelOf(m.channelId).guildId}|${period(m.day)}`;
        const set = sets.get(key) ?? new Set<string>();
        set.add(m.authorId);
        sets.set(key, set);
      }
      return [...sets.entries()]
        .sort(([a], [b]) => byText(a, b))
        .map(([key, set]) => {
          const [guild_id, when] = key.split("|");
          return { guild_id, when, active_members: set.size };
        });
    };
    expect(
      all('SELECT guild_id, day AS "when", active_members FROM daily_active_members ORDER BY guild_id, day'),
    ).toEqual(distinct((day) => day));
    expect(
      all('SELECT guild_id, week AS "when", active_members FROM weekly_active_members ORDER BY guild_id, week'),
    ).toEqual(distinct(mondayOf));
    const monthly = all(
      'SELECT guild_id, month AS "when", active_members FROM monthly_active_members ORDER BY guild_id, month',
    );
    expect(monthly).toEqual(distinct((day) => day.slice(0, 7)));
    // Distinct over the month, not a sum of days; one author wrote only in excluded channels, one only in a deleted post.
    const daily = all(
      "SELECT guild_id, substr(day, 1, 7) AS month, sum(active_members) AS summed FROM daily_active_members GROUP BY 1, 2",
    );
    expect(
      daily.some(
        (d) =>
          (d.summed as number) >
          (monthly.find((m) => m.guild_id === d.guild_id && m.when === d.month)!.active_members as number),
      ),
    ).toBe(true);
    expect(fx.messages.some((m) => m.authorId === EXCLUDED_ONLY_AUTHOR)).toBe(true);
    expect(humans.some((m) => m.authorId === EXCLUDED_ONLY_AUTHOR)).toBe(false);
    expect(humans.some((m) => m.authorId === DELETED_ONLY_AUTHOR)).toBe(true);
  });
});
