/**
 * 2. First full count: the exporter process (production REST defaults: discord.js's 50 requests/s throttle) counts a
 * guild from scratch against Discord-like limits; wall time next to the floor those limits allow.
 */
import type Database from "better-sqlite3";
import fs from "node:fs";
import path from "node:path";
import type { FakeDiscord, World } from "../../fake-discord/index.js";
import { openReadonly, readProgress } from "../lib/db.js";
import { DISCORD_LIKE, describeLimits, requestsPerBucket, startBenchFake, summarize } from "../lib/fake.js";
import { fixed, int, seconds, sleep } from "../lib/format.js";
import { productionArgs, readProcCpuSeconds, spawnCommand, spawnExporter } from "../lib/proc.js";
import type { Figure, Scenario, ScenarioContext, ScenarioResult } from "../lib/types.js";
import { addGuild, createWorld, skewedCounts, YEAR_MS } from "../lib/worlds.js";

interface Size {
  channels: number;
  total: number;
  huge: number;
  hugeSize: number;
}

const FULL: Size = { channels: 200, total: 1_000_000, huge: 3, hugeSize: 200_000 };
const QUICK: Size = { channels: 20, total: 10_000, huge: 3, hugeSize: 2_000 };

/** Concurrency settings measured; the runs share the machine (each has its own fake, limits and process). */
const CONCURRENCIES = [5, 10, 20];

interface RunOutcome {
  concurrency: number;
  wallMs: number;
  requests: number;
  tooMany: number;
  globalTooMany: number;
  forbidden: number;
  floorMs: number;
  globalFloorMs: number;
  bucketFloorMs: number;
  worstBucket: string;
  counted: number;
  /** When only the huge channels were still backfilling, and how far they were. */
  smallDoneMs: number | null;
  hugePagesAtSmallDone: number;
  cpuSeconds: number | null;
  /** Pages per second of the busiest channel once the smaller channels were done (its bucket allows 5). */
  aloneRate: number | null;
  timeline: string[];
  command: string;
}

async function runOnce(
  world: World,
  guildId: string,
  hugeIds: readonly string[],
  size: Size,
  concurrency: number,
  ctx: ScenarioContext,
): Promise<RunOutcome> {
  const fake: FakeDiscord = await startBenchFake(world, DISCORD_LIKE);
  const dir = path.join(ctx.tmpDir, `c${concurrency}`);
  fs.mkdirSync(dir, { recursive: true });
  const databasePath = path.join(dir, "exporter.db");
  const options = { apiUrl: fake.url, databasePath, guildIds: [guildId], concurrency };
  const command = spawnCommand(options, 0);
  const started = Date.now();
  const proc = await spawnExporter(options);
  let db: Database.Database | null = null;
  let smallDoneMs: number | null = null;
  let hugePagesAtSmallDone = 0;
  const timeline: string[] = [];
  let nextMark = started;
  let endedAt = 0;
  let counted = 0;
  const hugePages = () => {
    const buckets = requestsPerBucket(fake.requests);
    return hugeIds.map((id) => buckets.get(`GET /channels/:id/messages ${id}`) ?? 0);
  };
  try {
    for (;;) {
      await sleep(250);
      if (db === null && fs.existsSync(databasePath)) {
        try {
          db = openReadonly(databasePath);
        } catch {
          db = null;
        }
      }
      if (db === null) continue;
      let progress: ReturnType<typeof readProgress>;
      try {
        progress = readProgress(db);
      } catch {
        continue; // tables not migrated yet
      }
      const now = Date.now();
      if (smallDoneMs === null && progress.channels === size.channels && progress.backfilling <= size.huge) {
        smallDoneMs = now - started;
        hugePagesAtSmallDone = Math.min(...hugePages());
      }
      if (now >= nextMark) {
        timeline.push(
          `t=${fixed((now - started) / 1000, 0)} s: ${int(fake.requests.length)} requests, ${int(progress.counted)} messages counted, ${progress.backfilling} channels backfilling, huge channels' pages ${hugePages().join("/")}`,
        );
        nextMark += ctx.quick ? 2_000 : 30_000;
      }
      if (progress.channels === size.channels && progress.backfilling === 0) {
        endedAt = now;
        counted = progress.counted;
        break;
      }
      if (now - started > 40 * 60_000)
        throw new Error(`first count with CONCURRENCY=${concurrency} did not finish in 40 min`);
    }
  } finally {
    db?.close();
  }
  const cpuSeconds = readProcCpuSeconds(proc.pid);
  await proc.stop();
  const log = [...fake.requests];
  const stats = fake.stats();
  await fake.close();

  const summary = summarize(log);
  const answered = log.filter((entry) => entry.status !== 429).length;
  const buckets = requestsPerBucket(log);
  let worstBucket = "";
  let worstCount = 0;
  for (const [bucket, count] of buckets) {
    if (count > worstCount) {
      worstCount = count;
      worstBucket = bucket;
    }
  }
  const globalFloorMs = (answered / DISCORD_LIKE.globalPerSecond) * 1000;
  const bucketFloorMs = (worstCount / DISCORD_LIKE.perRoute.limit) * DISCORD_LIKE.perRoute.windowMs;
  const wallMs = endedAt - started;
  const worstTimes = log
    .filter(
      (entry) =>
        entry.status !== 429 &&
        `${entry.method} ${entry.route} ${/^\/channels\/(\d+)/.exec(entry.path)?.[1]}` === worstBucket,
    )
    .map((entry) => entry.at)
    .filter((at) => smallDoneMs !== null && at >= started + smallDoneMs);
  const aloneRate =
    worstTimes.length > 10
      ? ((worstTimes.length - 1) / ((worstTimes.at(-1) ?? 0) - (worstTimes[0] ?? 0))) * 1000
      : null;
  timeline.push(`t=${fixed(wallMs / 1000, 1)} s: done, ${int(log.length)} requests`);
  return {
    concurrency,
    wallMs,
    requests: log.length,
    tooMany: stats.rateLimited,
    globalTooMany: stats.globalRateLimited,
    forbidden: summary.forbidden,
    floorMs: Math.max(globalFloorMs, bucketFloorMs),
    globalFloorMs,
    bucketFloorMs,
    worstBucket: `${worstBucket} (${int(worstCount)} requests)`,
    counted,
    smallDoneMs,
    hugePagesAtSmallDone,
    cpuSeconds,
    aloneRate,
    timeline,
    command,
  };
}

/** How long the busiest bucket's requests take at the rate the REST client reached on it once alone. */
function aloneMs(run: RunOutcome): number {
  const requests = (run.bucketFloorMs * DISCORD_LIKE.perRoute.limit) / DISCORD_LIKE.perRoute.windowMs;
  return (requests / (run.aloneRate ?? DISCORD_LIKE.perRoute.limit)) * 1000;
}

export const scenario: Scenario = {
  name: "first-count",
  title: "2. First full count",
  async run(ctx): Promise<ScenarioResult> {
    const size = ctx.quick ? QUICK : FULL;
    const world = createWorld(2);
    const counts = skewedCounts(size.total, size.channels, size.huge, size.hugeSize);
    const built = addGuild(world, { name: "first-count", channelMessages: counts, historyMs: 3 * YEAR_MS });
    const hugeIds = built.channelIds.slice(0, size.huge);
    ctx.log(
      `first count: ${size.channels} channels, ${int(built.totalMessages)} messages; CONCURRENCY ${CONCURRENCIES.join(", ")} in parallel`,
    );

    const outcomes = await Promise.all(CONCURRENCIES.map((c) => runOnce(world, built.guildId, hugeIds, size, c, ctx)));

    const figures: Figure[] = [];
    const details: string[] = [];
    for (const run of outcomes) {
      const ratio = run.wallMs / run.floorMs;
      const prefix = `CONCURRENCY=${run.concurrency}`;
      figures.push({
        label: `${prefix}: wall time to "no channel backfilling"`,
        value: seconds(run.wallMs),
        note: `${int(run.requests)} requests (${int(run.forbidden)} of them 403 on private archived threads); ${int(run.counted)} of ${int(built.totalMessages)} messages counted`,
      });
      figures.push({
        label: `${prefix}: wall / floor`,
        value: `${fixed(ratio, 2)} (floor ${seconds(run.floorMs)})`,
        target: "≤ 1.2",
        met: ratio <= 1.2,
        note:
          `floor = max(${int(run.requests - run.tooMany)} requests / 50 per s = ${seconds(run.globalFloorMs)}, busiest bucket ${run.worstBucket} / 5 per s = ${seconds(run.bucketFloorMs)})` +
          (run.aloneRate === null
            ? ""
            : `; at the ${fixed(run.aloneRate, 2)} pages/s the REST client actually reaches on one bucket, that bucket alone needs ${seconds(aloneMs(run))} (wall ÷ that = ${fixed(run.wallMs / aloneMs(run), 2)})`),
      });
      if (run.aloneRate !== null) {
        figures.push({
          label: `${prefix}: busiest channel's page rate once the smaller channels were done`,
          value: `${fixed(run.aloneRate, 2)} pages/s`,
          note: "its bucket allows 5 per s; @discordjs/rest waits Reset-After plus twice its 50 ms offset before the next window",
        });
      }
      const routeTooMany = run.tooMany - run.globalTooMany;
      figures.push({
        label: `${prefix}: 429 answers`,
        value: `${int(routeTooMany)} per-route, ${int(run.globalTooMany)} global (of ${int(run.requests)} requests)`,
        target: "0 beyond what the headers make unavoidable",
        met: routeTooMany === 0,
        note:
          run.globalTooMany === 0
            ? ""
            : "per-route buckets are announced in the headers (0 there is the target); the global limit is not: requests sent late in discord.js's 1-s window land in the fake's next window. Only a client throttle under 50/s would avoid them",
      });
      details.push(
        `**CONCURRENCY=${run.concurrency}** — \`${run.command}\`; exporter CPU ${run.cpuSeconds === null ? "?" : `${fixed(run.cpuSeconds, 1)} s`}. ` +
          (run.smallDoneMs === null
            ? ""
            : `All ${size.channels - size.huge} smaller channels were done after ${seconds(run.smallDoneMs)}; the ${size.huge} huge channels had then fetched ${int(run.hugePagesAtSmallDone)} of their ${int(size.hugeSize / 100 + 1)} pages each (at their bucket's limit that would take ${seconds((run.hugePagesAtSmallDone / DISCORD_LIKE.perRoute.limit) * DISCORD_LIKE.perRoute.windowMs)}); from then on they ran alone.`),
        run.timeline.map((line) => `- ${line}`).join("\n"),
      );
    }
    return {
      setup: [
        `guild: ${size.channels} text channels, ${int(built.totalMessages)} messages over 3 years: ${size.huge} channels of ${int(size.hugeSize)}, the other ${size.channels - size.huge} between ${int(Math.min(...counts))} and ${int(Math.max(...counts.slice(size.huge)))}`,
        describeLimits(DISCORD_LIKE),
        `exporter: its own process (\`node ${productionArgs().join(" ")}\`), production REST defaults (@discordjs/rest global throttle 50/s, 50 ms offset), fresh database`,
        `CONCURRENCY ${CONCURRENCIES.join(", ")} measured at the same time, each with its own fake server (own rate-limit state), process and database; the runs are rate-limit bound, not CPU bound (exporter CPU time below)`,
        "end: polled every 250 ms on a read-only connection to the database: every channel stored and none in state backfilling",
      ],
      figures,
      details,
    };
  },
};
