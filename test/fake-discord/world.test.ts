import { describe, expect, it } from "vitest";
import { isSnowflake, snowflakeFromTime, timeFromSnowflake } from "../../fake-discord/snowflake.js";
import { World } from "../../fake-discord/world.js";
import { DAY } from "./helpers.js";

const NOW = Date.UTC(2026, 5, 15, 12);

function makeWorld(seed = 1) {
  let now = NOW;
  const world = new World({ seed, now: () => now });
  const guild = world.addGuild({ name: "Test", memberCount: 100, presenceCount: 10 });
  return { world, guild, advance: (ms: number) => (now += ms) };
}

function assertStrictlyIncreasing(ids: readonly string[]) {
  for (let i = 1; i < ids.length; i++) expect(BigInt(ids[i] ?? 0) > BigInt(ids[i - 1] ?? 0)).toBe(true);
}

describe("World", () => {
  it("generates 1,000,000 messages in one channel", () => {
    const { world, guild } = makeWorld();
    const channel = world.addChannel(guild.id, { name: "huge", type: 0 });
    const added = world.addMessages(channel.id, 1_000_000, { fromMs: NOW - 3 * 365 * DAY, toMs: NOW, botRatio: 0.25 });
    expect(added.count).toBe(1_000_000);
    expect(world.messageCount(channel.id)).toBe(1_000_000);
    const bots = world.messageCount(channel.id, { bot: true });
    expect(bots).toBeGreaterThan(240_000);
    expect(bots).toBeLessThan(260_000);
    expect(world.messageCount(channel.id, { bot: false })).toBe(1_000_000 - bots);
    let human = 0;
    let bot = 0;
    for (const day of world.dailyCounts(channel.id).values()) {
      human += day.human;
      bot += day.bot;
    }
    expect(human + bot).toBe(1_000_000);
    expect(bot).toBe(bots);
  });

  it("spreads realistic 17-19 digit ids over years, strictly increasing", () => {
    const { world, guild } = makeWorld();
    const channel = world.addChannel(guild.id, { name: "c", type: 0 });
    world.addMessages(channel.id, 5000, { fromMs: NOW - 3 * 365 * DAY, toMs: NOW });
    const ids = world.messageIds(channel.id);
    expect(ids.every(isSnowflake)).toBe(true);
    assertStrictlyIncreasing(ids);
    const first = timeFromSnowflake(ids[0] ?? "");
    const last = timeFromSnowflake(ids.at(-1) ?? "");
    expect(last - first).toBeGreaterThan(2.9 * 365 * DAY);
    expect(world.dailyCounts(channel.id).size).toBeGreaterThan(900);
    for (const id of [guild.id, channel.id, world.botUser.id]) expect(isSnowflake(id)).toBe(true);
  });

  it("is deterministic for a seed", () => {
    const build = (seed: number) => {
      const { world, guild } = makeWorld(seed);
      const channel = world.addChannel(guild.id, { name: "c", type: 0 });
      world.addMessages(channel.id, 1000, { fromMs: NOW - 100 * DAY, toMs: NOW, botRatio: 0.3 });
      return world.readMessages(channel.id, { mode: "newest", limit: 100 }).map((m) => `${m.id}:${m.author.id}`);
    };
    expect(build(7)).toEqual(build(7));
    expect(build(7)).not.toEqual(build(8));
  });

  it("keeps new ids above the newest (even deleted) message when the range starts earlier", () => {
    const { world, guild } = makeWorld();
    const channel = world.addChannel(guild.id, { name: "c", type: 0 });
    const first = world.addMessages(channel.id, 100, { fromMs: NOW - 10 * DAY, toMs: NOW - DAY });
    world.deleteMessages(channel.id, 1);
    const second = world.addMessages(channel.id, 50, { fromMs: NOW - 20 * DAY, toMs: NOW });
    expect(BigInt(second.firstId ?? 0) > BigInt(first.lastId ?? 0)).toBe(true);
    assertStrictlyIncreasing(world.messageIds(channel.id));
    expect(world.messageCount(channel.id)).toBe(149);
  });

  it("keeps last_message_id on the deleted newest message", () => {
    const { world, guild } = makeWorld();
    const channel = world.addChannel(guild.id, { name: "c", type: 0 });
    expect(world.lastMessageId(channel.id)).toBeNull();
    const added = world.addMessages(channel.id, 10, { fromMs: NOW - DAY, toMs: NOW });
    expect(world.deleteMessages(channel.id, 2)).toBe(2);
    expect(world.lastMessageId(channel.id)).toBe(added.lastId);
    expect(world.messageCount(channel.id)).toBe(8);
    const ids = world.messageIds(channel.id);
    expect(world.deleteMessages(channel.id, [ids[0] ?? "", ids[3] ?? "", "123456789012345678"])).toBe(2);
    expect(world.messageIds(channel.id)).toEqual(ids.filter((_, i) => i !== 0 && i !== 3));
  });

  it("never gives two channels the same id, even for messages in the same millisecond", () => {
    const { world, guild } = makeWorld();
    const a = world.addChannel(guild.id, { name: "a", type: 0 });
    const b = world.addChannel(guild.id, { name: "b", type: 0 });
    world.addMessagesNow(a.id, 3);
    world.addMessagesNow(b.id, 3);
    const all = [...world.messageIds(a.id), ...world.messageIds(b.id)];
    expect(new Set(all).size).toBe(6);
    for (const id of all) expect(timeFromSnowflake(id)).toBe(NOW);
  });

  it("starts a thread from a message with that message's id, and keeps its messages apart", () => {
    const { world, guild } = makeWorld();
    const channel = world.addChannel(guild.id, { name: "c", type: 0 });
    world.addMessages(channel.id, 20, { fromMs: NOW - 10 * DAY, toMs: NOW - 5 * DAY });
    const starter = world.messageIds(channel.id)[5] ?? "";
    const thread = world.addThread(channel.id, { name: "t", type: 11, fromMessageId: starter });
    expect(thread.id).toBe(starter);
    world.addMessages(thread.id, 7, { fromMs: NOW - 4 * DAY, toMs: NOW });
    expect(world.messageCount(thread.id)).toBe(7);
    expect(world.messageCount(channel.id)).toBe(20);
    expect(world.threadCounts(thread.id)).toMatchObject({ messageCount: 7, totalMessageSent: 7 });
    expect(world.threads(guild.id).map((t) => t.id)).toEqual([thread.id]);
    expect(world.channels(guild.id).map((c) => c.id)).toEqual([channel.id]);
    expect(() => world.addThread(channel.id, { name: "again", type: 11, fromMessageId: starter })).toThrow();
  });

  it("gives forum posts a starter message with the thread's id, excluded from message_count", () => {
    const { world, guild } = makeWorld();
    const forum = world.addChannel(guild.id, { name: "forum", type: 15 });
    const post = world.addThread(forum.id, { name: "p", type: 11, createdAtMs: NOW - 3 * DAY });
    world.addMessages(post.id, 4, { fromMs: NOW - 3 * DAY, toMs: NOW });
    expect(world.messageIds(post.id)[0]).toBe(post.id);
    expect(world.messageCount(post.id)).toBe(5);
    expect(world.threadCounts(post.id)).toMatchObject({ messageCount: 4, totalMessageSent: 4 });
    world.deleteMessages(post.id, 1);
    expect(world.threadCounts(post.id)).toMatchObject({ messageCount: 3, totalMessageSent: 4 });
    expect(world.lastMessageId(forum.id)).toBe(post.id);
    expect(() => world.addMessages(forum.id, 1, { fromMs: NOW, toMs: NOW })).toThrow(/holds no messages/);
  });

  it("caps thread counters at 50 for threads created before 2022-07-01", () => {
    const { world, guild } = makeWorld();
    const channel = world.addChannel(guild.id, { name: "c", type: 0 });
    const old = world.addThread(channel.id, { name: "old", type: 11, createdAtMs: Date.UTC(2021, 0, 1) });
    world.addMessages(old.id, 80, { fromMs: Date.UTC(2021, 0, 1), toMs: Date.UTC(2021, 5, 1) });
    expect(world.threadCounts(old.id)).toMatchObject({ messageCount: 50, totalMessageSent: 50 });
    expect(world.messageCount(old.id)).toBe(80);
  });

  it("counts daily active human authors across channels and threads", () => {
    const { world, guild } = makeWorld();
    const alice = world.addUser(guild.id, { username: "alice" });
    const bob = world.addUser(guild.id, { username: "bob" });
    const helper = world.addUser(guild.id, { username: "helper", bot: true });
    const a = world.addChannel(guild.id, { name: "a", type: 0 });
    const hidden = world.addChannel(guild.id, { name: "hidden", type: 0, canReadHistory: false });
    const day = Date.UTC(2026, 0, 10, 10);
    world.addMessage(a.id, { authorId: alice.id, atMs: day });
    world.addMessage(a.id, { authorId: helper.id, atMs: day + 1000 });
    world.addMessage(hidden.id, { authorId: bob.id, atMs: day + 2000 });
    const thread = world.addThread(a.id, { name: "t", type: 11, createdAtMs: day });
    world.addMessage(thread.id, { authorId: bob.id, atMs: day + 3000 });
    world.addMessage(thread.id, { authorId: alice.id, atMs: day + DAY });
    const all = world.dailyActiveAuthors(guild.id);
    expect([...all.keys()]).toEqual(["2026-01-10", "2026-01-11"]);
    expect(all.get("2026-01-10")).toEqual(new Set([alice.id, bob.id]));
    expect(all.get("2026-01-11")).toEqual(new Set([alice.id]));
    const readable = world.dailyActiveAuthors(guild.id, { readableOnly: true });
    expect(readable.get("2026-01-10")).toEqual(new Set([alice.id, bob.id]));
    world.deleteChannel(thread.id);
    expect(world.dailyActiveAuthors(guild.id, { readableOnly: true }).get("2026-01-10")).toEqual(new Set([alice.id]));
  });

  it("moves a deleted category's children to the top level and deletes a channel's threads", () => {
    const { world, guild } = makeWorld();
    const category = world.addChannel(guild.id, { name: "cat", type: 4 });
    const channel = world.addChannel(guild.id, { name: "c", type: 0, parentId: category.id });
    const thread = world.addThread(channel.id, { name: "t", type: 11 });
    world.deleteChannel(category.id);
    expect(world.channel(channel.id)?.parentId).toBeNull();
    world.deleteChannel(channel.id);
    expect(world.channel(thread.id)?.deleted).toBe(true);
    expect(world.channels(guild.id)).toEqual([]);
    expect(world.threads(guild.id)).toEqual([]);
  });

  it("accepts explicit ids and rejects unrealistic or duplicate ones", () => {
    const { world, guild } = makeWorld();
    const id = snowflakeFromTime(Date.UTC(2020, 0, 1));
    expect(world.addChannel(guild.id, { id, name: "c", type: 0 }).id).toBe(id);
    expect(() => world.addChannel(guild.id, { id, name: "d", type: 0 })).toThrow(/already used/);
    expect(() => world.addChannel(guild.id, { id: "12345", name: "e", type: 0 })).toThrow(/snowflake/);
  });
});
