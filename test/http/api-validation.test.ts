// The JSON API through app.request() (no socket): every bad parameter answers 400 naming it, unknown guilds and
// channels 404, all as JSON with Cache-Control: no-store; and the defaults and bounds of good ones.
import { afterAll, describe, expect, it } from "vitest";
import { CHANNELS, createDashboardTestApp, GUILD, TODAY, VOICE_CHANNELS } from "./dashboard-app.js";

const t = createDashboardTestApp();
afterAll(() => t.cleanup());

const base = `/api/v1/guilds/${GUILD}`;
const get = async (path: string) => {
  const response = await t.app.request(path);
  return {
    status: response.status,
    headers: response.headers,
    body: (await response.json()) as Record<string, unknown>,
  };
};

const BAD_REQUESTS: [string, string][] = [
  [`${base}/messages/daily?from=2024-13-01`, 'from must be a day as YYYY-MM-DD, got "2024-13-01"'],
  [`${base}/messages/daily?from=2024-02-30`, 'from must be a day as YYYY-MM-DD, got "2024-02-30"'],
  [`${base}/messages/daily?from=`, 'from must be a day as YYYY-MM-DD, got ""'],
  [`${base}/messages/daily?to=yesterday`, 'to must be a day as YYYY-MM-DD, got "yesterday"'],
  [`${base}/messages/daily?to=2024-6-1`, 'to must be a day as YYYY-MM-DD, got "2024-6-1"'],
  [`${base}/messages/daily?from=2024-06-02&to=2024-06-01`, "from (2024-06-02) must not be after to (2024-06-01)"],
  [`${base}/messages/daily?from=2030-01-01`, `from (2030-01-01) must not be after to (${TODAY})`],
  [
    `${base}/messages/daily?from=2010-01-01&to=2024-06-30`,
    "from must be at most 3660 days before to: 2010-01-01..2024-06-30 is 5295 days",
  ],
  [`${base}/messages/daily?form=2024-06-01`, 'unknown parameter "form": this route takes from, to, channel'],
  [`${base}/messages/daily?from=2024-06-01&from=2024-06-02`, "from is given 2 times: give it once"],
  [`${base}/messages/daily?channel=general`, 'channel must be a channel id (digits), got "general"'],
  [
    `${base}/messages/daily?channel=${CHANNELS.thread.id}`,
    `channel ${CHANNELS.thread.id} is a thread: its messages count under its parent channel ${CHANNELS.general.id}`,
  ],
  [`${base}/members?max_points=5`, 'max_points must be a whole number from 10 to 100000, got "5"'],
  [`${base}/members?max_points=1e3`, 'max_points must be a whole number from 10 to 100000, got "1e3"'],
  [`${base}/members?limit=3`, 'unknown parameter "limit": this route takes from, to, max_points'],
  [`${base}/active-members/daily?to=2024-06-31`, 'to must be a day as YYYY-MM-DD, got "2024-06-31"'],
  [
    `${base}/active-members/daily?channel=${CHANNELS.general.id}`,
    'unknown parameter "channel": this route takes from, to',
  ],
  [`${base}/channels/top?limit=0`, 'limit must be a whole number from 1 to 100, got "0"'],
  [`${base}/channels/top?limit=101`, 'limit must be a whole number from 1 to 100, got "101"'],
  [`${base}/channels/top?limit=-1`, 'limit must be a whole number from 1 to 100, got "-1"'],
  [`${base}/channels/top?limit=2.5`, 'limit must be a whole number from 1 to 100, got "2.5"'],
  [`${base}/channels/top?limit=ten`, 'limit must be a whole number from 1 to 100, got "ten"'],
  [`${base}/channels/${CHANNELS.general.id}/sources/daily?from=06-01`, 'from must be a day as YYYY-MM-DD, got "06-01"'],
  ["/api/v1/guilds?from=2024-01-01", 'unknown parameter "from": this route takes no parameters'],
  [`${base}/voice/daily?from=2024-13-01`, 'from must be a day as YYYY-MM-DD, got "2024-13-01"'],
  [`${base}/voice/daily?from=2024-06-02&to=2024-06-01`, "from (2024-06-02) must not be after to (2024-06-01)"],
  [`${base}/voice/daily?limit=3`, 'unknown parameter "limit": this route takes from, to, channel'],
  [`${base}/voice/daily?channel=lounge`, 'channel must be a channel id (digits), got "lounge"'],
  [`${base}/voice/daily?channel=1&channel=2`, "channel is given 2 times: give it once"],
  [
    `${base}/voice/daily?channel=${CHANNELS.general.id}`,
    `channel ${CHANNELS.general.id} is not a voice or stage channel: only those have voice time`,
  ],
  [
    `${base}/voice/daily?channel=${CHANNELS.thread.id}`,
    `channel ${CHANNELS.thread.id} is not a voice or stage channel: only those have voice time`,
  ],
  [`${base}/voice/channels/top?limit=0`, 'limit must be a whole number from 1 to 100, got "0"'],
  [`${base}/voice/channels/top?limit=101`, 'limit must be a whole number from 1 to 100, got "101"'],
  [
    `${base}/voice/channels/top?channel=${CHANNELS.general.id}`,
    'unknown parameter "channel": this route takes from, to, limit',
  ],
  [`${base}/voice/channels/top?to=2024-6-30`, 'to must be a day as YYYY-MM-DD, got "2024-6-30"'],
];

describe("bad parameters answer 400 with a JSON error naming the parameter", () => {
  it.each(BAD_REQUESTS)("%s", async (path, error) => {
    const answer = await get(path);
    expect(answer.status).toBe(400);
    expect(answer.body).toEqual({ error });
    expect(answer.headers.get("content-type")).toMatch(/^application\/json/);
    expect(answer.headers.get("cache-control")).toBe("no-store");
  });
});

const NOT_FOUND: [string, string][] = [
  ["/api/v1/guilds/1/messages/daily", 'unknown guild "1"'],
  ["/api/v1/guilds/abc/members", 'unknown guild "abc"'],
  ["/api/v1/guilds/1/channels/top?limit=0", 'unknown guild "1"'],
  [`${base}/messages/daily?channel=1234`, `channel "1234" is not a channel of guild ${GUILD}`],
  [`${base}/channels/1234/sources/daily`, `channel "1234" is not a channel of guild ${GUILD}`],
  [
    `${base}/channels/${CHANNELS.post.id}/sources/daily`,
    `channel ${CHANNELS.post.id} is a thread: it counts under its parent ${CHANNELS.forum.id}`,
  ],
  ["/api/v1/guilds/1/voice/daily", 'unknown guild "1"'],
  ["/api/v1/guilds/1/voice/channels/top", 'unknown guild "1"'],
  [`${base}/voice/daily?channel=1234`, `channel "1234" is not a channel of guild ${GUILD}`],
  [`${base}/voice`, `no such API route: GET ${base}/voice`],
  ["/api/v1/nope", "no such API route: GET /api/v1/nope"],
  [`${base}/messages`, `no such API route: GET ${base}/messages`],
];

describe("unknown guilds, channels and routes answer 404 as JSON", () => {
  it.each(NOT_FOUND)("%s", async (path, error) => {
    const answer = await get(path);
    expect(answer.status).toBe(404);
    expect(answer.body).toEqual({ error });
    expect(answer.headers.get("cache-control")).toBe("no-store");
  });

  it("answers other methods with 404 too: the API is read-only", async () => {
    const response = await t.app.request(`${base}/messages/daily`, { method: "POST" });
    expect(response.status).toBe(404);
    expect(await response.json()).toEqual({ error: `no such API route: POST ${base}/messages/daily` });
  });
});

describe("defaults and bounds", () => {
  it("to defaults to today (UTC) and from to the 30 days ending on to", async () => {
    const answer = await get(`${base}/messages/daily`);
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ guild_id: GUILD, from: "2024-06-01", to: TODAY });
    expect(answer.body.days).toEqual([
      { day: "2024-06-01", human: 5, bot: 1 },
      { day: "2024-06-30", human: 10, bot: 2 },
    ]);
    expect((await get(`${base}/messages/daily?to=2024-06-29`)).body).toMatchObject({ from: "2024-05-31" });
    expect((await get(`${base}/messages/daily?from=2024-06-30`)).body).toMatchObject({ from: TODAY, to: TODAY });
  });

  it("accepts a range of exactly 3660 days and a one-day range", async () => {
    expect((await get(`${base}/messages/daily?from=2014-06-24&to=2024-06-30`)).status).toBe(200);
    expect((await get(`${base}/messages/daily?from=2014-06-23&to=2024-06-30`)).status).toBe(400);
    expect((await get(`${base}/members?from=${TODAY}&to=${TODAY}`)).body).toMatchObject({
      samples: [{ time: "2024-06-30T12:00:00.000Z", members: 120, online: 12 }],
    });
  });

  it("limit bounds the top list; 1 and 100 are accepted", async () => {
    const one = await get(`${base}/channels/top?from=2024-05-01&limit=1`);
    expect(one.body.channels).toEqual([
      { channel_id: CHANNELS.general.id, name: CHANNELS.general.name, human: 15, bot: 3 },
    ]);
    const all = await get(`${base}/channels/top?from=2024-05-01&limit=100`);
    expect(all.body.channels).toEqual([
      { channel_id: CHANNELS.general.id, name: CHANNELS.general.name, human: 15, bot: 3 },
      { channel_id: CHANNELS.forum.id, name: CHANNELS.forum.name, human: 4, bot: 4 },
    ]);
  });

  it("a channel's days include its threads; the guild's leave out the excluded channel", async () => {
    const general = await get(`${base}/messages/daily?channel=${CHANNELS.general.id}&from=2024-05-01`);
    expect(general.body).toMatchObject({ channel_id: CHANNELS.general.id });
    expect(general.body.days).toEqual([
      { day: "2024-06-01", human: 5, bot: 1 },
      { day: "2024-06-30", human: 10, bot: 2 },
    ]);
    const sources = await get(`${base}/channels/${CHANNELS.general.id}/sources/daily?from=2024-05-01`);
    expect(sources.body.days).toEqual([
      { day: "2024-06-01", channel: 6, threads: 0 },
      { day: "2024-06-30", channel: 9, threads: 3 },
    ]);
  });

  it("lists the guilds with their latest counts", async () => {
    const answer = await get("/api/v1/guilds");
    expect(answer.body).toEqual({
      guilds: [
        {
          guild_id: GUILD,
          name: `<script>alert("g")</script> & 原神`,
          members: 120,
          online: 12,
          status: "ok",
          last_success_at: "2024-06-30T12:00:00.000Z",
          first_day: "2024-05-01",
        },
      ],
    });
  });
});

describe("voice: time per day and per channel from voice_daily, people from voice_daily_people", () => {
  const v = createDashboardTestApp({ voice: true });
  afterAll(() => v.cleanup());
  const getVoice = async (path: string) => {
    const response = await v.app.request(path);
    expect(response.status, path).toBe(200);
    expect(response.headers.get("cache-control")).toBe("no-store");
    return (await response.json()) as Record<string, unknown>;
  };

  it("one entry per day with time or people, seconds to the millisecond; the excluded channel counts nowhere", async () => {
    expect(await getVoice(`${base}/voice/daily`)).toEqual({
      guild_id: GUILD,
      from: "2024-06-01",
      to: TODAY,
      people: 3,
      days: [
        { day: "2024-06-28", human_seconds: 5400.001, bot_seconds: 600, people: 2 },
        { day: "2024-06-29", human_seconds: 0, bot_seconds: 0, people: 1 },
        { day: "2024-06-30", human_seconds: 90.5, bot_seconds: 0, people: 1 },
      ],
    });
    expect(await getVoice(`${base}/voice/daily?from=2024-06-29&to=2024-06-29`)).toMatchObject({
      people: 1,
      days: [{ day: "2024-06-29", human_seconds: 0, bot_seconds: 0, people: 1 }],
    });
  });

  it("channel= gives one voice or stage channel's days; an excluded one has none", async () => {
    expect(await getVoice(`${base}/voice/daily?channel=${VOICE_CHANNELS.lounge.id}`)).toEqual({
      guild_id: GUILD,
      channel_id: VOICE_CHANNELS.lounge.id,
      from: "2024-06-01",
      to: TODAY,
      people: 2,
      days: [
        { day: "2024-06-28", human_seconds: 3600.001, bot_seconds: 600, people: 2 },
        { day: "2024-06-30", human_seconds: 90.5, bot_seconds: 0, people: 1 },
      ],
    });
    expect((await getVoice(`${base}/voice/daily?channel=${VOICE_CHANNELS.stage.id}`)).days).toEqual([
      { day: "2024-06-28", human_seconds: 1800, bot_seconds: 0, people: 1 },
      { day: "2024-06-29", human_seconds: 0, bot_seconds: 0, people: 1 },
    ]);
    expect(await getVoice(`${base}/voice/daily?channel=${VOICE_CHANNELS.hidden.id}`)).toMatchObject({
      people: 0,
      days: [],
    });
  });

  it("the top voice channels by people's time, with the distinct people in each; limit bounds the list", async () => {
    const lounge = { channel_id: VOICE_CHANNELS.lounge.id, name: VOICE_CHANNELS.lounge.name };
    const stage = { channel_id: VOICE_CHANNELS.stage.id, name: VOICE_CHANNELS.stage.name };
    expect(await getVoice(`${base}/voice/channels/top`)).toEqual({
      guild_id: GUILD,
      from: "2024-06-01",
      to: TODAY,
      channels: [
        { ...lounge, human_seconds: 3690.501, bot_seconds: 600, people: 2 },
        { ...stage, human_seconds: 1800, bot_seconds: 0, people: 2 },
      ],
    });
    expect((await getVoice(`${base}/voice/channels/top?limit=1`)).channels).toEqual([
      { ...lounge, human_seconds: 3690.501, bot_seconds: 600, people: 2 },
    ]);
    // A range without time: no channel, even where someone was present for an instant.
    expect((await getVoice(`${base}/voice/channels/top?from=2024-06-29&to=2024-06-29`)).channels).toEqual([]);
  });

  it("a guild without voice records answers empty days, not an error", async () => {
    expect(await get(`${base}/voice/daily?from=2024-06-28`)).toEqual({
      status: 200,
      headers: expect.any(Headers),
      body: { guild_id: GUILD, from: "2024-06-28", to: TODAY, people: 0, days: [] },
    });
  });
});

describe("EXPORT_CHANNEL_NAMES=false", () => {
  const hidden = createDashboardTestApp({ exportChannelNames: false, voice: true });
  afterAll(() => hidden.cleanup());

  it("answers channel names as null", async () => {
    const response = await hidden.app.request(`${base}/channels/top?from=2024-05-01`);
    const body = (await response.json()) as { channels: { name: unknown }[] };
    expect(body.channels.map((c) => c.name)).toEqual([null, null]);
    expect(JSON.stringify(body)).not.toContain("general");
  });

  it("answers voice channel names as null", async () => {
    const response = await hidden.app.request(`${base}/voice/channels/top`);
    const body = (await response.json()) as { channels: { channel_id: string; name: unknown }[] };
    expect(body.channels).toMatchObject([
      { channel_id: VOICE_CHANNELS.lounge.id, name: null },
      { channel_id: VOICE_CHANNELS.stage.id, name: null },
    ]);
    expect(JSON.stringify(body)).not.toContain("stage");
  });
});
