/**
 * 6. Many guilds: 100 guilds × 20 channels in one exporter, first sync and an idle sync, against Discord-like limits
 * with the production REST defaults.
 */
import path from "node:path";
import { DISCORD_LIKE, describeLimits, describeRoutes, startBenchFake, summarize } from "../lib/fake.js";
import { fixed, int, seconds } from "../lib/format.js";
import { startInProcess } from "../lib/inproc.js";
import type { Figure, Scenario, ScenarioResult } from "../lib/types.js";
import { addGuild, createWorld, YEAR_MS } from "../lib/worlds.js";

const FULL = { guilds: 100, channels: 20, messages: 50 };
const QUICK = { guilds: 10, channels: 5, messages: 50 };

export const scenario: Scenario = {
  name: "many-guilds",
  title: "6. Many guilds",
  async run(ctx): Promise<ScenarioResult> {
    const size = ctx.quick ? QUICK : FULL;
    const world = createWorld(6);
    const guildIds: string[] = [];
    for (let g = 0; g < size.guilds; g++) {
      const built = addGuild(world, {
        name: `guild-${g}`,
        channelMessages: Array.from({ length: size.channels }, () => size.messages),
        historyMs: YEAR_MS,
      });
      guildIds.push(built.guildId);
    }
    const fake = await startBenchFake(world, DISCORD_LIKE);
    const databasePath = path.join(ctx.tmpDir, "exporter.db");
    ctx.log(`${size.guilds} guilds × ${size.channels} channels: first sync`);
    const t0 = performance.now();
    const running = await startInProcess({ apiUrl: fake.url, databasePath, guildIds });
    const loop = running.exporter.loop;
    await loop.syncNow();
    const firstSyncMs = performance.now() - t0;
    const firstSync = summarize(fake.requests);
    await loop.backfills.idle();
    const countedMs = performance.now() - t0;
    const firstAll = summarize(fake.requests);
    const firstStats = fake.stats();

    ctx.log("idle syncs");
    const idle: { ms: number; requests: number; tooMany: number; routes: string }[] = [];
    for (let i = 0; i < 2; i++) {
      fake.clearRequests();
      const before = fake.stats().rateLimited;
      const t1 = performance.now();
      await loop.syncNow();
      const summary = summarize(fake.requests);
      idle.push({
        ms: performance.now() - t1,
        requests: summary.total,
        tooMany: fake.stats().rateLimited - before,
        routes: describeRoutes(summary),
      });
    }
    const counted = (
      running.store.sqlite
        .prepare("SELECT coalesce(sum(human_messages + bot_messages), 0) AS n FROM channels")
        .get() as { n: number }
    ).n;
    await running.stop({ closeStore: true });
    await fake.close();

    const expected = size.guilds * size.channels * size.messages;
    const idleTarget = 3 * size.guilds;
    const idleFloorMs = (idleTarget / DISCORD_LIKE.globalPerSecond) * 1000;
    const worstIdle = idle.reduce((a, b) => (b.requests > a.requests ? b : a));
    const figures: Figure[] = [
      {
        label: "first sync: time until the sync returned",
        value: seconds(firstSyncMs),
        note: `${int(firstSync.total)} requests by then: ${describeRoutes(firstSync)}`,
      },
      {
        label: "first sync: time until every channel was counted",
        value: seconds(countedMs),
        note: `${int(firstAll.total)} requests (floor at 50/s: ${seconds((firstAll.total / DISCORD_LIKE.globalPerSecond) * 1000)}); ${int(firstAll.forbidden)} answered 403 (private archived threads); ${int(firstStats.rateLimited)} 429s; ${int(counted)} of ${int(expected)} messages counted`,
      },
      {
        label: "idle sync: requests",
        value: idle.map((s) => int(s.requests)).join(", "),
        target: `≤ 3 per guild = ${int(idleTarget)}`,
        met: worstIdle.requests <= idleTarget,
        note: worstIdle.routes,
      },
      {
        label: "idle sync: time",
        value: idle.map((s) => seconds(s.ms)).join(", "),
        note: `floor at 50/s: ${seconds(idleFloorMs)} (ratio ${fixed(Math.max(...idle.map((s) => s.ms)) / idleFloorMs, 2)}); 429s: ${idle.map((s) => s.tooMany).join(", ")}`,
      },
    ];
    return {
      setup: [
        `${size.guilds} guilds × ${size.channels} text channels × ${size.messages} messages (one page per channel), fresh database`,
        `exporter: in-process (startExporter, production REST defaults, CONCURRENCY 5), syncs triggered with loop.syncNow(); ${describeLimits(DISCORD_LIKE)}`,
      ],
      figures,
    };
  },
};
