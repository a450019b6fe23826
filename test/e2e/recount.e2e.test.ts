import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { World } from "../../fake-discord/world.js";
import { type Harness, startHarness, TEST_TOKEN } from "../helpers/exporter-harness.js";
import { runCliInProcess } from "../helpers/cli.js";
import { runScript } from "../helpers/exporter-process.js";
import { sumSamples } from "../helpers/parse-metrics.js";
import { readStoredDays } from "../helpers/daily-rows.js";

const DAY = 86_400_000;
const now = Date.now();

describe("npm run recount, beside a running exporter on the same database", () => {
  const world = new World({ seed: 31 });
  const guild = world.addGuild({ name: "Recount", memberCount: 10, presenceCount: 1 });
  const general = world.addChannel(guild.id, { name: "general", type: 0 }).id;
  const other = world.addChannel(guild.id, { name: "other", type: 0 }).id;
  const thread = world.addThread(general, { name: "a thread", type: 11, createdAtMs: now - 30 * DAY }).id;
  world.addMessages(general, 6000, { fromMs: now - 700 * DAY, toMs: now - DAY, botRatio: 0.3 });
  world.addMessages(other, 800, { fromMs: now - 300 * DAY, toMs: now - DAY });
  world.addMessages(thread, 250, { fromMs: now - 29 * DAY, toMs: now - DAY });
  let h: Harness;
  let env: Record<string, string>;

  beforeAll(async () => {
    h = await startHarness(world, [guild.id]);
    await h.settle();
    env = {
      DISCORD_TOKEN: TEST_TOKEN,
      DISCORD_GUILD_ID: guild.id,
      DISCORD_API_URL: h.fake.url,
      DATABASE_PATH: h.config.databasePath,
    };
  });
  afterAll(async () => h?.close());

  it("swaps in exact counts, reports the deleted messages, and loses nothing that arrived meanwhile", async () => {
    const ids = world.messageIds(general);
    world.deleteMessages(general, ids.slice(1000, 1037));
    world.deleteMessages(thread, world.messageIds(thread).slice(0, 5));
    // Latency makes the recount take a while, so live syncs with new messages run during it.
    h.fake.setFaults({ latencyMs: 3 });
    const recount = runScript("src/cli/main.ts", ["recount", "--channel", "general"], env);
    let live = 0;
    let done = false;
    void recount.then(() => {
      done = true;
    });
    while (!done) {
      world.addMessagesNow(general, 40, { botRatio: 0.5 });
      await h.exporter.loop.syncNow();
      live++;
      await new Promise((resolve) => setTimeout(resolve, 30));
    }
    const result = await recount;
    h.fake.setFaults({});
    expect(result.code, result.stderr).toBe(0);
    expect(live).toBeGreaterThan(1);
    const lines = result.stdout.split("\n");
    expect(lines[0]).toMatch(/^channel\s+id\s+old\s+new\s+deleted$/);
    expect(lines.find((line) => line.includes(general))).toMatch(
      new RegExp(`^general\\s+${general}\\s+\\d+\\s+\\d+\\s+37$`),
    );
    expect(lines.find((line) => line.includes(thread))).toMatch(/\s5$/);
    expect(result.stdout).toContain("2 channel(s) recounted, 42 messages deleted since they were counted");
    expect(result.stderr).toContain("recount: general: 100%");

    await h.exporter.loop.syncNow();
    const samples = await h.scrape();
    for (const id of [general, other]) {
      expect(
        sumSamples(samples, "discord_channel_messages", { channel_id: id, source: "channel", author: "human" }),
      ).toBe(world.messageCount(id, { bot: false }));
      expect(
        sumSamples(samples, "discord_channel_messages", { channel_id: id, source: "channel", author: "bot" }),
      ).toBe(world.messageCount(id, { bot: true }));
    }
    expect(sumSamples(samples, "discord_channel_messages", { channel_id: general, source: "threads" })).toBe(
      world.messageCount(thread),
    );
    const days = readStoredDays(h.store.sqlite, general);
    expect(days).toEqual(
      [...world.dailyCounts(general)]
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([day, c]) => ({ day, human: c.human, bot: c.bot })),
    );
  }, 120_000);

  it("rejects an unknown channel or guild with a clear error and changes nothing", async () => {
    const before = await h.scrapeText();
    const unknownChannel = await runCliInProcess(["recount", "--channel", "nope"], env);
    expect(unknownChannel.code).toBe(2);
    expect(unknownChannel.stderr.trim()).toBe(
      "recount: unknown channel nope: not in this database (run the exporter first, or check --guild)",
    );
    const unknownGuild = await runCliInProcess(["recount", "--guild", "999999999999999999", "--all"], env);
    expect(unknownGuild.code).toBe(2);
    expect(unknownGuild.stderr.trim()).toBe(
      "recount: unknown guild 999999999999999999: the exporter has not synced it into this database",
    );
    const nothing = await runCliInProcess(["recount"], env);
    expect(nothing.code).toBe(2);
    expect(nothing.stderr.trim()).toBe("recount: nothing to recount: name --channel ID|NAME, --guild ID, or --all");
    const badFlag = await runCliInProcess(["recount", "--chanel", "x"], env);
    expect(badFlag.code).toBe(2);
    expect(badFlag.stderr).toContain("unknown option '--chanel'");
    expect(await h.scrapeText()).toBe(before);
  });

  it("prints help", async () => {
    const help = await runCliInProcess(["recount", "--help"], env);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain("--channel <id|name>");
    expect(help.stdout).toContain("--all");
  });
});

describe("scheduled recount (RECONCILE_INTERVAL)", () => {
  const world = new World({ seed: 32 });
  const guild = world.addGuild({ name: "Scheduled", memberCount: 10, presenceCount: 1 });
  const channels = ["a", "b"].map((name) => world.addChannel(guild.id, { name, type: 0 }).id);
  for (const id of channels) world.addMessages(id, 700, { fromMs: now - 200 * DAY, toMs: now - DAY, botRatio: 0.2 });
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness(world, [guild.id], { recountIntervalMs: 3_600_000 });
    await h.settle();
  });
  afterAll(async () => h?.close());

  it("recounts every channel in the background and corrects deletions the incremental sync cannot see", async () => {
    world.deleteMessages(channels[0]!, world.messageIds(channels[0]!).slice(10, 60));
    world.deleteMessages(channels[1]!, world.messageIds(channels[1]!).slice(0, 3));
    await h.exporter.loop.syncNow();
    const stale = await h.scrape();
    expect(sumSamples(stale, "discord_channel_messages", { channel_id: channels[0]! })).toBe(700);
    await h.exporter.loop.recountNow();
    const fresh = await h.scrape();
    for (const id of channels) {
      expect(sumSamples(fresh, "discord_channel_messages", { channel_id: id, author: "human" })).toBe(
        world.messageCount(id, { bot: false }),
      );
      expect(sumSamples(fresh, "discord_channel_messages", { channel_id: id, author: "bot" })).toBe(
        world.messageCount(id, { bot: true }),
      );
    }
  });
});
