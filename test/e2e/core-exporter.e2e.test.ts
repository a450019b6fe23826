import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { countRequests } from "../../fake-discord/request-log.js";
import { World } from "../../fake-discord/world.js";
import { findSamples, sumSamples } from "../helpers/parse-metrics.js";
import { type Harness, startHarness } from "../helpers/exporter-harness.js";
import { waitFor } from "../helpers/exporter-process.js";
import { readStoredDays } from "../helpers/daily-rows.js";

const YEAR = 365 * 86_400_000;
const now = Date.now();

/** A guild of a few thousand messages over four years, text and announcement channels, people and bots. */
function buildWorld() {
  const world = new World({ seed: 42 });
  const guild = world.addGuild({ name: "Core Test", memberCount: 4321, presenceCount: 210 });
  const category = world.addChannel(guild.id, { name: "Community", type: 4 });
  const general = world.addChannel(guild.id, { name: "general", type: 0, parentId: category.id });
  const news = world.addChannel(guild.id, { name: "news", type: 5, parentId: category.id });
  const small = world.addChannel(guild.id, { name: "small", type: 0 });
  const empty = world.addChannel(guild.id, { name: "empty", type: 0 });
  world.addMessages(general.id, 2345, { fromMs: now - 4 * YEAR, toMs: now - 86_400_000, botRatio: 0.2 });
  world.addMessages(news.id, 777, { fromMs: now - 3 * YEAR, toMs: now - 3_600_000, botRatio: 0.5 });
  world.addMessages(small.id, 100, { fromMs: now - YEAR, toMs: now - 60_000 }); // exactly one full page
  return {
    world,
    guildId: guild.id,
    channels: { general: general.id, news: news.id, small: small.id, empty: empty.id },
  };
}

describe("core exporter, end to end over HTTP", () => {
  const setup = buildWorld();
  const { world, guildId, channels } = setup;
  let h: Harness;

  beforeAll(async () => {
    h = await startHarness(world, [guildId]);
    await h.settle();
  });
  afterAll(async () => h?.close());

  function expectCountsMatchTruth(samples: Awaited<ReturnType<Harness["scrape"]>>) {
    for (const id of Object.values(channels)) {
      expect(
        sumSamples(samples, "discord_channel_messages", { channel_id: id, author: "human", source: "channel" }),
      ).toBe(world.messageCount(id, { bot: false }));
      expect(
        sumSamples(samples, "discord_channel_messages", { channel_id: id, author: "bot", source: "channel" }),
      ).toBe(world.messageCount(id, { bot: true }));
    }
  }

  it("serves exact per-channel counts and member counts after the first sync", async () => {
    const samples = await h.scrape();
    expectCountsMatchTruth(samples);
    expect(sumSamples(samples, "discord_channel_messages", { channel_id: channels.general })).toBe(2345);
    expect(findSamples(samples, "discord_guild_members", { guild_id: guildId })[0]?.value).toBe(4321);
    expect(findSamples(samples, "discord_guild_members_online", { guild_id: guildId })[0]?.value).toBe(210);
    const general = findSamples(samples, "discord_channel_messages", { channel_id: channels.general })[0];
    expect(general?.labels).toMatchObject({
      channel: "general",
      category: "Community",
      channel_type: "text",
      guild_id: guildId,
    });
    // Four channels and their category.
    expect(sumSamples(samples, "discord_exporter_channels", { state: "ready" })).toBe(5);
    expect(sumSamples(samples, "discord_exporter_channels", { state: "backfilling" })).toBe(0);
  });

  it("keeps exact daily buckets back to each channel's first message", () => {
    for (const id of Object.values(channels)) {
      const rows = readStoredDays(h.store.sqlite, id);
      const truth = [...world.dailyCounts(id).entries()]
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([day, c]) => ({ day, human: c.human, bot: c.bot }));
      expect(rows).toEqual(truth);
    }
  });

  it("serves daily, weekly and monthly active members equal to the distinct human authors in the truth", async () => {
    const samples = await h.scrape();
    const byDay = world.dailyActiveAuthors(guildId, { readableOnly: true });
    const today = new Date().toISOString().slice(0, 10);
    for (const [window, days] of [
      ["1d", 1],
      ["7d", 7],
      ["30d", 30],
    ] as const) {
      const since = new Date(Date.parse(today) - (days - 1) * 86_400_000).toISOString().slice(0, 10);
      const authors = new Set<string>();
      for (const [day, ids] of byDay) if (day >= since && day <= today) for (const id of ids) authors.add(id);
      expect(findSamples(samples, "discord_active_members", { guild_id: guildId, window })[0]?.value, window).toBe(
        authors.size,
      );
    }
  });

  it("an idle sync costs the guild, channel list and active threads requests and no message request", async () => {
    h.fake.clearRequests();
    await h.exporter.loop.syncNow();
    await h.exporter.loop.backfills.idle();
    expect(countRequests(h.fake.requests, { route: "/channels/:id/messages" })).toBe(0);
    expect(h.fake.requests.length).toBeLessThanOrEqual(3);
  });

  it("counts only the new messages at the next sync, exactly", async () => {
    world.addMessagesNow(channels.general, 250, { botRatio: 0.1 });
    world.addMessagesNow(channels.empty, 3);
    h.fake.clearRequests();
    await h.exporter.loop.syncNow();
    await h.exporter.loop.backfills.idle();
    expectCountsMatchTruth(await h.scrape());
    // 250 new messages: three forward pages; 3 in the empty channel: one page. Nothing else re-read.
    const messageRequests = h.fake.requests.filter((r) => r.route === "/channels/:id/messages");
    expect(messageRequests.every((r) => r.query.after !== undefined)).toBe(true);
    expect(messageRequests.filter((r) => r.path.includes(channels.general))).toHaveLength(3);
    expect(messageRequests.filter((r) => r.path.includes(channels.empty))).toHaveLength(1);
  });

  it("a newest message deleted after counting does not cost a request on every sync", async () => {
    world.addMessagesNow(channels.small, 1);
    world.deleteMessages(channels.small, 1);
    await h.exporter.loop.syncNow();
    h.fake.clearRequests();
    await h.exporter.loop.syncNow();
    await h.exporter.loop.syncNow();
    expect(countRequests(h.fake.requests, { route: "/channels/:id/messages" })).toBe(0);
  });

  it("serves the landing page and health check", async () => {
    const landing = await fetch(`${h.exporter.url}/`);
    expect(landing.status).toBe(200);
    const html = await landing.text();
    expect(html).toContain('href="/metrics"');
    expect(html).toContain("general");
    const health = await fetch(`${h.exporter.url}/healthz`);
    expect(health.status).toBe(200);
  });

  it("serves gzip when asked and never the token", async () => {
    const response = await fetch(`${h.exporter.url}/metrics`, { headers: { "accept-encoding": "gzip" } });
    expect(response.headers.get("content-type")).toContain("text/plain; version=0.0.4");
    const text = await response.text(); // fetch decompresses
    expect(text).toContain("discord_channel_messages");
    expect(text).not.toContain(h.config.token);
  });
});

describe("a long backfill holds nothing up", () => {
  const world = new World({ seed: 43 });
  const guild = world.addGuild({ name: "Long backfill" });
  const huge = world.addChannel(guild.id, { name: "huge", type: 0 }).id;
  const other = world.addChannel(guild.id, { name: "other", type: 0 }).id;
  world.addMessages(huge, 50_000, { fromMs: now - 5 * YEAR, toMs: now - 60_000 });
  world.addMessages(other, 50, { fromMs: now - YEAR, toMs: now - 60_000 });
  let h: Harness;
  beforeAll(async () => {
    // Each page of the huge channel takes 100 ms: its backfill (500 pages) outlasts several syncs.
    h = await startHarness(
      world,
      [guild.id],
      {},
      { faults: { latencyMs: 100, onlyPaths: new RegExp(`^/channels/${huge}/messages`) } },
    );
    await h.exporter.loop.syncNow();
    // The first backward page sets the forward cursor; from then on forward syncs run beside the backfill.
    await waitFor(
      "the first backfill page",
      () => h.store.sqlite.prepare("SELECT last_seen_id FROM channels WHERE id = ?").pluck().get(huge) ?? undefined,
    );
  });
  afterAll(async () => h?.close());

  it("picks up the backfilling channel's new messages and other channels' messages at every sync", async () => {
    world.addMessagesNow(huge, 120);
    world.addMessagesNow(other, 7);
    await h.exporter.loop.syncNow();
    const row = h.store.sqlite
      .prepare("SELECT last_seen_id AS lastSeen, backfill_done AS done, state FROM channels WHERE id = ?")
      .get(huge);
    expect(row).toEqual({ lastSeen: world.lastMessageId(huge), done: 0, state: "backfilling" });
    const samples = await h.scrape();
    expect(sumSamples(samples, "discord_channel_messages", { channel_id: other })).toBe(57);
    const progress =
      findSamples(samples, "discord_exporter_backfill_progress_ratio", { channel_id: huge })[0]?.value ?? -1;
    expect(progress).toBeGreaterThan(0);
    expect(progress).toBeLessThan(1);
  });
});
