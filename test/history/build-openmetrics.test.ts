import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { snowflakeAt } from "../../src/discord/snowflake.js";
import { buildOpenMetricsHistory } from "../../src/history/build-openmetrics.js";
import type { HistoryInput } from "../../src/history/history-input.js";
import { readHistoryInput } from "../../src/history/read-history.js";
import { applyGuildSnapshot } from "../../src/store/guild-rows.js";
import type { ChannelCountRow } from "../../src/store/metrics-read.js";
import { openTempStore } from "../helpers/temp-store.js";
import {
  type Fixture,
  G2,
  LAST_DAY,
  buildHistoryFixture,
  labelKey,
  readLiveSamples,
  readLiveVoiceSamples,
} from "./fixture.js";
import { parseOpenMetricsSamples } from "./parse-samples.js";

/** A history without voice or member joins: what a database from before VOICE_ACTIVITY and MEMBER_EVENTS reads. */
const NO_VOICE = {
  voiceChannels: [],
  voiceFirstDays: [],
  voiceMsBefore: [],
  voiceDays: [],
  voiceActiveMembers: [],
  memberFlowBefore: [],
  memberFlowDays: [],
} satisfies Partial<HistoryInput>;

const NO_MESSAGES = {
  channels: [],
  channelTotalsBefore: [],
  channelDays: [],
  guilds: [],
  memberSamples: [],
  activeMembers: [],
} satisfies Partial<HistoryInput>;

const row = (fields: Partial<ChannelCountRow> & Pick<ChannelCountRow, "id" | "type" | "name">): ChannelCountRow => ({
  guildId: "9",
  parentId: null,
  state: "ready",
  humanMessages: 0,
  botMessages: 0,
  lastSeenId: null,
  backfillBeforeId: null,
  backfillDone: 1,
  ...fields,
});

describe("buildOpenMetricsHistory", () => {
  it("writes cumulative daily totals, member samples and active members as OpenMetrics", () => {
    const input: HistoryInput = {
      since: "2024-01-01",
      until: "2024-01-03",
      exportChannelNames: true,
      channels: [
        row({ id: "1000", type: 4, name: 'Cat "A"' }),
        row({ id: "2000", type: 0, name: "gen\\eral", parentId: "1000" }),
        row({ id: "3000", type: 11, name: "a thread", parentId: "2000" }),
        row({ id: "4000", type: 15, name: "forum" }),
        row({ id: "5000", type: 11, name: "deleted post", parentId: "4000", state: "deleted" }),
        row({ id: "6000", type: 2, name: "voice" }),
      ],
      channelTotalsBefore: [{ channelId: "2000", human: 3, bot: 1 }],
      channelDays: [
        { channelId: "2000", day: "2024-01-02", human: 2, bot: 0 },
        { channelId: "3000", day: "2024-01-01", human: 1, bot: 2 },
        { channelId: "3000", day: "2024-01-03", human: 4, bot: 0 },
        { channelId: "5000", day: "2024-01-02", human: 7, bot: 0 },
      ],
      guilds: [{ id: "9", name: "G\nx" }],
      memberSamples: [
        { guildId: "9", sampledAt: 1704153600123, members: 10, online: 2 },
        { guildId: "9", sampledAt: 1704067200000, members: 9, online: 1 },
        { guildId: "9", sampledAt: 1703980800000, members: 8, online: 1 },
      ],
      activeMembers: [
        { guildId: "9", day: "2024-01-02", window: "7d", count: 3 },
        { guildId: "9", day: "2024-01-02", window: "1d", count: 2 },
        { guildId: "9", day: "2024-01-01", window: "1d", count: 1 },
      ],
      // No voice and no joins recorded: none of their families, not even a header.
      ...NO_VOICE,
    };
    const text = (id: string, name: string) =>
      `guild_id="9",channel_id="${id}",channel="${name}",category_id="${id === "2000" ? "1000" : ""}",category="${id === "2000" ? 'Cat \\"A\\"' : ""}"`;
    const series = (id: string, name: string, type: string, author: string, source: string, values: number[]) =>
      values.map(
        (value, i) =>
          `discord_channel_messages{${text(id, name)},channel_type="${type}",author="${author}",source="${source}"} ${value} ${1704153599 + i * 86400}`,
      );
    expect(buildOpenMetricsHistory(input)).toBe(
      [
        "# TYPE discord_channel_messages gauge",
        "# HELP discord_channel_messages Messages counted in the channel, by author kind (human, bot) and source (the channel itself, or its threads and posts summed).",
        ...series("2000", "gen\\\\eral", "text", "human", "channel", [3, 5, 5]),
        ...series("2000", "gen\\\\eral", "text", "bot", "channel", [1, 1, 1]),
        ...series("2000", "gen\\\\eral", "text", "human", "threads", [1, 1, 5]),
        ...series("2000", "gen\\\\eral", "text", "bot", "threads", [2, 2, 2]),
        // The deleted post's 7 messages still count towards its forum: they happened.
        ...series("4000", "forum", "forum", "human", "threads", [0, 7, 7]),
        ...series("4000", "forum", "forum", "bot", "threads", [0, 0, 0]),
        ...series("6000", "voice", "voice", "human", "channel", [0, 0, 0]),
        ...series("6000", "voice", "voice", "bot", "channel", [0, 0, 0]),
        "# TYPE discord_guild_members gauge",
        "# HELP discord_guild_members Members of the guild (approximate_member_count: all members, no cap).",
        'discord_guild_members{guild_id="9",guild="G\\nx"} 9 1704067200',
        'discord_guild_members{guild_id="9",guild="G\\nx"} 10 1704153600.123',
        "# TYPE discord_guild_members_online gauge",
        "# HELP discord_guild_members_online Members of the guild who are not offline (approximate_presence_count).",
        'discord_guild_members_online{guild_id="9",guild="G\\nx"} 1 1704067200',
        'discord_guild_members_online{guild_id="9",guild="G\\nx"} 2 1704153600.123',
        "# TYPE discord_active_members gauge",
        "# HELP discord_active_members Distinct human authors in the guild's counted channels and threads over the last N UTC days including today (window 1d, 7d, 30d).",
        'discord_active_members{guild_id="9",window="1d"} 1 1704153599',
        'discord_active_members{guild_id="9",window="1d"} 2 1704239999',
        'discord_active_members{guild_id="9",window="7d"} 3 1704239999',
        "# EOF",
        "",
      ].join("\n"),
    );
  });

  it("starts a channel's series at its creation day when that is after `since`", () => {
    // A snowflake of 2023-05-30 12:00 UTC: the channel reads 0 from then, nothing before.
    const created = "1113074329190400000";
    const input: HistoryInput = {
      since: "2023-05-29",
      until: "2023-05-31",
      exportChannelNames: false,
      channels: [row({ id: created, type: 0, name: "new" })],
      channelTotalsBefore: [],
      channelDays: [{ channelId: created, day: "2023-05-31", human: 2, bot: 0 }],
      guilds: [],
      memberSamples: [],
      activeMembers: [],
      ...NO_VOICE,
    };
    const samples = parseOpenMetricsSamples(buildOpenMetricsHistory(input)).filter((s) => s.labels.author === "human");
    expect(samples.map((s) => [new Date(s.ms).toISOString(), s.value])).toEqual([
      ["2023-05-30T23:59:59.000Z", 0],
      ["2023-05-31T23:59:59.000Z", 2],
    ]);
    expect(samples[0]!.labels.channel).toBe("");
  });
});

describe("voice and member-flow families", () => {
  // A snowflake of 2024-01-02 12:00 UTC: the stage opened then, its series starts that day.
  const stage = snowflakeAt(Date.UTC(2024, 0, 2, 12));
  const input: HistoryInput = {
    since: "2024-01-01",
    until: "2024-01-03",
    exportChannelNames: true,
    ...NO_MESSAGES,
    voiceChannels: [
      { guildId: "9", channelId: "6000", name: 'voice "1"' },
      { guildId: "9", channelId: stage, name: "stage" },
      // A guild where voice was never recorded: the live counter never existed there.
      { guildId: "8", channelId: "8000", name: "never recorded" },
    ],
    voiceFirstDays: [{ guildId: "9", day: "2023-12-20" }],
    voiceMsBefore: [{ channelId: "6000", humanMs: 60_000, botMs: 0 }],
    voiceDays: [
      { channelId: "6000", day: "2024-01-01", humanMs: 1500, botMs: 250 },
      { channelId: "6000", day: "2024-01-03", humanMs: 90_001, botMs: 0 },
      { channelId: stage, day: "2024-01-02", humanMs: 1, botMs: 0 },
    ],
    voiceActiveMembers: [
      { guildId: "9", day: "2024-01-02", window: "7d", count: 4 },
      { guildId: "9", day: "2024-01-01", window: "1d", count: 2 },
    ],
    memberFlowBefore: [{ guildId: "9", joins: 5, leaves: 1 }],
    memberFlowDays: [
      { guildId: "9", day: "2024-01-02", joins: 2, leaves: 0 },
      // A guild whose first join is on the last day: one point.
      { guildId: "10", day: "2024-01-03", joins: 1, leaves: 1 },
    ],
  };
  const at = (day: number) => 1704153599 + day * 86400;

  it("writes cumulative voice seconds and joins/leaves as OpenMetrics counters, voice active members as a gauge", () => {
    const voice = (channel: string, name: string, author: string, values: [number, number][]) =>
      values.map(
        ([day, value]) =>
          `discord_voice_seconds_total{guild_id="9",channel_id="${channel}",channel="${name}",author="${author}"} ${value} ${at(day)}`,
      );
    expect(buildOpenMetricsHistory(input)).toBe(
      [
        "# TYPE discord_voice_seconds counter",
        "# UNIT discord_voice_seconds seconds",
        "# HELP discord_voice_seconds Time spent in the voice or stage channel, by author kind (human, bot), up to the last checkpoint (at most a minute old).",
        ...voice("6000", 'voice \\"1\\"', "human", [
          [0, 61.5],
          [1, 61.5],
          [2, 151.501],
        ]),
        ...voice("6000", 'voice \\"1\\"', "bot", [
          [0, 0.25],
          [1, 0.25],
          [2, 0.25],
        ]),
        ...voice(stage, "stage", "human", [
          [1, 0.001],
          [2, 0.001],
        ]),
        ...voice(stage, "stage", "bot", [
          [1, 0],
          [2, 0],
        ]),
        "# TYPE discord_voice_active_members gauge",
        "# HELP discord_voice_active_members Distinct people who were in the guild's voice or stage channels over the last N UTC days including today (window 1d, 7d, 30d).",
        `discord_voice_active_members{guild_id="9",window="1d"} 2 ${at(0)}`,
        `discord_voice_active_members{guild_id="9",window="7d"} 4 ${at(1)}`,
        "# TYPE discord_guild_member_joins counter",
        "# HELP discord_guild_member_joins Members who joined the guild while the exporter listened (MEMBER_EVENTS).",
        `discord_guild_member_joins_total{guild_id="10"} 1 ${at(2)}`,
        `discord_guild_member_joins_total{guild_id="9"} 5 ${at(0)}`,
        `discord_guild_member_joins_total{guild_id="9"} 7 ${at(1)}`,
        `discord_guild_member_joins_total{guild_id="9"} 7 ${at(2)}`,
        "# TYPE discord_guild_member_leaves counter",
        "# HELP discord_guild_member_leaves Members who left the guild while the exporter listened (MEMBER_EVENTS).",
        `discord_guild_member_leaves_total{guild_id="10"} 1 ${at(2)}`,
        `discord_guild_member_leaves_total{guild_id="9"} 1 ${at(0)}`,
        `discord_guild_member_leaves_total{guild_id="9"} 1 ${at(1)}`,
        `discord_guild_member_leaves_total{guild_id="9"} 1 ${at(2)}`,
        "# EOF",
        "",
      ].join("\n"),
    );
  });

  it("starts at `since` with the totals before it, and empties the channel label without channel names", () => {
    const later = { ...input, since: "2024-01-03", exportChannelNames: false };
    const samples = parseOpenMetricsSamples(buildOpenMetricsHistory(later));
    expect(samples.filter((s) => s.name === "discord_voice_seconds_total" && s.labels.author === "human")).toEqual([
      {
        name: "discord_voice_seconds_total",
        labels: { guild_id: "9", channel_id: "6000", channel: "", author: "human" },
        value: 151.501,
        ms: at(2) * 1000,
      },
      {
        name: "discord_voice_seconds_total",
        labels: { guild_id: "9", channel_id: stage, channel: "", author: "human" },
        value: 0.001,
        ms: at(2) * 1000,
      },
    ]);
    // The days before `since` came in memberFlowDays here: they move the starting point all the same.
    const moved = {
      ...later,
      memberFlowBefore: [],
      memberFlowDays: [...input.memberFlowDays, { guildId: "9", day: "2023-12-31", joins: 5, leaves: 1 }],
    };
    const joins = parseOpenMetricsSamples(buildOpenMetricsHistory(moved)).filter(
      (s) => s.name === "discord_guild_member_joins_total",
    );
    expect(joins.map((s) => [s.labels.guild_id, s.value])).toEqual([
      ["10", 1],
      ["9", 7],
    ]);
  });

  it("leaves out a family none of whose series has a point (`until` before every start)", () => {
    const text = buildOpenMetricsHistory({
      ...input,
      until: "2023-12-19",
      since: "2023-12-19",
      memberFlowBefore: [],
      memberFlowDays: [],
      voiceActiveMembers: [],
    });
    expect(text).toBe("# EOF\n");
  });
});

describe("a database without voice or member records", () => {
  it("exports none of their families, and one written before migration 0005 is read without them", () => {
    const temp = openTempStore();
    try {
      applyGuildSnapshot(temp.store, { id: "1", name: "g", memberCount: 3, presenceCount: 1 }, Date.UTC(2024, 0, 2));
      temp.store.sqlite.exec(`INSERT INTO channels (id, guild_id, type, name, state, first_seen_at, updated_at)
        VALUES ('${snowflakeAt(Date.UTC(2023, 0, 1))}', '1', 2, 'lounge', 'ready', 0, 0)`);
      const read = () =>
        buildOpenMetricsHistory(readHistoryInput(temp.store, { until: "2024-01-02", exportChannelNames: true }));
      const empty = read();
      expect(empty).toContain("discord_guild_members{");
      expect(empty).not.toMatch(/discord_voice|discord_guild_member_(joins|leaves)/);
      // As a database of an older exporter opened read-only: none of 0005's tables and views.
      temp.store.sqlite.exec(`DROP VIEW daily_voice; DROP VIEW daily_voice_users; DROP VIEW daily_member_flow;
        DROP TABLE voice_daily; DROP TABLE voice_daily_people; DROP TABLE member_flow_daily`);
      expect(read()).toBe(empty);
    } finally {
      temp.cleanup();
    }
  });
});

describe("the exported history lines up with the live /metrics", () => {
  let fx: Fixture;
  beforeAll(() => {
    fx = buildHistoryFixture();
  });
  afterAll(() => fx.cleanup());

  it.each([true, false])(
    "same label sets, and the last day's values are the live ones (channel names %s)",
    async (exportChannelNames) => {
      const live = await readLiveSamples(fx.store, "discord_channel_messages", exportChannelNames);
      const text = buildOpenMetricsHistory(
        readHistoryInput(fx.store, { since: "2024-02-10", until: LAST_DAY, exportChannelNames }),
      );
      const exported = parseOpenMetricsSamples(text).filter((s) => s.name === "discord_channel_messages");
      const lastByLabels = new Map<string, number>();
      for (const sample of exported) lastByLabels.set(labelKey(sample.labels), sample.value);
      expect(new Set(lastByLabels.keys())).toEqual(new Set(live.map((s) => labelKey(s.labels))));
      for (const sample of live)
        expect(lastByLabels.get(labelKey(sample.labels)), labelKey(sample.labels)).toBe(sample.value);
      expect(live.length).toBeGreaterThanOrEqual(16);
      expect(live.some((s) => s.value > 0 && s.labels.source === "threads")).toBe(true);
    },
  );

  it.each([true, false])(
    "voice seconds, voice active members and joins/leaves: the last day's values are the live ones (channel names %s)",
    async (exportChannelNames) => {
      const text = buildOpenMetricsHistory(
        readHistoryInput(fx.store, { since: "2024-02-10", until: LAST_DAY, exportChannelNames }),
      );
      const exported = parseOpenMetricsSamples(text);
      for (const metric of [
        "discord_voice_seconds_total",
        "discord_voice_active_members",
        "discord_guild_member_joins_total",
        "discord_guild_member_leaves_total",
      ]) {
        const live = await readLiveVoiceSamples(fx.store, metric, exportChannelNames, LAST_DAY);
        // G2 never recorded voice: live, its voice channel reads 0 (VOICE_ACTIVITY is on); the history has nothing.
        const recorded = live.filter((s) => s.labels.guild_id !== G2);
        expect(
          live.filter((s) => s.labels.guild_id === G2).every((s) => s.value === 0),
          metric,
        ).toBe(true);
        const lastByLabels = new Map<string, number>();
        for (const sample of exported.filter((s) => s.name === metric))
          lastByLabels.set(labelKey(sample.labels), sample.value);
        expect(new Set(lastByLabels.keys()), metric).toEqual(new Set(recorded.map((s) => labelKey(s.labels))));
        for (const sample of recorded) expect(lastByLabels.get(labelKey(sample.labels)), metric).toBe(sample.value);
        expect(
          recorded.some((s) => s.value > 0),
          metric,
        ).toBe(true);
      }
    },
  );

  it("guild members series carry the live labels", async () => {
    const text = buildOpenMetricsHistory(readHistoryInput(fx.store, { until: LAST_DAY, exportChannelNames: true }));
    const exported = parseOpenMetricsSamples(text);
    for (const metric of ["discord_guild_members", "discord_guild_members_online"]) {
      const live = await readLiveSamples(fx.store, metric, true);
      const liveKeys = new Set(live.map((s) => labelKey(s.labels)));
      expect(new Set(exported.filter((s) => s.name === metric).map((s) => labelKey(s.labels)))).toEqual(liveKeys);
      // The newest sample is what the live gauge shows (it is the guild row's current value).
      for (const sample of live) {
        const last = exported.filter((s) => s.name === metric && labelKey(s.labels) === labelKey(sample.labels)).at(-1);
        expect(last?.value).toBe(sample.value);
      }
    }
  });
});
