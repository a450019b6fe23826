import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { countRequests, filterRequests } from "../../fake-discord/request-log.js";
import { World } from "../../fake-discord/world.js";
import { type Harness, startHarness } from "../helpers/exporter-harness.js";
import { findSamples, type Sample, sumSamples } from "../helpers/parse-metrics.js";

const DAY = 86_400_000;
const now = Date.now();
const past = { fromMs: now - 900 * DAY, toMs: now - DAY };

/** Every kind of channel that carries messages, threads active and archived, forum and media posts, bots. */
function buildWorld() {
  const world = new World({ seed: 99 });
  const guild = world.addGuild({ name: "Kinds", memberCount: 500, presenceCount: 50 });
  const g = guild.id;
  const talk = world.addChannel(g, { name: "Talk", type: 4 });
  const voice = world.addChannel(g, { name: "Voice", type: 4 });
  const ch = {
    general: world.addChannel(g, { name: "general", type: 0, parentId: talk.id }).id,
    news: world.addChannel(g, { name: "news", type: 5, parentId: talk.id }).id,
    lounge: world.addChannel(g, { name: "Lounge", type: 2, parentId: voice.id }).id,
    stage: world.addChannel(g, { name: "Town Hall", type: 13, parentId: voice.id }).id,
    help: world.addChannel(g, { name: "help", type: 15, parentId: talk.id }).id,
    gallery: world.addChannel(g, { name: "gallery", type: 16, parentId: talk.id }).id,
    noConnect: world.addChannel(g, { name: "Locked Voice", type: 2, parentId: voice.id, canConnect: false }).id,
    noHistory: world.addChannel(g, { name: "no-history", type: 0, parentId: talk.id, canReadHistory: false }).id,
    moving: world.addChannel(g, { name: "moving", type: 0, parentId: talk.id }).id,
  };
  for (const id of [ch.general, ch.news, ch.lounge, ch.stage, ch.noHistory, ch.moving, ch.noConnect]) {
    world.addMessages(id, 150 + id.length, { ...past, botRatio: 0.3 });
  }
  const threads = {
    active: world.addThread(ch.general, { name: "active", type: 11, createdAtMs: now - 10 * DAY }).id,
    private: world.addThread(ch.general, { name: "private", type: 12, botIsMember: true, createdAtMs: now - 10 * DAY })
      .id,
    archived: world.addThread(ch.general, {
      name: "archived",
      type: 11,
      archived: true,
      archiveTimestamp: now - 3 * DAY,
      createdAtMs: now - 20 * DAY,
    }).id,
    announcement: world.addThread(ch.news, { name: "news thread", type: 10, createdAtMs: now - 10 * DAY }).id,
  };
  world.addMessages(threads.active, 130, { fromMs: now - 9 * DAY, toMs: now - DAY, botRatio: 0.1 });
  world.addMessages(threads.private, 20, { fromMs: now - 9 * DAY, toMs: now - DAY });
  world.addMessages(threads.archived, 40, { fromMs: now - 19 * DAY, toMs: now - 4 * DAY });
  world.addMessages(threads.announcement, 15, { fromMs: now - 9 * DAY, toMs: now - DAY, botRatio: 1 });
  const posts: string[] = [];
  for (let i = 0; i < 30; i++) {
    const archived = i % 3 !== 0;
    const post = world.addThread(i < 25 ? ch.help : ch.gallery, {
      name: `post ${i}`,
      type: 11,
      createdAtMs: now - (60 - i) * DAY,
      archived,
      archiveTimestamp: archived ? now - (40 - i) * DAY : undefined,
    }).id;
    world.addMessages(post, 3 + (i % 7), { fromMs: now - (59 - i) * DAY, toMs: now - (45 - i) * DAY, botRatio: 0.2 });
    posts.push(post);
  }
  return { world, guildId: g, ch, threads, posts, categories: { talk: talk.id, voice: voice.id } };
}

function channelTotal(samples: Sample[], channelId: string, source: "channel" | "threads", author: "human" | "bot") {
  return sumSamples(samples, "discord_channel_messages", { channel_id: channelId, source, author });
}

function threadTruth(world: World, guildId: string, parentId: string, bot: boolean): number {
  return world
    .threads(guildId)
    .filter((t) => t.parentId === parentId && !t.deleted)
    .reduce((sum, t) => sum + world.messageCount(t.id, { bot }), 0);
}

describe("every channel that carries messages, through its life", () => {
  const w = buildWorld();
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness(w.world, [w.guildId]);
    await h.settle();
  });
  afterAll(async () => h?.close());

  it("counts text, announcement, voice and stage chats exactly, people and bots apart", async () => {
    const samples = await h.scrape();
    for (const id of [w.ch.general, w.ch.news, w.ch.lounge, w.ch.stage, w.ch.moving]) {
      expect(channelTotal(samples, id, "channel", "human")).toBe(w.world.messageCount(id, { bot: false }));
      expect(channelTotal(samples, id, "channel", "bot")).toBe(w.world.messageCount(id, { bot: true }));
    }
    expect(findSamples(samples, "discord_channel_messages", { channel_id: w.ch.lounge })[0]?.labels.channel_type).toBe(
      "voice",
    );
  });

  it("asks for private archived threads once per guild without Manage Threads, not once per channel", () => {
    const privateListings = filterRequests(h.fake.requests, { route: "/channels/:id/threads/archived/private" });
    expect(privateListings.map((r) => r.status)).toEqual([403]);
  });

  it("sums threads (active, private, archived, announcement) and forum and media posts under their parent", async () => {
    const samples = await h.scrape();
    for (const parent of [w.ch.general, w.ch.news, w.ch.help, w.ch.gallery]) {
      for (const bot of [false, true]) {
        expect(channelTotal(samples, parent, "threads", bot ? "bot" : "human"), parent).toBe(
          threadTruth(w.world, w.guildId, parent, bot),
        );
      }
    }
    // Per-thread detail stays in SQLite.
    const stored = h.store.sqlite
      .prepare("SELECT human_messages + bot_messages AS total FROM channels WHERE id = ?")
      .get(w.threads.archived) as { total: number };
    expect(stored.total).toBe(w.world.messageCount(w.threads.archived));
  });

  it("marks a channel without Read Message History unreadable instead of counting it as empty", async () => {
    const samples = await h.scrape();
    expect(findSamples(samples, "discord_channel_messages", { channel_id: w.ch.noHistory })).toEqual([]);
    expect(sumSamples(samples, "discord_exporter_channels", { state: "unreadable" })).toBe(1);
    const html = await (await fetch(`${h.exporter.url}/`)).text();
    expect(html).toContain("no-history");
    expect(html).toContain("unreadable");
  });

  it("marks a 403 channel forbidden and asks it again only rarely", async () => {
    const samples = await h.scrape();
    expect(sumSamples(samples, "discord_exporter_channels", { state: "forbidden" })).toBe(1);
    h.fake.clearRequests();
    for (let i = 0; i < 10; i++) await h.exporter.loop.syncNow();
    expect(countRequests(h.fake.requests, { pathPrefix: `/channels/${w.ch.noConnect}` })).toBe(0);
    expect(countRequests(h.fake.requests, { pathPrefix: `/channels/${w.ch.noHistory}` })).toBe(0);
    expect(filterRequests(h.fake.requests).filter((r) => r.status === 403)).toEqual([]);
  });

  it("keeps the number of series constant however many forum posts there are", async () => {
    const before = findSamples(await h.scrape(), "discord_channel_messages").length;
    for (let i = 0; i < 300; i++) {
      const post = w.world.addThread(w.ch.help, { name: `new post ${i}`, type: 11, createdAtMs: now - DAY });
      w.world.addMessages(post.id, 2, { fromMs: now - DAY + 1000, toMs: now - 1000 });
    }
    await h.syncAndSettle();
    const samples = await h.scrape();
    expect(findSamples(samples, "discord_channel_messages").length).toBe(before);
    expect(
      channelTotal(samples, w.ch.help, "threads", "human") + channelTotal(samples, w.ch.help, "threads", "bot"),
    ).toBe(threadTruth(w.world, w.guildId, w.ch.help, false) + threadTruth(w.world, w.guildId, w.ch.help, true));
  });

  it("follows renames and category moves by id, drops deleted channels, picks up new ones", async () => {
    w.world.renameChannel(w.ch.general, "chat");
    w.world.moveChannel(w.ch.moving, w.categories.voice);
    w.world.deleteChannel(w.ch.news);
    const created = w.world.addChannel(w.guildId, { name: "brand-new", type: 0, parentId: w.categories.talk }).id;
    w.world.addMessages(created, 321, { fromMs: now - 5 * DAY, toMs: now - 1000 });
    w.world.addMessagesNow(w.ch.general, 5);
    await h.syncAndSettle();
    const samples = await h.scrape();
    const general = findSamples(samples, "discord_channel_messages", {
      channel_id: w.ch.general,
      source: "channel",
      author: "human",
    })[0];
    expect(general?.labels.channel).toBe("chat");
    expect(channelTotal(samples, w.ch.general, "channel", "human")).toBe(
      w.world.messageCount(w.ch.general, { bot: false }),
    );
    expect(findSamples(samples, "discord_channel_messages", { channel_id: w.ch.moving })[0]?.labels.category).toBe(
      "Voice",
    );
    expect(findSamples(samples, "discord_channel_messages", { channel_id: w.ch.news })).toEqual([]);
    const news = h.store.sqlite
      .prepare("SELECT state, human_messages + bot_messages AS total FROM channels WHERE id = ?")
      .get(w.ch.news);
    expect(news).toMatchObject({ state: "deleted" });
    expect((news as { total: number }).total).toBeGreaterThan(0);
    expect(channelTotal(samples, created, "channel", "human") + channelTotal(samples, created, "channel", "bot")).toBe(
      321,
    );
  });

  it("picks up an archived thread again when it is unarchived and gets new messages", async () => {
    w.world.unarchiveThread(w.threads.archived);
    w.world.addMessagesNow(w.threads.archived, 7);
    await h.syncAndSettle();
    const stored = h.store.sqlite
      .prepare("SELECT human_messages + bot_messages AS total FROM channels WHERE id = ?")
      .get(w.threads.archived) as { total: number };
    expect(stored.total).toBe(w.world.messageCount(w.threads.archived));
  });

  it("finds a thread archived between two syncs", async () => {
    w.world.addMessagesNow(w.threads.active, 3);
    w.world.archiveThread(w.threads.active);
    await h.syncAndSettle();
    const stored = h.store.sqlite
      .prepare("SELECT archived, human_messages + bot_messages AS total FROM channels WHERE id = ?")
      .get(w.threads.active) as { archived: number; total: number };
    expect(stored).toEqual({ archived: 1, total: w.world.messageCount(w.threads.active) });
  });

  it("keeps serving the last values and marks the guild down when the bot is removed", async () => {
    const before = await h.scrape();
    w.world.removeGuild(w.guildId);
    await h.exporter.loop.syncNow();
    const after = await h.scrape();
    expect(findSamples(after, "discord_guild_up")[0]?.value).toBe(0);
    expect(sumSamples(after, "discord_channel_messages")).toBe(sumSamples(before, "discord_channel_messages"));
    expect(findSamples(after, "discord_guild_members")[0]?.value).toBe(500);
    w.world.restoreGuild(w.guildId);
    await h.exporter.loop.syncNow();
    expect(findSamples(await h.scrape(), "discord_guild_up")[0]?.value).toBe(1);
  });
});

describe("exclusions and private channel names", () => {
  const w = buildWorld();
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness(w.world, [w.guildId], {
      excludedChannels: ["talk", w.ch.lounge],
      exportChannelNames: false,
    });
    await h.settle();
  });
  afterAll(async () => h?.close());

  it("excluding a category excludes its channels and their threads; nothing of them is requested", async () => {
    const samples = await h.scrape();
    for (const id of [w.ch.general, w.ch.news, w.ch.help, w.ch.lounge]) {
      expect(findSamples(samples, "discord_channel_messages", { channel_id: id })).toEqual([]);
    }
    expect(channelTotal(samples, w.ch.stage, "channel", "human")).toBe(
      w.world.messageCount(w.ch.stage, { bot: false }),
    );
    const touched = h.fake.requests.filter((r) =>
      [w.ch.general, w.ch.help, w.threads.active, w.ch.lounge].some((id) => r.path.includes(id)),
    );
    expect(touched).toEqual([]);
  });

  it("exports ids only when channel names are private", async () => {
    const text = await h.scrapeText();
    expect(text).not.toContain("Town Hall");
    expect(text).not.toMatch(/[^_]channel="[^"]/);
    expect(text).not.toMatch(/category="[^"]/);
    expect(
      findSamples(await h.scrape(), "discord_channel_messages", { channel_id: w.ch.stage }).length,
    ).toBeGreaterThan(0);
  });
});
