import { describe, expect, it } from "vitest";
import { memberFlowByDay } from "../../fake-discord/members.js";
import { World } from "../../fake-discord/world.js";
import type { WorldChange } from "../../fake-discord/world-events.js";

const MIDNIGHT = Date.UTC(2026, 5, 16);
const H = 3_600_000;

describe("member joins and leaves (injected clock)", () => {
  it("keeps member_count in step and counts joins and leaves per UTC day, humans and bots apart", () => {
    let now = MIDNIGHT - H;
    const world = new World({ seed: 3, now: () => now });
    const guild = world.addGuild({ name: "G", memberCount: 10 });
    const changes: WorldChange[] = [];
    world.subscribe((c) => changes.push(c));
    const a = world.joinMember(guild.id, { username: "a" });
    const b = world.joinMember(guild.id, { username: "b" });
    world.joinMember(guild.id, { username: "helper", bot: true });
    now = MIDNIGHT + H;
    world.leaveMember(guild.id, a.id);
    const c = world.joinMember(guild.id);
    expect(world.guild(guild.id)?.memberCount).toBe(13);
    expect(world.isMember(guild.id, a.id)).toBe(false);
    expect(world.memberJoinedAt(guild.id, c.id)).toBe(MIDNIGHT + H);
    const flow = world.memberFlowByDay(guild.id);
    expect([...flow.entries()]).toEqual([
      ["2026-06-15", { human: { joins: 2, leaves: 0 }, bot: { joins: 1, leaves: 0 } }],
      ["2026-06-16", { human: { joins: 1, leaves: 1 }, bot: { joins: 0, leaves: 0 } }],
    ]);
    expect(changes.map((ch) => ch.kind)).toEqual([
      "memberAdded",
      "memberAdded",
      "memberAdded",
      "memberRemoved",
      "memberAdded",
    ]);
    expect(world.isMember(guild.id, b.id)).toBe(true);
  });

  it("back-dated joins are ground truth but dispatch nothing; members placed by addUser are not joins", () => {
    const now = MIDNIGHT;
    const world = new World({ seed: 4, now: () => now });
    const guild = world.addGuild({ name: "G" });
    world.addUser(guild.id, { username: "old-timer" });
    const changes: WorldChange[] = [];
    world.subscribe((c) => changes.push(c));
    world.joinMember(guild.id, { atMs: MIDNIGHT - 30 * 24 * H });
    expect(changes).toEqual([]);
    expect([...world.memberFlowByDay(guild.id).keys()]).toEqual(["2026-05-17"]);
  });

  it("a member who leaves is disconnected from voice first, and no longer writes messages", () => {
    let now = MIDNIGHT;
    const world = new World({ seed: 5, now: () => now });
    const guild = world.addGuild({ name: "G" });
    const voice = world.addChannel(guild.id, { name: "v", type: 2 });
    const text = world.addChannel(guild.id, { name: "t", type: 0 });
    const leaver = world.joinMember(guild.id);
    world.joinVoice(voice.id, leaver.id);
    const changes: WorldChange[] = [];
    world.subscribe((c) => changes.push(c));
    now += H;
    world.leaveMember(guild.id, leaver.id);
    expect(changes.map((c) => c.kind)).toEqual(["voiceState", "memberRemoved"]);
    expect(world.voiceSecondsByDay(guild.id).get("2026-06-16")?.get(voice.id)).toEqual({ human: 3600, bot: 0 });
    world.addMessages(text.id, 200, { fromMs: now, toMs: now + H, authors: 1 });
    const authors = new Set(world.readMessages(text.id, { mode: "newest", limit: 100 }).map((m) => m.author.id));
    expect(authors.has(leaver.id)).toBe(false);
    expect(() => world.leaveMember(guild.id, guild.ownerId)).toThrow(/owner/);
  });

  it("memberFlowByDay is pure over an event list", () => {
    const flow = memberFlowByDay(
      [
        { guildId: "1", userId: "a", bot: false, kind: "join", atMs: MIDNIGHT },
        { guildId: "2", userId: "b", bot: false, kind: "join", atMs: MIDNIGHT },
        { guildId: "1", userId: "a", bot: false, kind: "leave", atMs: MIDNIGHT - 1 },
      ],
      "1",
    );
    expect([...flow.keys()]).toEqual(["2026-06-15", "2026-06-16"]);
  });
});
