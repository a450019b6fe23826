import { describe, expect, it } from "vitest";
import { splitByUtcDay, VoiceLedger, voicePeopleByDay, voiceSecondsByDay } from "../../fake-discord/voice-state.js";
import { World } from "../../fake-discord/world.js";
import type { WorldChange } from "../../fake-discord/world-events.js";

const MIDNIGHT = Date.UTC(2026, 5, 16);
const H = 3_600_000;

function makeWorld() {
  let now = MIDNIGHT - 2 * H;
  const world = new World({ seed: 7, now: () => now });
  const guild = world.addGuild({ name: "G" });
  const lounge = world.addChannel(guild.id, { name: "Lounge", type: 2 });
  const stage = world.addChannel(guild.id, { name: "Stage", type: 13 });
  const text = world.addChannel(guild.id, { name: "text", type: 0 });
  const ann = world.addUser(guild.id, { username: "ann" });
  const ben = world.addUser(guild.id, { username: "ben" });
  const musicBot = world.addUser(guild.id, { username: "music", bot: true });
  const changes: WorldChange[] = [];
  world.subscribe((c) => changes.push(c));
  return { world, guild, lounge, stage, text, ann, ben, musicBot, changes, at: (ms: number) => (now = ms) };
}

describe("splitByUtcDay", () => {
  it("cuts a stay at each UTC midnight", () => {
    expect(splitByUtcDay(MIDNIGHT - H, MIDNIGHT + 2 * H)).toEqual([
      { day: "2026-06-15", ms: H },
      { day: "2026-06-16", ms: 2 * H },
    ]);
    expect(splitByUtcDay(MIDNIGHT - H, MIDNIGHT + 49 * H).map((p) => p.day)).toEqual([
      "2026-06-15",
      "2026-06-16",
      "2026-06-17",
      "2026-06-18",
    ]);
    expect(splitByUtcDay(MIDNIGHT, MIDNIGHT)).toEqual([{ day: "2026-06-16", ms: 0 }]);
  });
});

describe("voice ground truth (injected clock)", () => {
  it("seconds per channel per UTC day, humans and bots apart, split at midnight, open stays counted to now", () => {
    const { world, guild, lounge, stage, ann, ben, musicBot, at } = makeWorld();
    world.joinVoice(lounge.id, ann.id); // 22:00
    world.joinVoice(lounge.id, musicBot.id);
    at(MIDNIGHT - H / 2); // 23:30
    world.joinVoice(lounge.id, ben.id);
    at(MIDNIGHT + H); // 01:00 the next day
    world.moveVoice(ann.id, stage.id);
    world.leaveVoice(musicBot.id);
    at(MIDNIGHT + 2 * H); // 02:00: ben still in the lounge, ann on stage
    const seconds = world.voiceSecondsByDay(guild.id);
    expect([...seconds.keys()]).toEqual(["2026-06-15", "2026-06-16"]);
    expect(seconds.get("2026-06-15")?.get(lounge.id)).toEqual({ human: 2 * 3600 + 1800, bot: 2 * 3600 });
    expect(seconds.get("2026-06-16")?.get(lounge.id)).toEqual({ human: 3600 + 2 * 3600, bot: 3600 });
    expect(seconds.get("2026-06-16")?.get(stage.id)).toEqual({ human: 3600, bot: 0 });
    const people = world.voicePeopleByDay(guild.id);
    expect(people.get("2026-06-15")?.get(lounge.id)).toEqual({
      human: new Set([ann.id, ben.id]),
      bot: new Set([musicBot.id]),
    });
    expect(people.get("2026-06-16")?.get(stage.id)).toEqual({ human: new Set([ann.id]), bot: new Set() });
    expect(new Map(world.voiceStates(guild.id).map((s) => [s.userId, s.channelId]))).toEqual(
      new Map([
        [ben.id, lounge.id],
        [ann.id, stage.id],
      ]),
    );
  });

  it("a stay ending exactly at midnight is not counted the next day", () => {
    const { world, guild, lounge, ann, at } = makeWorld();
    world.joinVoice(lounge.id, ann.id);
    at(MIDNIGHT);
    world.leaveVoice(ann.id);
    at(MIDNIGHT + H);
    const people = world.voicePeopleByDay(guild.id);
    expect([...people.keys()]).toEqual(["2026-06-15"]);
    expect(world.voiceSecondsByDay(guild.id).get("2026-06-15")?.get(lounge.id)).toEqual({ human: 7200, bot: 0 });
  });

  it("emits voice changes at now, and none for back-dated stays (history)", () => {
    const { world, lounge, stage, ann, ben, changes, at } = makeWorld();
    world.joinVoice(lounge.id, ben.id, { atMs: MIDNIGHT - 3 * H });
    expect(changes).toEqual([]);
    world.joinVoice(lounge.id, ann.id, { selfMute: true });
    world.setVoiceFlags(ann.id, { selfDeaf: true });
    world.moveVoice(ann.id, stage.id);
    at(MIDNIGHT);
    world.leaveVoice(ann.id);
    const voice = changes.filter((c) => c.kind === "voiceState");
    expect(voice.map((c) => [c.before?.channelId ?? null, c.after?.channelId ?? null])).toEqual([
      [null, lounge.id],
      [lounge.id, lounge.id],
      [lounge.id, stage.id],
      [stage.id, null],
    ]);
    const after = voice.map((c) => c.after);
    expect(after[1]).toMatchObject({ selfMute: true, selfDeaf: true, suppress: false });
    expect(after[2]).toMatchObject({ suppress: true, sessionId: after[0]?.sessionId });
  });

  it("refuses text channels, non-members and moves across guilds", () => {
    const { world, text, lounge, ann } = makeWorld();
    expect(() => world.joinVoice(text.id, ann.id)).toThrow(/not a voice or stage channel/);
    const stranger = world.addGuild({ name: "Other" });
    const elsewhere = world.addChannel(stranger.id, { name: "v", type: 2 });
    expect(() => world.joinVoice(elsewhere.id, ann.id)).toThrow(/not a member/);
    world.joinVoice(lounge.id, ann.id);
    expect(() => world.moveVoice(ann.id, elsewhere.id)).toThrow(/within a guild/);
  });

  it("one voice connection per user: joining in another guild leaves the first", () => {
    const { world, guild, lounge, ann, changes } = makeWorld();
    const other = world.addGuild({ name: "Other" });
    const otherVoice = world.addChannel(other.id, { name: "v", type: 2 });
    world.joinMember(other.id, { userId: ann.id });
    world.joinVoice(lounge.id, ann.id);
    world.joinVoice(otherVoice.id, ann.id);
    expect(world.voiceStates(guild.id)).toEqual([]);
    expect(world.voiceStates(other.id).map((s) => s.userId)).toEqual([ann.id]);
    const voice = changes.filter((c) => c.kind === "voiceState");
    expect(voice.map((c) => [c.guildId, c.after?.channelId ?? null])).toEqual([
      [guild.id, lounge.id],
      [guild.id, null],
      [other.id, otherVoice.id],
    ]);
  });
});

describe("VoiceLedger and the pure functions", () => {
  it("keep intervals per guild and refuse time going backwards", () => {
    let n = 0;
    const ledger = new VoiceLedger(() => `s${n++}`);
    const target = { guildId: "1", channelId: "10", userId: "100", bot: false, suppressByDefault: false };
    ledger.connect(target, 1000);
    expect(() => ledger.disconnect("100", 500)).toThrow(RangeError);
    ledger.disconnect("100", 61_000);
    expect(voiceSecondsByDay(ledger.intervals(), "1", 0).get("1970-01-01")?.get("10")).toEqual({ human: 60, bot: 0 });
    expect(voiceSecondsByDay(ledger.intervals(), "2", 0).size).toBe(0);
    expect(voicePeopleByDay(ledger.intervals(), "1", 0).get("1970-01-01")?.get("10")?.human).toEqual(new Set(["100"]));
  });
});
