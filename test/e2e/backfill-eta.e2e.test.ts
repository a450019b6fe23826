// discord_exporter_backfill_eta_seconds during a real, slowed-down first count: absent until a minute of
// observations, then a positive estimate, 0 once the count is done.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { World } from "../../fake-discord/world.js";
import { createBackfillReader } from "../../src/store/backfill-read.js";
import { type Harness, startHarness } from "../helpers/exporter-harness.js";
import { waitFor } from "../helpers/exporter-process.js";
import { findSamples } from "../helpers/parse-metrics.js";

const YEAR = 365 * 86_400_000;
const now = Date.now();

describe("the first count's estimated time to finish", () => {
  const world = new World({ seed: 77 });
  const guild = world.addGuild({ name: "ETA" });
  const big = world.addChannel(guild.id, { name: "big", type: 0 }).id;
  world.addMessages(big, 8_000, { fromMs: now - 3 * YEAR, toMs: now - 60_000 });
  // The exporter's clock runs ahead on demand: a minute of observations without waiting a minute.
  let offset = 0;
  let h: Harness;
  const eta = async () =>
    findSamples(await h.scrape(), "discord_exporter_backfill_eta_seconds", { guild_id: guild.id });
  const counted = () =>
    h.store.sqlite
      .prepare("SELECT human_messages + bot_messages FROM channels WHERE id = ?")
      .pluck()
      .get(big) as number;

  beforeAll(async () => {
    // 80 pages of 50 ms each: about 4 s of backfill.
    h = await startHarness(
      world,
      [guild.id],
      {},
      { faults: { latencyMs: 50, onlyPaths: new RegExp(`^/channels/${big}/messages`) } },
      { clock: () => Date.now() + offset },
    );
    await h.exporter.loop.syncNow();
    await waitFor("the first backfill page", () => (counted() > 0 ? true : undefined));
  });
  afterAll(async () => h?.close());

  it("is absent while the observations span less than a minute, then positive, then 0 when done", async () => {
    expect(await eta()).toEqual([]);
    const before = counted();
    await waitFor("more pages", () => (counted() >= before + 500 ? true : undefined));
    offset += 61_000;
    const estimate = await eta();
    // Mid-count, the reads the estimate is made from agree with the channel's row.
    const reader = createBackfillReader(h.store);
    const midway = counted();
    expect(reader.readCountedByGuild().get(guild.id)).toBe(midway);
    expect(reader.readUnfinished().map((row) => [row.id, row.counted])).toEqual([[big, midway]]);
    expect(counted()).toBeLessThan(8_000);
    expect(estimate).toHaveLength(1);
    expect(estimate[0]!.value).toBeGreaterThan(0);
    expect(Number.isInteger(estimate[0]!.value)).toBe(true);
    await h.exporter.loop.backfills.idle();
    expect(counted()).toBe(8_000);
    expect((await eta()).map((s) => s.value)).toEqual([0]);
    // What the guild's pace is measured from: every message of the fake, counted once.
    expect(createBackfillReader(h.store).readCountedByGuild()).toEqual(new Map([[guild.id, world.messageCount(big)]]));
  });
});
