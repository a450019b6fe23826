import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildOpenMetricsHistory } from "../../src/history/build-openmetrics.js";
import type { HistoryInput } from "../../src/history/history-input.js";
import { readHistoryInput } from "../../src/history/read-history.js";
import type { ChannelCountRow } from "../../src/store/metrics-read.js";
import { type Fixture, LAST_DAY, buildHistoryFixture, labelKey, readLiveSamples } from "./fixture.js";
import { parseOpenMetricsSamples } from "./parse-samples.js";

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
    };
    const samples = parseOpenMetricsSamples(buildOpenMetricsHistory(input)).filter((s) => s.labels.author === "human");
    expect(samples.map((s) => [new Date(s.ms).toISOString(), s.value])).toEqual([
      ["2023-05-30T23:59:59.000Z", 0],
      ["2023-05-31T23:59:59.000Z", 2],
    ]);
    expect(samples[0]!.labels.channel).toBe("");
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
