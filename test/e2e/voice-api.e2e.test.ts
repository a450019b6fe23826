// The voice routes of the JSON API over real HTTP, after the real exporter recorded the fake Discord's voice states
// with an injected clock: every answer against the fake's own record of who was in voice when
// (test/helpers/voice-truth.ts), and against the SQL views daily_voice and daily_voice_users over the same database.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { truthTopVoiceChannels, truthVoiceDaily } from "../helpers/voice-truth.js";
import { startVoiceWorld, VOICE_FIRST_DAY, VOICE_TODAY, type VoiceWorld } from "../helpers/voice-world.js";

describe("the voice API against the fake's truth", () => {
  let w: VoiceWorld;
  beforeAll(async () => {
    w = await startVoiceWorld();
  }, 120_000);
  afterAll(async () => w?.h.close());

  const get = async (path: string) => {
    const response = await fetch(`${w.h.exporter.url}${path}`);
    expect(response.status, path).toBe(200);
    expect(response.headers.get("cache-control")).toBe("no-store");
    return response.json() as Promise<Record<string, unknown>>;
  };
  const ranges = [
    { from: VOICE_FIRST_DAY, to: VOICE_TODAY },
    { from: "2026-05-01", to: VOICE_TODAY },
    { from: "2026-06-02", to: "2026-06-05" },
    { from: "2026-06-05", to: "2026-06-05" },
    { from: "2026-06-06", to: "2026-06-06" },
  ];

  it("the world has what the routes must get right", () => {
    const all = truthVoiceDaily(w.world, w.guildId, w.excluded, VOICE_FIRST_DAY, VOICE_TODAY);
    // Present without time (day 5), a day with nobody (day 6), bots' time, and time in the excluded channel.
    expect(all.days.find((d) => d.day === "2026-06-05")).toEqual({
      day: "2026-06-05",
      human_seconds: 0,
      bot_seconds: 0,
      people: 1,
    });
    expect(all.days.some((d) => d.day === "2026-06-06")).toBe(false);
    expect(all.days.reduce((sum, d) => sum + d.bot_seconds, 0)).toBeGreaterThan(0);
    const withAfk = truthVoiceDaily(w.world, w.guildId, new Set(), VOICE_FIRST_DAY, VOICE_TODAY);
    expect(withAfk.days).not.toEqual(all.days);
  });

  it("GET …/voice/daily: the guild's time per day to the millisecond, and its people", async () => {
    for (const { from, to } of ranges) {
      expect(await get(`/api/v1/guilds/${w.guildId}/voice/daily?from=${from}&to=${to}`), `${from}..${to}`).toEqual({
        guild_id: w.guildId,
        from,
        to,
        ...truthVoiceDaily(w.world, w.guildId, w.excluded, from, to),
      });
    }
  });

  it("GET …/voice/daily?channel=: each voice and stage channel's, and nothing for the excluded one", async () => {
    for (const channel of [w.ids.lounge, w.ids.stage, w.ids.afk]) {
      for (const { from, to } of ranges) {
        const answer = await get(`/api/v1/guilds/${w.guildId}/voice/daily?from=${from}&to=${to}&channel=${channel}`);
        expect(answer, `${channel} ${from}..${to}`).toEqual({
          guild_id: w.guildId,
          channel_id: channel,
          from,
          to,
          ...truthVoiceDaily(w.world, w.guildId, w.excluded, from, to, channel),
        });
      }
    }
    const afk = await get(`/api/v1/guilds/${w.guildId}/voice/daily?channel=${w.ids.afk}&from=${VOICE_FIRST_DAY}`);
    expect(afk.days).toEqual([]);
  });

  it("GET …/voice/channels/top: by people's time, with each channel's people", async () => {
    for (const { from, to } of ranges) {
      for (const limit of [1, 10]) {
        const answer = await get(`/api/v1/guilds/${w.guildId}/voice/channels/top?from=${from}&to=${to}&limit=${limit}`);
        expect(answer, `${from}..${to} ${limit}`).toEqual({
          guild_id: w.guildId,
          from,
          to,
          channels: truthTopVoiceChannels(w.world, w.guildId, w.excluded, from, to, limit),
        });
      }
    }
  });

  it("agrees with the SQL views: daily_voice's minutes and daily_voice_users' people", async () => {
    const answer = (await get(`/api/v1/guilds/${w.guildId}/voice/daily?from=${VOICE_FIRST_DAY}`)) as {
      days: { day: string; human_seconds: number; bot_seconds: number; people: number }[];
    };
    const users = w.h.store.sqlite
      .prepare("SELECT day, people FROM daily_voice_users WHERE guild_id = ? ORDER BY day")
      .all(w.guildId);
    expect(answer.days.filter((d) => d.people > 0).map((d) => ({ day: d.day, people: d.people }))).toEqual(users);
    // The view rounds each channel's minutes to a tenth; the API's exact seconds round to the same per channel.
    for (const channel of [w.ids.lounge, w.ids.stage]) {
      const perChannel = (await get(
        `/api/v1/guilds/${w.guildId}/voice/daily?from=${VOICE_FIRST_DAY}&channel=${channel}`,
      )) as typeof answer;
      const view = w.h.store.sqlite
        .prepare("SELECT day, human_minutes, bot_minutes FROM daily_voice WHERE channel_id = ? ORDER BY day")
        .all(channel);
      const tenth = (seconds: number) => Math.round(seconds / 6) / 10;
      expect(
        perChannel.days
          .filter((d) => d.human_seconds + d.bot_seconds > 0)
          .map((d) => ({ day: d.day, human_minutes: tenth(d.human_seconds), bot_minutes: tenth(d.bot_seconds) })),
        channel,
      ).toEqual(view);
    }
  });
});
