import { type DiscordAPIError, Routes } from "discord.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { discordTimestamp } from "../../fake-discord/snowflake.js";
import { World } from "../../fake-discord/world.js";
import { DAY, type Harness, rejection, startHarness } from "./helpers.js";

const NOW = Date.UTC(2026, 5, 15, 12);
const world = new World({ seed: 9, now: () => NOW });
const guild = world.addGuild({ name: "G" });
const text = world.addChannel(guild.id, { name: "text", type: 0 });
world.addMessages(text.id, 200, { fromMs: NOW - 400 * DAY, toMs: NOW - 300 * DAY });
const noHistory = world.addChannel(guild.id, { name: "no-history", type: 0, canReadHistory: false });
const hidden = world.addChannel(guild.id, { name: "hidden", type: 0, canView: false });
const hiddenThread = world.addThread(hidden.id, { name: "in hidden", type: 11, createdAtMs: NOW - DAY });

// 7 archived public threads, archived one day apart; one active public thread started from a message.
const archived: string[] = [];
for (let i = 0; i < 7; i++) {
  const t = world.addThread(text.id, { name: `old-${i}`, type: 11, createdAtMs: NOW - (100 - i) * DAY });
  world.addMessages(t.id, 3 + i, { fromMs: NOW - (100 - i) * DAY, toMs: NOW - (90 - i) * DAY });
  world.archiveThread(t.id, NOW - (50 - i) * DAY);
  archived.push(t.id);
}
const starter = world.messageIds(text.id)[10] ?? "";
const active = world.addThread(text.id, { name: "active", type: 11, fromMessageId: starter, botIsMember: true });
world.addMessages(active.id, 25, { fromMs: NOW - 10 * DAY, toMs: NOW });
const privateActive = world.addThread(text.id, { name: "private", type: 12, createdAtMs: NOW - 3 * DAY });
const privateHidden = world.addThread(text.id, {
  name: "private, not member",
  type: 12,
  createdAtMs: NOW - 3 * DAY,
  botIsMember: false,
});
const privateArchived = world.addThread(text.id, { name: "private archived", type: 12, createdAtMs: NOW - 30 * DAY });
world.archiveThread(privateArchived.id, NOW - 20 * DAY);
const oldThread = world.addThread(text.id, { name: "2021", type: 11, createdAtMs: Date.UTC(2021, 0, 1) });
world.addMessages(oldThread.id, 70, { fromMs: Date.UTC(2021, 0, 1), toMs: Date.UTC(2021, 1, 1) });

interface ApiThread {
  id: string;
  type: number;
  parent_id: string;
  name: string;
  message_count: number;
  total_message_sent: number;
  member_count: number;
  last_message_id: string | null;
  thread_metadata: {
    archived: boolean;
    archive_timestamp: string;
    create_timestamp?: string;
    auto_archive_duration: number;
  };
}
interface ThreadList {
  threads: ApiThread[];
  members: Array<{ id: string; user_id: string }>;
  has_more?: boolean;
}

let h: Harness;
beforeAll(async () => {
  h = await startHarness(world);
});
afterAll(async () => {
  await h.fake.close();
});

const archivedPublic = (channelId: string, query: Record<string, string> = {}) =>
  h.rest.get(Routes.channelThreads(channelId, "public"), { query: new URLSearchParams(query) }) as Promise<ThreadList>;

describe("GET /guilds/{id}/threads/active", () => {
  it("lists non-archived threads the bot can see, with the bot's memberships", async () => {
    const list = (await h.rest.get(Routes.guildActiveThreads(guild.id))) as ThreadList;
    const ids = list.threads.map((t) => t.id);
    expect(new Set(ids)).toEqual(new Set([active.id, privateActive.id, oldThread.id]));
    expect(ids).not.toContain(hiddenThread.id);
    expect(ids).not.toContain(privateHidden.id);
    expect(list.members.map((m) => m.id).sort()).toEqual([active.id, privateActive.id].sort());
    expect(list.members.every((m) => m.user_id === world.botUser.id)).toBe(true);
    expect(list.has_more).toBeUndefined();
  });

  it("describes threads like Discord", async () => {
    const list = (await h.rest.get(Routes.guildActiveThreads(guild.id))) as ThreadList;
    const thread = list.threads.find((t) => t.id === active.id);
    expect(thread).toMatchObject({
      id: starter,
      type: 11,
      parent_id: text.id,
      message_count: 25,
      total_message_sent: 25,
      last_message_id: world.messageIds(active.id).at(-1),
      thread_metadata: { archived: false, auto_archive_duration: 1440 },
    });
    expect(thread?.thread_metadata.create_timestamp).toBeDefined();
    // Created before 2022: counters stop at 50 and there is no create_timestamp.
    const old = list.threads.find((t) => t.id === oldThread.id);
    expect(old).toMatchObject({ message_count: 50, total_message_sent: 50 });
    expect(old?.thread_metadata.create_timestamp).toBeUndefined();
  });

  it("moves threads between the active and archived lists", async () => {
    world.archiveThread(active.id, NOW - 1000);
    let list = (await h.rest.get(Routes.guildActiveThreads(guild.id))) as ThreadList;
    expect(list.threads.map((t) => t.id)).not.toContain(active.id);
    expect((await archivedPublic(text.id, { limit: "1" })).threads[0]?.id).toBe(active.id);
    world.unarchiveThread(active.id);
    list = (await h.rest.get(Routes.guildActiveThreads(guild.id))) as ThreadList;
    expect(list.threads.map((t) => t.id)).toContain(active.id);
  });
});

describe("GET /channels/{id}/threads/archived/public", () => {
  it("orders by archive_timestamp descending", async () => {
    const list = await archivedPublic(text.id);
    expect(list.threads.map((t) => t.id)).toEqual([...archived].reverse());
    expect(list.has_more).toBe(false);
    expect(list.threads[0]?.thread_metadata).toMatchObject({
      archived: true,
      archive_timestamp: discordTimestamp(NOW - 44 * DAY),
    });
  });

  it("pages with before=<last archive_timestamp> and has_more", async () => {
    const seen: string[] = [];
    let before: string | undefined;
    const pages: boolean[] = [];
    for (;;) {
      const list = await archivedPublic(text.id, { limit: "3", ...(before ? { before } : {}) });
      seen.push(...list.threads.map((t) => t.id));
      pages.push(list.has_more ?? false);
      if (!list.has_more) break;
      before = list.threads.at(-1)?.thread_metadata.archive_timestamp;
    }
    expect(pages).toEqual([true, true, false]);
    expect(seen).toEqual([...archived].reverse());
  });

  it("takes only threads archived strictly before `before`", async () => {
    const list = await archivedPublic(text.id, { before: discordTimestamp(NOW - 46 * DAY) });
    expect(list.threads.map((t) => t.id)).toEqual(archived.slice(0, 4).reverse());
  });

  it("validates parameters and needs READ_MESSAGE_HISTORY", async () => {
    expect(((await rejection(archivedPublic(text.id, { limit: "101" }))) as DiscordAPIError).code).toBe(50035);
    expect(((await rejection(archivedPublic(text.id, { before: "not a date" }))) as DiscordAPIError).code).toBe(50035);
    const denied = (await rejection(archivedPublic(noHistory.id))) as DiscordAPIError;
    expect([denied.status, denied.code]).toEqual([403, 50001]);
  });
});

describe("GET /channels/{id}/threads/archived/private", () => {
  it("needs MANAGE_THREADS", async () => {
    const route = Routes.channelThreads(text.id, "private");
    const denied = (await rejection(h.rest.get(route))) as DiscordAPIError;
    expect([denied.status, denied.code]).toEqual([403, 50001]);
    world.setPermissions(text.id, { canManageThreads: true });
    const list = (await h.rest.get(route)) as ThreadList;
    expect(list.threads.map((t) => t.id)).toEqual([privateArchived.id]);
    expect(list.has_more).toBe(false);
    world.setPermissions(text.id, { canManageThreads: false });
  });
});

describe("GET /channels/{thread id}", () => {
  it("answers threads, 403 for private threads the bot is not in", async () => {
    expect(await h.rest.get(Routes.channel(active.id))).toMatchObject({ id: active.id, type: 11 });
    const denied = (await rejection(h.rest.get(Routes.channel(privateHidden.id)))) as DiscordAPIError;
    expect(denied.code).toBe(50001);
    world.setThreadMembership(privateHidden.id, true);
    expect(await h.rest.get(Routes.channel(privateHidden.id))).toMatchObject({ id: privateHidden.id, type: 12 });
  });
});
