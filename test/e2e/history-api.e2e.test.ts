// The JSON API over real HTTP, after a real count of the fake Discord: every route's answer against the fake's own
// messages (test/helpers/history-truth.ts), over ranges that cut through the history.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  addDays,
  truthActiveMembers,
  truthChannelSources,
  truthDaySpan,
  truthMessagesPerDay,
  truthTopChannels,
} from "../helpers/history-truth.js";
import { type HistoryWorld, startHistoryWorld, TODAY } from "../helpers/history-world.js";

describe("the JSON history API against the fake's truth", () => {
  let w: HistoryWorld;
  let first: string;
  beforeAll(async () => {
    w = await startHistoryWorld();
    first = truthDaySpan(w.truth, w.guildId).first;
  });
  afterAll(async () => w?.h.close());

  const get = async (path: string) => {
    const response = await fetch(`${w.h.exporter.url}${path}`);
    expect(response.status, path).toBe(200);
    expect(response.headers.get("cache-control")).toBe("no-store");
    return response.json() as Promise<Record<string, unknown>>;
  };
  const ranges = () => [
    { from: first, to: TODAY },
    { from: addDays(TODAY, -29), to: TODAY },
    { from: addDays(TODAY, -6), to: TODAY },
    { from: "2026-01-01", to: "2026-01-31" },
  ];

  it("GET /api/v1/guilds", async () => {
    expect(await get("/api/v1/guilds")).toEqual({
      guilds: [
        {
          guild_id: w.guildId,
          name: "原神 日本 🎮",
          members: 1225,
          online: 140,
          status: "ok",
          last_success_at: new Date(w.samples[2]!.at).toISOString(),
          first_day: first,
        },
        {
          guild_id: w.otherGuildId,
          name: "Other",
          members: 30,
          online: 3,
          status: "ok",
          last_success_at: new Date(w.samples[2]!.at).toISOString(),
          first_day: truthDaySpan(w.truth, w.otherGuildId).first,
        },
      ],
    });
  });

  it("GET …/members: the samples the exporter took, as the fake reported them", async () => {
    const answer = await get(`/api/v1/guilds/${w.guildId}/members?from=${TODAY}&to=${TODAY}`);
    expect(answer).toEqual({
      guild_id: w.guildId,
      from: TODAY,
      to: TODAY,
      samples: w.samples.map((s) => ({ time: new Date(s.at).toISOString(), members: s.members, online: s.online })),
    });
    const before = await get(`/api/v1/guilds/${w.guildId}/members?from=2026-01-01&to=${addDays(TODAY, -1)}`);
    expect(before.samples).toEqual([]);
  });

  it("GET …/messages/daily: the guild's, and each channel's with its threads and posts", async () => {
    for (const { from, to } of ranges()) {
      const guild = await get(`/api/v1/guilds/${w.guildId}/messages/daily?from=${from}&to=${to}`);
      expect(guild, `${from}..${to}`).toEqual({
        guild_id: w.guildId,
        from,
        to,
        days: truthMessagesPerDay(w.truth, w.guildId, from, to),
      });
      for (const channel of [w.ids.general, w.ids.news, w.ids.help, w.ids.old, w.ids.quiet]) {
        const answer = await get(`/api/v1/guilds/${w.guildId}/messages/daily?from=${from}&to=${to}&channel=${channel}`);
        expect(answer, `${channel} ${from}..${to}`).toEqual({
          guild_id: w.guildId,
          channel_id: channel,
          from,
          to,
          days: truthMessagesPerDay(w.truth, w.guildId, from, to, channel),
        });
      }
    }
    const other = await get(`/api/v1/guilds/${w.otherGuildId}/messages/daily?from=${first}`);
    expect(other.days).toEqual(truthMessagesPerDay(w.truth, w.otherGuildId, first, TODAY));
  });

  it("GET …/active-members/daily", async () => {
    for (const { from, to } of ranges()) {
      expect(await get(`/api/v1/guilds/${w.guildId}/active-members/daily?from=${from}&to=${to}`)).toEqual({
        guild_id: w.guildId,
        from,
        to,
        days: truthActiveMembers(w.truth, w.guildId, from, to),
      });
    }
  });

  it("GET …/channels/top: excluded, forbidden and unreadable channels left out", async () => {
    for (const { from, to } of ranges()) {
      for (const limit of [2, 10]) {
        const answer = await get(`/api/v1/guilds/${w.guildId}/channels/top?from=${from}&to=${to}&limit=${limit}`);
        expect(answer, `${from}..${to}`).toEqual({
          guild_id: w.guildId,
          from,
          to,
          channels: truthTopChannels(w.truth, w.guildId, from, to, limit, w.unranked).map((c) => ({
            channel_id: c.channelId,
            name: c.name,
            human: c.human,
            bot: c.bot,
          })),
        });
      }
    }
  });

  it("GET …/channels/{id}/sources/daily: own messages and threads' apart", async () => {
    for (const { from, to } of ranges()) {
      for (const channel of [w.ids.general, w.ids.news, w.ids.help, w.ids.lounge]) {
        const answer = await get(`/api/v1/guilds/${w.guildId}/channels/${channel}/sources/daily?from=${from}&to=${to}`);
        expect(answer, `${channel} ${from}..${to}`).toEqual({
          guild_id: w.guildId,
          channel_id: channel,
          from,
          to,
          days: truthChannelSources(w.truth, w.guildId, channel, from, to),
        });
      }
    }
  });
});

describe("EXPORT_CHANNEL_NAMES=false over HTTP", () => {
  let w: HistoryWorld;
  beforeAll(async () => {
    w = await startHistoryWorld({ exportChannelNames: false });
  });
  afterAll(async () => w?.h.close());

  it("answers the same numbers, without a channel name, in the API and on the pages", async () => {
    const response = await fetch(`${w.h.exporter.url}/api/v1/guilds/${w.guildId}/channels/top?from=2025-01-01`);
    const answer = (await response.json()) as { channels: { channel_id: string; name: string | null }[] };
    expect(answer.channels.length).toBeGreaterThan(3);
    expect(answer.channels.every((c) => c.name === null)).toBe(true);
    const pages = [
      await (await fetch(`${w.h.exporter.url}/?range=all`)).text(),
      await (await fetch(`${w.h.exporter.url}/channels/${w.ids.general}`)).text(),
    ];
    for (const page of pages) {
      for (const channel of w.world.channels(w.guildId)) expect(page).not.toContain(channel.name);
      expect(page).toContain(w.ids.general);
    }
  });
});
