import { DiscordAPIError, REST, Routes } from "discord.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { snowflakeFromTime } from "../../fake-discord/snowflake.js";
import { World } from "../../fake-discord/world.js";
import { DAY, type Harness, rejection, startHarness } from "./helpers.js";

const NOW = Date.UTC(2026, 5, 15, 12);
const world = new World({ seed: 5, now: () => NOW });
const guild = world.addGuild({ name: "Guild", memberCount: 4321, presenceCount: 987 });
const category = world.addChannel(guild.id, { name: "Talk", type: 4 });
const general = world.addChannel(guild.id, { name: "general", type: 0, parentId: category.id });
world.addMessages(general.id, 20, { fromMs: NOW - DAY, toMs: NOW });
const silent = world.addChannel(guild.id, { name: "silent", type: 0, parentId: category.id });
const hidden = world.addChannel(guild.id, { name: "hidden", type: 0, canView: false });
const forum = world.addChannel(guild.id, { name: "forum", type: 15 });
const firstPost = world.addThread(forum.id, { name: "first", type: 11, createdAtMs: NOW - 5 * DAY });
const secondPost = world.addThread(forum.id, { name: "second", type: 11, createdAtMs: NOW - 2 * DAY });
world.addThread(general.id, { name: "a thread", type: 11, createdAtMs: NOW - DAY });
const kicked = world.addGuild({ name: "Kicked" });
const kickedChannel = world.addChannel(kicked.id, { name: "k", type: 0 });
world.removeGuild(kicked.id, "kicked");
const gone = world.addGuild({ name: "Gone" });
const goneChannel = world.addChannel(gone.id, { name: "g", type: 0 });
world.removeGuild(gone.id, "deleted");

interface ApiChannel {
  id: string;
  type: number;
  name: string;
  parent_id: string | null;
  guild_id: string;
  position: number;
  last_message_id?: string | null;
  permission_overwrites: unknown[];
}

let h: Harness;
beforeAll(async () => {
  h = await startHarness(world);
});
afterAll(async () => {
  await h.fake.close();
});

async function apiError(promise: Promise<unknown>): Promise<DiscordAPIError> {
  const error = await rejection(promise);
  expect(error).toBeInstanceOf(DiscordAPIError);
  return error as DiscordAPIError;
}

describe("users and gateway", () => {
  it("GET /users/@me is the bot", async () => {
    expect(await h.rest.get(Routes.user("@me"))).toMatchObject({ id: world.botUser.id, bot: true, discriminator: "0" });
  });

  it("GET /users/@me/guilds lists only guilds the bot is in", async () => {
    const guilds = (await h.rest.get(Routes.userGuilds(), {
      query: new URLSearchParams({ with_counts: "true" }),
    })) as Array<{
      id: string;
      approximate_member_count: number;
    }>;
    expect(guilds.map((g) => g.id)).toEqual([guild.id]);
    expect(guilds[0]?.approximate_member_count).toBe(4321);
  });

  it("GET /gateway/bot answers the fake's own gateway URL and a session start limit", async () => {
    expect(await h.rest.get(Routes.gatewayBot())).toEqual({
      url: `ws://127.0.0.1:${h.fake.port}/gateway`,
      shards: 1,
      session_start_limit: { total: 1000, remaining: 1000, reset_after: 86_400_000, max_concurrency: 1 },
    });
  });
});

describe("GET /guilds/{id}", () => {
  it("adds approximate counts only with with_counts=true", async () => {
    const plain = (await h.rest.get(Routes.guild(guild.id))) as Record<string, unknown>;
    expect(plain).toMatchObject({ id: guild.id, name: "Guild" });
    expect(plain.approximate_member_count).toBeUndefined();
    const counted = await h.rest.get(Routes.guild(guild.id), { query: new URLSearchParams({ with_counts: "true" }) });
    expect(counted).toMatchObject({ approximate_member_count: 4321, approximate_presence_count: 987 });
    world.setMemberCounts(guild.id, 5000, 1200);
    const updated = await h.rest.get(Routes.guild(guild.id), { query: new URLSearchParams({ with_counts: "true" }) });
    expect(updated).toMatchObject({ approximate_member_count: 5000, approximate_presence_count: 1200 });
  });

  it("answers 404 10004 for unknown guilds and guilds the bot is no longer in", async () => {
    for (const id of [snowflakeFromTime(NOW), kicked.id, gone.id]) {
      const error = await apiError(h.rest.get(Routes.guild(id)));
      expect([error.status, error.code]).toEqual([404, 10004]);
    }
  });
});

describe("GET /guilds/{id}/channels", () => {
  it("lists channels without threads and without the ones the bot cannot view", async () => {
    const channels = (await h.rest.get(Routes.guildChannels(guild.id))) as ApiChannel[];
    expect(channels.map((c) => c.name)).toEqual(["Talk", "general", "silent", "forum"]);
    expect(channels.map((c) => c.id)).not.toContain(hidden.id);
    const byName = new Map(channels.map((c) => [c.name, c]));
    expect(byName.get("general")).toMatchObject({
      type: 0,
      guild_id: guild.id,
      parent_id: category.id,
      last_message_id: world.messageIds(general.id).at(-1),
      permission_overwrites: [],
    });
    expect(channels.find((c) => c.id === silent.id)?.last_message_id).toBeNull();
    // A forum's last_message_id is its newest post (thread) id.
    expect(byName.get("forum")?.last_message_id).toBe(secondPost.id);
    expect(BigInt(secondPost.id) > BigInt(firstPost.id)).toBe(true);
  });

  it("reflects renames, moves and deletions", async () => {
    const extra = world.addChannel(guild.id, { name: "extra", type: 0 });
    world.renameChannel(extra.id, "renamed");
    world.moveChannel(extra.id, category.id);
    let channels = (await h.rest.get(Routes.guildChannels(guild.id))) as ApiChannel[];
    expect(channels.find((c) => c.id === extra.id)).toMatchObject({ name: "renamed", parent_id: category.id });
    world.deleteChannel(extra.id);
    channels = (await h.rest.get(Routes.guildChannels(guild.id))) as ApiChannel[];
    expect(channels.map((c) => c.id)).not.toContain(extra.id);
    const error = await apiError(h.rest.get(Routes.channel(extra.id)));
    expect([error.status, error.code]).toEqual([404, 10003]);
  });

  it("answers 403 50001 once kicked and 404 10004 once the guild is deleted", async () => {
    const kickedError = await apiError(h.rest.get(Routes.guildChannels(kicked.id)));
    expect([kickedError.status, kickedError.code]).toEqual([403, 50001]);
    const goneError = await apiError(h.rest.get(Routes.guildChannels(gone.id)));
    expect([goneError.status, goneError.code]).toEqual([404, 10004]);
    const kickedChannelError = await apiError(h.rest.get(Routes.channelMessages(kickedChannel.id)));
    expect([kickedChannelError.status, kickedChannelError.code]).toEqual([403, 50001]);
    const goneChannelError = await apiError(h.rest.get(Routes.channel(goneChannel.id)));
    expect([goneChannelError.status, goneChannelError.code]).toEqual([404, 10003]);
  });
});

describe("GET /channels/{id}", () => {
  it("answers the channel, 403 50001 when hidden, and follows permission changes", async () => {
    expect(await h.rest.get(Routes.channel(general.id))).toMatchObject({ id: general.id, name: "general", type: 0 });
    const error = await apiError(h.rest.get(Routes.channel(hidden.id)));
    expect([error.status, error.code]).toEqual([403, 50001]);
    world.setPermissions(hidden.id, { canView: true });
    expect(await h.rest.get(Routes.channel(hidden.id))).toMatchObject({ id: hidden.id });
    world.setPermissions(hidden.id, { canView: false });
  });
});

describe("authentication and unknown routes", () => {
  it("answers 401 without the right bot token", async () => {
    const wrong = new REST({ api: h.fake.url, version: "10", retries: 0 }).setToken("wrong-token");
    const error = await apiError(wrong.get(Routes.user("@me")));
    expect(error.status).toBe(401);
    expect(error.rawError).toEqual({ message: "401: Unauthorized", code: 0 });
    const response = await fetch(`${h.fake.url}/v10/users/@me`);
    expect(response.status).toBe(401);
    expect(response.headers.get("content-type")).toBe("application/json");
    const bearer = await fetch(`${h.fake.url}/v10/users/@me`, {
      headers: { Authorization: `Bearer ${"test-token-not-secret"}` },
    });
    expect(bearer.status).toBe(401);
  });

  it("answers 404 code 0 for unknown routes and 405 for other methods", async () => {
    const error = await apiError(h.rest.get("/nothing/here"));
    expect(error.rawError).toEqual({ message: "404: Not Found", code: 0 });
    const post = await apiError(h.rest.post(Routes.channelMessages(general.id), { body: { content: "hi" } }));
    expect(post.status).toBe(405);
  });
});
