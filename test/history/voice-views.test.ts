import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addMemberFlow } from "../../src/store/member-writes.js";
import { writeVoice } from "../../src/store/voice-writes.js";
import { openTempStore } from "../helpers/temp-store.js";

// The views of migrations/0005, filled through the real write paths.
describe("voice and member-flow views", () => {
  const temp = openTempStore();
  beforeAll(() => {
    temp.store.sqlite.exec(`INSERT INTO channels (id, guild_id, type, name, state, first_seen_at, updated_at) VALUES
      ('v1', 'g', 2, 'lounge', 'ready', 0, 0), ('v2', 'g', 13, 'stage', 'ready', 0, 0),
      ('v3', 'g', 2, 'hidden', 'excluded', 0, 0)`);
    const slice = (channelId: string, day: string, ms: number, userId: string, bot = false) => ({
      channelId,
      day,
      ms,
      userId,
      bot,
    });
    writeVoice(temp.store, {
      slices: [
        slice("v1", "2024-05-01", 90 * 60_000, "alice"),
        slice("v1", "2024-05-01", 30 * 60_000, "bob"),
        slice("v1", "2024-05-01", 60 * 60_000, "music", true),
        slice("v2", "2024-05-01", 15 * 60_000, "alice"),
        slice("v2", "2024-05-02", 6_000, "carol"),
        slice("v3", "2024-05-01", 99 * 60_000, "dave"),
      ],
      checkpoints: [],
      ended: [],
      started: [],
    });
    for (const [day, kind, bot] of [
      ["2024-05-01", "join", false],
      ["2024-05-01", "join", false],
      ["2024-05-01", "leave", false],
      ["2024-05-02", "join", true],
    ] as const) {
      addMemberFlow(temp.store, { guildId: "g", day, kind, bot });
    }
  });
  afterAll(() => temp.cleanup());
  const all = (sql: string) => temp.store.sqlite.prepare(sql).all();

  it("daily_voice: minutes per channel and day, people and bots apart, excluded channels left out", () => {
    expect(all("SELECT day, channel, human_minutes, bot_minutes FROM daily_voice ORDER BY day, channel")).toEqual([
      { day: "2024-05-01", channel: "lounge", human_minutes: 120, bot_minutes: 60 },
      { day: "2024-05-01", channel: "stage", human_minutes: 15, bot_minutes: 0 },
      { day: "2024-05-02", channel: "stage", human_minutes: 0.1, bot_minutes: 0 },
    ]);
  });

  it("daily_voice_users: distinct people per guild and day (alice in two channels is one; bots are not people)", () => {
    expect(all("SELECT day, guild_id, people FROM daily_voice_users ORDER BY day")).toEqual([
      { day: "2024-05-01", guild_id: "g", people: 2 },
      { day: "2024-05-02", guild_id: "g", people: 1 },
    ]);
  });

  it("daily_member_flow: joins and leaves per day", () => {
    expect(all("SELECT day, joins, leaves, human_joins, bot_joins FROM daily_member_flow ORDER BY day")).toEqual([
      { day: "2024-05-01", joins: 2, leaves: 1, human_joins: 2, bot_joins: 0 },
      { day: "2024-05-02", joins: 1, leaves: 0, human_joins: 0, bot_joins: 1 },
    ]);
  });
});
