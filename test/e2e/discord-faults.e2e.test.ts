import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { World } from "../../fake-discord/world.js";
import { type Harness, startHarness } from "../helpers/exporter-harness.js";
import { findSamples, type Sample, sumSamples } from "../helpers/parse-metrics.js";

const DAY = 86_400_000;
const now = Date.now();

function buildWorld() {
  const world = new World({ seed: 5 });
  const guild = world.addGuild({ name: "Faults", memberCount: 77, presenceCount: 7 });
  const channels = ["alpha", "beta", "gamma", "delta"].map((name) => world.addChannel(guild.id, { name, type: 0 }).id);
  for (const [i, id] of channels.entries())
    world.addMessages(id, 900 + 250 * i, { fromMs: now - 400 * DAY, toMs: now - DAY, botRatio: 0.2 });
  return { world, guildId: guild.id, channels };
}

function expectExact(samples: Sample[], world: World, channels: string[]) {
  for (const id of channels) {
    expect(sumSamples(samples, "discord_channel_messages", { channel_id: id, author: "human" }), id).toBe(
      world.messageCount(id, { bot: false }),
    );
    expect(sumSamples(samples, "discord_channel_messages", { channel_id: id, author: "bot" }), id).toBe(
      world.messageCount(id, { bot: true }),
    );
  }
}

/** Syncs until no channel is backfilling or the budget runs out, as the poll loop would over time. */
async function syncUntilSettled(h: Harness, maxSyncs: number) {
  for (let i = 0; i < maxSyncs; i++) {
    await h.exporter.loop.syncNow();
    await h.exporter.loop.backfills.idle();
    const samples = await h.scrape();
    const backfilling = sumSamples(samples, "discord_exporter_channels", { state: "backfilling" });
    const lastSync = findSamples(samples, "discord_exporter_syncs_total", { result: "success" })[0]?.value ?? 0;
    if (backfilling === 0 && lastSync > 0) return i + 1;
  }
  return maxSyncs;
}

describe("transient Discord faults never stop the exporter and counts end exact", () => {
  const w = buildWorld();
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness(
      w.world,
      [w.guildId],
      { requestTimeoutMs: 400 },
      {
        faults: { errorRate: 0.15, resetRate: 0.05, hangRate: 0.02, forced429: 25, latencyMs: 2 },
      },
    );
  });
  afterAll(async () => h?.close());

  it("catches up through 5xx, resets, timeouts and 429 bursts, with exact counts", async () => {
    await h.settle();
    await syncUntilSettled(h, 40);
    // New messages while faults continue.
    w.world.addMessagesNow(w.channels[0]!, 333, { botRatio: 0.5 });
    w.world.addMessagesNow(w.channels[2]!, 45);
    await syncUntilSettled(h, 40);
    h.fake.setFaults({});
    await h.exporter.loop.syncNow();
    const samples = await h.scrape();
    expectExact(samples, w.world, w.channels);
    // The faults were real and the exporter saw them.
    const stats = h.fake.stats();
    expect(stats.rateLimited).toBeGreaterThanOrEqual(25);
    expect(sumSamples(samples, "discord_exporter_discord_requests_total", { status: "429" })).toBeGreaterThanOrEqual(
      25,
    );
    const serverErrors = ["500", "502", "503"].reduce(
      (sum, status) => sum + sumSamples(samples, "discord_exporter_discord_requests_total", { status }),
      0,
    );
    expect(serverErrors).toBeGreaterThan(0);
  });

  it("keeps serving the last known values while Discord is down, and records the failures", async () => {
    const before = await h.scrape();
    w.world.addMessagesNow(w.channels[1]!, 10);
    h.fake.setFaults({ errorRate: 1 });
    await h.exporter.loop.syncNow();
    await h.exporter.loop.syncNow();
    const during = await h.scrape();
    expect(sumSamples(during, "discord_channel_messages")).toBe(sumSamples(before, "discord_channel_messages"));
    expect(findSamples(during, "discord_exporter_syncs_total", { result: "failure" })[0]?.value).toBeGreaterThanOrEqual(
      2,
    );
    const healthy = await fetch(`${h.exporter.url}/healthz`);
    expect(healthy.status).toBe(200);
    h.fake.setFaults({});
    await h.exporter.loop.syncNow();
    expectExact(await h.scrape(), w.world, w.channels);
  });
});

describe("a token Discord rejects", () => {
  const w = buildWorld();
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness(w.world, [w.guildId], { token: "wrong-token-0123456789abcdef" });
  });
  afterAll(async () => h?.close());

  it("fails the sync without crashing and without retrying in a loop", async () => {
    await h.settle();
    const requests = h.fake.requests.length;
    expect(requests).toBeLessThanOrEqual(4);
    expect(h.fake.requests.every((r) => r.status === 401)).toBe(true);
    const samples = await h.scrape();
    expect(
      findSamples(samples, "discord_exporter_syncs_total", { result: "failure" })[0]?.value,
    ).toBeGreaterThanOrEqual(1);
  });
});
