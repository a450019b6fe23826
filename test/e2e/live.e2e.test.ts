import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { LiveTimings } from "../../src/counter/live/live-updates.js";
import { utcDay } from "../../fake-discord/day-buckets.js";
import { filterRequests } from "../../fake-discord/request-log.js";
import { timeFromSnowflake } from "../../fake-discord/snowflake.js";
import { World } from "../../fake-discord/world.js";
import { utcDayOfSnowflake } from "../../src/discord/snowflake.js";
import { type Harness, startHarness, TEST_TOKEN } from "../helpers/exporter-harness.js";
import { runScript, waitFor } from "../helpers/exporter-process.js";
import { findSamples, sumSamples } from "../helpers/parse-metrics.js";
import { readStoredDays } from "../helpers/daily-rows.js";

const DAY = 86_400_000;
const now = Date.now();

/**
 * The production delays (LIVE_TIMINGS) scaled down: the same coalescing, without waiting 10 s for a day's second
 * recount. Each interval stays many times the pace of the events below, so bursts still merge into few runs.
 */
const TIMINGS: LiveTimings = {
  forwardDelayMs: 50,
  forwardMinIntervalMs: 1000,
  refreshDelayMs: 50,
  refreshMinIntervalMs: 400,
  dayRecountDelayMs: 200,
  dayRecountMinIntervalMs: 500,
};

const total = (h: Harness, channelId: string) =>
  (
    h.store.sqlite.prepare("SELECT human_messages + bot_messages AS n FROM channels WHERE id = ?").get(channelId) as
      | { n: number }
      | undefined
  )?.n ?? null;

const storedDays = (h: Harness, channelId: string) =>
  new Map(readStoredDays(h.store.sqlite, channelId).map((row) => [row.day, { human: row.human, bot: row.bot }]));

const guildPolls = (h: Harness, guildId: string) =>
  filterRequests(h.fake.requests, { route: "/guilds/:id" }).filter((r) => r.path === `/guilds/${guildId}`).length;

describe("LIVE_UPDATES: the gateway as a doorbell, the REST cursors as the ledger", () => {
  const world = new World({ seed: 1401 });
  const guild = world.addGuild({ name: "Live", memberCount: 50, presenceCount: 5 });
  const chat = world.addChannel(guild.id, { name: "chat", type: 0 }).id;
  const quiet = world.addChannel(guild.id, { name: "quiet", type: 0 }).id;
  const forum = world.addChannel(guild.id, { name: "forum", type: 15 }).id;
  world.addMessages(chat, 1500, { fromMs: now - 60 * DAY, toMs: now - 60_000, botRatio: 0.2 });
  world.addMessages(quiet, 300, { fromMs: now - 60 * DAY, toMs: now - 60_000 });
  let h: Harness;

  beforeAll(async () => {
    // POLL_INTERVAL an hour: every change below reaches /metrics through the gateway alone.
    h = await startHarness(
      world,
      [guild.id],
      { liveUpdates: true },
      { gateway: { heartbeatIntervalMs: 500 } },
      { liveTimings: TIMINGS },
    );
    await h.settle();
    await waitFor("the gateway session", async () =>
      sumSamples(await h.scrape(), "discord_exporter_gateway_up") === 1 ? true : undefined,
    );
  });
  afterAll(async () => h?.close());

  it("asks for no privileged intent: Guilds and GuildMessages only", () => {
    const [session] = h.fake.gateway.sessions();
    expect(session?.intents).toBe((1 << 0) | (1 << 9));
  });

  it("a new message is in /metrics without a poll, counted by one forward request", async () => {
    h.fake.clearRequests();
    world.addMessagesNow(chat, 3);
    await waitFor("the new messages in /metrics", async () =>
      sumSamples(await h.scrape(), "discord_channel_messages", { channel_id: chat }) === world.messageCount(chat)
        ? true
        : undefined,
    );
    expect(guildPolls(h, guild.id)).toBe(0);
    const pages = filterRequests(h.fake.requests, { route: "/channels/:id/messages" });
    expect(pages.map((r) => r.path)).toEqual([`/channels/${chat}/messages`]);
    expect(total(h, quiet)).toBe(world.messageCount(quiet));
  });

  it("the event is never counted: a repeated or a made-up one changes no number", async () => {
    const before = total(h, chat);
    const newest = world.lastMessageId(chat)!;
    h.fake.gateway.dispatch(
      guild.id,
      "MESSAGE_CREATE",
      { id: newest, channel_id: chat, guild_id: guild.id },
      { intent: 1 << 9 },
    );
    const madeUp = (BigInt(newest) + 4_194_304n * 1000n).toString();
    h.fake.gateway.dispatch(
      guild.id,
      "MESSAGE_CREATE",
      { id: madeUp, channel_id: chat, guild_id: guild.id },
      { intent: 1 << 9 },
    );
    await h.exporter.gateway?.live?.idle();
    expect(total(h, chat)).toBe(before);
    expect(total(h, chat)).toBe(world.messageCount(chat));
  });

  it("a storm of messages costs at most one forward request per channel every few seconds", async () => {
    h.fake.clearRequests();
    const started = Date.now();
    for (let i = 0; i < 40; i++) {
      world.addMessagesNow(chat, 5);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    await h.exporter.gateway?.live?.idle();
    const seconds = (Date.now() - started) / 1000;
    const pages = filterRequests(h.fake.requests, { route: "/channels/:id/messages" });
    // At most one forward run per interval (the coalescer's), each costing a page per 100 new messages and at most
    // one more: far fewer than the 40 events.
    const runs = Math.ceil(seconds / (TIMINGS.forwardMinIntervalMs / 1000)) + 1;
    expect(pages.length).toBeLessThanOrEqual(Math.ceil(200 / 100) + runs);
    expect(total(h, chat)).toBe(world.messageCount(chat));
  });

  it("a rename and a new forum post show at once, the post counted without a poll", async () => {
    const polls = guildPolls(h, guild.id);
    world.renameChannel(quiet, "静かな部屋");
    const post = world.addThread(forum, { name: "新しい投稿", type: 11 }).id;
    world.addMessagesNow(post, 4);
    await waitFor("the rename and the post in /metrics", async () => {
      const samples = await h.scrape();
      const renamed = findSamples(samples, "discord_channel_messages", { channel_id: quiet })[0]?.labels.channel;
      const threads = sumSamples(samples, "discord_channel_messages", { channel_id: forum, source: "threads" });
      return renamed === "静かな部屋" && threads === world.messageCount(post) ? true : undefined;
    });
    expect(guildPolls(h, guild.id)).toBe(polls);
  });

  it("a deleted message is exact in /metrics and in the day's bucket, by a recount of that day alone", async () => {
    const ids = world.messageIds(chat);
    const victim = ids[ids.length - 10]!;
    h.fake.clearRequests();
    world.deleteMessages(chat, [victim]);
    await waitFor("the deletion in /metrics", async () =>
      sumSamples(await h.scrape(), "discord_channel_messages", { channel_id: chat }) === world.messageCount(chat)
        ? true
        : undefined,
    );
    expect(storedDays(h, chat)).toEqual(world.dailyCounts(chat));
    // Only that day's pages (the last one reaching into the day before), not the whole channel's.
    const day = utcDay(timeFromSnowflake(victim));
    const onThatDay = world.dailyCounts(chat).get(day)!;
    const dayPages = Math.floor((onThatDay.human + onThatDay.bot) / 100) + 1;
    const pages = filterRequests(h.fake.requests, { route: "/channels/:id/messages" }).length;
    expect(pages).toBeLessThanOrEqual(dayPages + 1);
    expect(pages).toBeLessThan(world.messageCount(chat) / 100);
  });

  it("a bulk deletion across several days is exact, day by day", async () => {
    const ids = world.messageIds(chat);
    // Old messages are deleted one event each, recent ones in a MESSAGE_DELETE_BULK: both kinds here.
    const victims = [ids[10]!, ids[300]!, ids[301]!, ids[900]!, ...ids.slice(-30, -20)];
    world.deleteMessages(chat, victims);
    await waitFor(
      "every deleted day recounted",
      async () => {
        await h.exporter.gateway?.live?.idle();
        return total(h, chat) === world.messageCount(chat) ? true : undefined;
      },
      60_000,
    );
    expect(storedDays(h, chat)).toEqual(world.dailyCounts(chat));
    expect(sumSamples(await h.scrape(), "discord_channel_messages", { channel_id: chat })).toBe(
      world.messageCount(chat),
    );
  });

  it("deletions beside a running recount: exact once both are done", async () => {
    const env = {
      DISCORD_TOKEN: TEST_TOKEN,
      DISCORD_GUILD_ID: guild.id,
      DISCORD_API_URL: h.fake.url,
      DATABASE_PATH: h.config.databasePath,
    };
    // Slow pages: the recount's backward walk takes about half a second, and the deletions land in it, once its
    // first pages were answered (the process takes longer than that to start).
    h.fake.setFaults({ latencyMs: 25, onlyPaths: /\/messages$/ });
    h.fake.clearRequests();
    const recount = runScript("src/cli/main.ts", ["recount", "--channel", "chat"], env);
    await waitFor("the recount's walk under way", () =>
      filterRequests(h.fake.requests, { route: "/channels/:id/messages" }).length >= 2 ? true : undefined,
    );
    const ids = world.messageIds(chat);
    world.deleteMessages(chat, [ids[5]!, ids[ids.length - 3]!]);
    const result = await recount;
    expect(result.code, result.stderr).toBe(0);
    h.fake.setFaults({});
    await h.exporter.gateway?.live?.idle();
    expect(total(h, chat)).toBe(world.messageCount(chat));
    expect(storedDays(h, chat)).toEqual(world.dailyCounts(chat));
  });

  it("a dropped connection resumes, and the events sent meanwhile are replayed and acted on", async () => {
    const mark = h.fake.gateway.mark();
    h.fake.gateway.dropConnections();
    world.addMessagesNow(quiet, 6);
    await h.fake.gateway.waitForResume({ since: mark });
    await waitFor("the replayed message in the counts", async () => {
      await h.exporter.gateway?.live?.idle();
      return total(h, quiet) === world.messageCount(quiet) ? true : undefined;
    });
  });

  it("after a session that could not resume, what was missed is caught up by the next sync", async () => {
    h.fake.gateway.invalidateSessions(false);
    world.addMessagesNow(quiet, 9);
    world.deleteMessages(quiet, world.messageIds(quiet).slice(0, 2));
    await h.exporter.loop.syncNow();
    await h.exporter.loop.backfills.idle();
    // New messages are caught up by the sync; a deletion while away only by a recount (documented).
    expect(total(h, quiet)).toBe(world.messageCount(quiet) + 2);
  });
});

describe("deletions in the middle of a backfill", () => {
  const { world, big, started } = backfillingChannel({ seed: 1402, messages: 5000, days: 400, pageLatencyMs: 15 });
  let h: Harness;
  beforeAll(async () => {
    h = await started();
  });
  afterAll(async () => h?.close());

  it("deleting counted and not yet counted messages while the backfill runs: exact at the end, day by day", async () => {
    const ids = world.messageIds(big);
    // The newest are counted already; the oldest not yet.
    world.deleteMessages(big, [...ids.slice(-50, -45), ids[100]!, ids[2500]!]);
    h.fake.setFaults({});
    await h.exporter.loop.backfills.idle();
    await h.exporter.gateway?.live?.idle();
    await h.exporter.loop.syncNow();
    await h.exporter.loop.backfills.idle();
    await h.exporter.gateway?.live?.idle();
    expect(total(h, big)).toBe(world.messageCount(big));
    expect(storedDays(h, big)).toEqual(world.dailyCounts(big));
  });
});

describe("a deletion corrected while the backfill keeps moving the cursor", () => {
  // 6,000 messages at 120 ms a page: a backfill of about 7 s, far longer than the day recount's delay, so the
  // recount walks and writes while the backfill cursor moves (the write used to be refused as "cursor moved" five
  // times over, and the deletion was lost).
  const { world, big, started } = backfillingChannel({ seed: 1403, messages: 6000, days: 300, pageLatencyMs: 120 });
  let h: Harness;
  beforeAll(async () => {
    h = await started();
  });
  afterAll(async () => h?.close());

  it("corrects the day of the newest counted messages before the backfill ends, and is exact at the end", async () => {
    const deleted = world.messageIds(big).slice(-30, -25);
    const day = utcDayOfSnowflake(deleted[0]!);
    world.deleteMessages(big, deleted);
    const truth = world.dailyCounts(big).get(day);
    const cursorsSeen = new Set<string>();
    await waitFor(
      "the deleted messages' day corrected",
      () => {
        cursorsSeen.add(backfillCursor(h, big) ?? "done");
        const stored = storedDays(h, big).get(day);
        return stored?.human === truth?.human && stored?.bot === truth?.bot ? true : undefined;
      },
      30_000,
    );
    const backfillRunning = backfillCursor(h, big) !== null;
    console.log(
      `day ${day} corrected while the backfill ${backfillRunning ? "still ran" : "had ended"}; ` +
        `${cursorsSeen.size} backfill cursors seen meanwhile`,
    );
    // The moment this test aims at: the backfill moved its cursor while the day was recounted, and still runs.
    expect(backfillRunning).toBe(true);
    expect(cursorsSeen.size).toBeGreaterThan(1);
    h.fake.setFaults({});
    await h.exporter.loop.backfills.idle();
    await h.exporter.gateway?.live?.idle();
    expect(total(h, big)).toBe(world.messageCount(big));
    expect(storedDays(h, big)).toEqual(world.dailyCounts(big));
  });
});

function backfillCursor(h: Harness, channelId: string): string | null {
  const row = h.store.sqlite
    .prepare("SELECT backfill_before_id AS b, backfill_done AS done FROM channels WHERE id = ?")
    .get(channelId) as { b: string | null; done: number } | undefined;
  return row && row.done === 0 ? row.b : null;
}

/**
 * One text channel of history and an exporter (live updates, the scaled-down timings) started on it, returned once its
 * backfill is under way; every page answered after pageLatencyMs, so the backfill lasts while the test acts.
 */
function backfillingChannel(spec: { seed: number; messages: number; days: number; pageLatencyMs: number }) {
  const world = new World({ seed: spec.seed });
  const guild = world.addGuild({ name: "Backfilling", memberCount: 5, presenceCount: 1 });
  const big = world.addChannel(guild.id, { name: "big", type: 0 }).id;
  world.addMessages(big, spec.messages, { fromMs: now - spec.days * DAY, toMs: now - 60_000, botRatio: 0.1 });
  const started = async () => {
    const h = await startHarness(
      world,
      [guild.id],
      { liveUpdates: true },
      { gateway: { heartbeatIntervalMs: 500 }, faults: { latencyMs: spec.pageLatencyMs, onlyPaths: /\/messages$/ } },
      // The day recounts start while the backfill still moves its cursor.
      { liveTimings: TIMINGS },
    );
    await waitFor("the backfill under way", () => (backfillCursor(h, big) ? true : undefined));
    return h;
  };
  return { world, big, started };
}
