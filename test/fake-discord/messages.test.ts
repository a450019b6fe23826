import { DiscordAPIError, Routes } from "discord.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { snowflakeFromTime } from "../../fake-discord/snowflake.js";
import { World } from "../../fake-discord/world.js";
import { type ApiMessage, byIdDescending, DAY, getMessages, type Harness, rejection, startHarness } from "./helpers.js";

const NOW = Date.UTC(2026, 5, 15, 12);
const world = new World({ seed: 3, now: () => NOW });
const guild = world.addGuild({ name: "G", memberCount: 10, presenceCount: 3 });
const busy = world.addChannel(guild.id, { name: "busy", type: 0 });
world.addMessages(busy.id, 3456, { fromMs: NOW - 2 * 365 * DAY, toMs: NOW, botRatio: 0.2 });
const noHistory = world.addChannel(guild.id, { name: "no-history", type: 0, canReadHistory: false });
world.addMessages(noHistory.id, 30, { fromMs: NOW - DAY, toMs: NOW });
const hidden = world.addChannel(guild.id, { name: "hidden", type: 0, canView: false });
world.addMessages(hidden.id, 30, { fromMs: NOW - DAY, toMs: NOW });
const voice = world.addChannel(guild.id, { name: "voice", type: 2 });
world.addMessages(voice.id, 12, { fromMs: NOW - DAY, toMs: NOW });
const voiceNoConnect = world.addChannel(guild.id, { name: "voice-locked", type: 2, canConnect: false });
const category = world.addChannel(guild.id, { name: "cat", type: 4 });
const forum = world.addChannel(guild.id, { name: "forum", type: 15 });
world.addThread(forum.id, { name: "post", type: 11, createdAtMs: NOW - DAY });
const small = world.addChannel(guild.id, { name: "small", type: 0 });
world.addMessages(small.id, 10, { fromMs: NOW - DAY, toMs: NOW - 1000 });

let h: Harness;
beforeAll(async () => {
  h = await startHarness(world);
});
afterAll(async () => {
  await h.fake.close();
});

function expectNewestFirst(page: readonly ApiMessage[]) {
  const ids = page.map((m) => m.id);
  expect(ids).toEqual([...ids].sort(byIdDescending));
}

describe("GET /channels/{id}/messages", () => {
  it("returns the newest `limit` messages newest-first by default", async () => {
    const all = world.messageIds(busy.id);
    const page = await getMessages(h.rest, busy.id);
    expect(page).toHaveLength(50);
    expectNewestFirst(page);
    expect(page[0]?.id).toBe(all.at(-1));
    expect(page.at(-1)?.id).toBe(all.at(-50));
    const first = page[0];
    expect(first).toMatchObject({
      channel_id: busy.id,
      type: 0,
      content: "",
      pinned: false,
      tts: false,
      edited_timestamp: null,
    });
    expect(first?.timestamp).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}\+00:00$/);
  });

  it("pages backward with before=<last id> over every message exactly once", async () => {
    const seen: string[] = [];
    let before: string | undefined;
    for (;;) {
      const page = await getMessages(h.rest, busy.id, { limit: "100", ...(before ? { before } : {}) });
      if (page.length === 0) break;
      expectNewestFirst(page);
      seen.push(...page.map((m) => m.id));
      before = page.at(-1)?.id;
    }
    expect(seen).toHaveLength(3456);
    expect(new Set(seen).size).toBe(3456);
    expect([...seen].reverse()).toEqual(world.messageIds(busy.id));
  });

  it("pages forward with after=<array[0].id> from after=0 over every message exactly once", async () => {
    const seen: string[] = [];
    let after = "0";
    for (;;) {
      const page = await getMessages(h.rest, busy.id, { limit: "100", after });
      if (page.length === 0) break;
      expectNewestFirst(page);
      // The page holds the messages immediately after the cursor (the oldest ones), still newest-first.
      seen.push(...[...page].reverse().map((m) => m.id));
      after = page[0]?.id ?? after;
    }
    expect(seen).toEqual(world.messageIds(busy.id));
  });

  it("after=0 starts at the very first message", async () => {
    const page = await getMessages(h.rest, busy.id, { after: "0", limit: "3" });
    expect(page.map((m) => m.id)).toEqual(world.messageIds(busy.id).slice(0, 3).reverse());
  });

  it("around=X returns the page centred on X", async () => {
    const all = world.messageIds(busy.id);
    const page = await getMessages(h.rest, busy.id, { around: all[1000] ?? "", limit: "10" });
    expect(page.map((m) => m.id)).toEqual(all.slice(995, 1005).reverse());
    const single = await getMessages(h.rest, busy.id, { around: all[42] ?? "", limit: "1" });
    expect(single.map((m) => m.id)).toEqual([all[42]]);
  });

  it("marks bot authors", async () => {
    const page = await getMessages(h.rest, busy.id, { limit: "100" });
    expect(page.some((m) => m.author.bot === true)).toBe(true);
    expect(page.some((m) => m.author.bot === undefined)).toBe(true);
  });

  it.each([["0"], ["101"], ["abc"], ["-5"]])("rejects limit=%s with 400 50035", async (limit) => {
    const error = await rejection(getMessages(h.rest, busy.id, { limit }));
    expect(error).toBeInstanceOf(DiscordAPIError);
    expect((error as DiscordAPIError).status).toBe(400);
    expect((error as DiscordAPIError).code).toBe(50035);
  });

  it("rejects more than one cursor and non-snowflake cursors", async () => {
    const ids = world.messageIds(busy.id);
    const queries: Array<Record<string, string>> = [
      { before: ids[10] ?? "", after: ids[5] ?? "" },
      { before: "yesterday" },
    ];
    for (const query of queries) {
      const error = await rejection(getMessages(h.rest, busy.id, query));
      expect((error as DiscordAPIError).code).toBe(50035);
    }
  });

  it("answers 200 [] without READ_MESSAGE_HISTORY", async () => {
    expect(await getMessages(h.rest, noHistory.id)).toEqual([]);
    expect(world.messageCount(noHistory.id)).toBe(30);
  });

  it("answers 403 50001 when the channel cannot be viewed", async () => {
    const error = await rejection(getMessages(h.rest, hidden.id));
    expect(error).toBeInstanceOf(DiscordAPIError);
    expect((error as DiscordAPIError).status).toBe(403);
    expect((error as DiscordAPIError).code).toBe(50001);
    expect(((error as DiscordAPIError).rawError as { message: string }).message).toBe("Missing Access");
  });

  it("answers 404 10003 for an unknown channel", async () => {
    const error = await rejection(getMessages(h.rest, snowflakeFromTime(NOW - DAY)));
    expect((error as DiscordAPIError).status).toBe(404);
    expect((error as DiscordAPIError).code).toBe(10003);
  });

  it("reads voice chat, but needs CONNECT as well", async () => {
    expect(await getMessages(h.rest, voice.id, { limit: "100" })).toHaveLength(12);
    expect(((await rejection(getMessages(h.rest, voiceNoConnect.id))) as DiscordAPIError).code).toBe(50001);
  });

  it("answers [] for categories and forums", async () => {
    expect(await getMessages(h.rest, category.id)).toEqual([]);
    expect(await getMessages(h.rest, forum.id)).toEqual([]);
  });

  it("keeps last_message_id on a deleted newest message", async () => {
    const newest = world.messageIds(small.id).at(-1);
    world.deleteMessages(small.id, 1);
    const channel = (await h.rest.get(Routes.channel(small.id))) as { last_message_id: string };
    expect(channel.last_message_id).toBe(newest);
    const page = await getMessages(h.rest, small.id);
    expect(page).toHaveLength(9);
    expect(page[0]?.id).not.toBe(newest);
    const listed = (await h.rest.get(Routes.guildChannels(guild.id))) as Array<{ id: string; last_message_id: string }>;
    expect(listed.find((c) => c.id === small.id)?.last_message_id).toBe(newest);
  });

  it("fetches a single message, 10008 once deleted", async () => {
    const [first] = world.messageIds(busy.id);
    const message = (await h.rest.get(Routes.channelMessage(busy.id, first ?? ""))) as ApiMessage;
    expect(message.id).toBe(first);
    world.deleteMessages(busy.id, [first ?? ""]);
    const error = await rejection(h.rest.get(Routes.channelMessage(busy.id, first ?? "")));
    expect((error as DiscordAPIError).code).toBe(10008);
  });
});
