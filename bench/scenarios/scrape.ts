/**
 * 3. Scrape: /metrics latency and throughput with autocannon at 1,000 and 10,000 channel series, with the exporter
 * idle and while it backfills a big channel (production minRenderIntervalMs: a changed database is rendered again at
 * most once a second).
 */
import path from "node:path";
import { gunzipSync } from "node:zlib";
import autocannon from "autocannon";
import type { World } from "../../fake-discord/index.js";
import { DISCORD_LIKE, describeLimits, startBenchFake } from "../lib/fake.js";
import { fixed, int, kb, ms, waitUntil } from "../lib/format.js";
import { settle, startInProcess, UNTHROTTLED_REST } from "../lib/inproc.js";
import { countSeries, fetchMetrics, getRaw, sampleValue } from "../lib/metrics-text.js";
import { productionArgs, spawnExporter, waitForFirstSync } from "../lib/proc.js";
import type { Figure, Scenario, ScenarioContext, ScenarioResult } from "../lib/types.js";
import { addGuild, createWorld, DAY_MS, YEAR_MS } from "../lib/worlds.js";

const FULL = { series: [1_000, 10_000], durationS: 10, bigChannel: 1_000_000 };
const QUICK = { series: [100, 1_000], durationS: 2, bigChannel: 100_000 };
/** Prometheus scrapes over one connection; ten show how concurrent scrapers queue behind a render. */
const CONNECTIONS = [1, 10];
const P99_TARGET_MS = 20;

/** autocannon records latencies in whole milliseconds: 0 means under 1 ms. */
function whole(value: number): string {
  return value < 1 ? "<1 ms" : `${Math.round(value)} ms`;
}

interface Load {
  connections: number;
  p50: number;
  p99: number;
  max: number;
  rps: number;
  total: number;
  errors: number;
}

async function load(url: string, connections: number, durationS: number): Promise<Load> {
  const result = await autocannon({
    url: `${url}/metrics`,
    connections,
    duration: durationS,
    // What Prometheus sends: it always asks for gzip.
    headers: { "accept-encoding": "gzip" },
  });
  return {
    connections,
    p50: result.latency.p50,
    p99: result.latency.p99,
    max: result.latency.max,
    rps: result.requests.average,
    total: result.requests.total,
    errors: result.errors + result.non2xx + result.timeouts,
  };
}

interface SizeOutcome {
  channels: number;
  series: number;
  bodyBytes: number;
  gzipBytes: number;
  renderMs: number;
  idle: Load[];
  backfill: Load[];
  backfillMessages: number;
}

async function measureSize(world: World, seriesTarget: number, ctx: ScenarioContext): Promise<SizeOutcome> {
  const size = ctx.quick ? QUICK : FULL;
  const channels = seriesTarget / 2;
  const built = addGuild(world, {
    name: `scrape-${seriesTarget}`,
    channelMessages: Array.from({ length: channels }, () => 20),
    historyMs: YEAR_MS,
  });
  const databasePath = path.join(ctx.tmpDir, `scrape-${seriesTarget}.db`);

  ctx.log(`${int(seriesTarget)} series: preparing ${int(channels)} channels (no rate limits)`);
  const fast = await startBenchFake(world, false);
  const prep = await startInProcess({
    apiUrl: fast.url,
    databasePath,
    guildIds: [built.guildId],
    concurrency: 20,
    rest: UNTHROTTLED_REST,
    freshRender: true,
  });
  await settle(prep.exporter);
  // The cost of one render after a change, timed over HTTP on an in-process exporter that never serves a stale body.
  const renders: number[] = [];
  let bodyBytes = 0;
  let gzipBytes = 0;
  for (let i = 0; i < 8; i++) {
    prep.store.noteWrite();
    const t0 = performance.now();
    const { body: gzipped } = await getRaw(`${prep.exporter.url}/metrics`, { "accept-encoding": "gzip" });
    if (i > 0) renders.push(performance.now() - t0); // the first one may start the render machinery
    gzipBytes = gzipped.length;
    bodyBytes = gunzipSync(gzipped).length;
  }
  renders.sort((a, b) => a - b);
  await prep.stop({ closeStore: true });
  await fast.close();

  const fake = await startBenchFake(world, DISCORD_LIKE);
  try {
    const options = { apiUrl: fake.url, databasePath, guildIds: [built.guildId] };
    let proc = await spawnExporter(options);
    let series = 0;
    const idle: Load[] = [];
    try {
      await waitForFirstSync(proc, { timeoutMs: 120_000, intervalMs: 200 });
      series = countSeries(await fetchMetrics(proc.url), "discord_channel_messages");
      for (const connections of CONNECTIONS) idle.push(await load(proc.url, connections, size.durationS));
    } finally {
      await proc.stop();
    }

    // A big channel appears; the restarted exporter starts its backfill at the first sync (5 pages/s: its bucket).
    const big = world.addChannel(built.guildId, {
      name: "big",
      type: 0,
      createdAtMs: Date.now() - 3 * YEAR_MS - DAY_MS,
    });
    world.addMessages(big.id, size.bigChannel, {
      fromMs: Date.now() - 3 * YEAR_MS,
      toMs: Date.now() - 3_600_000,
      authors: 100,
      botRatio: 0.1,
    });
    proc = await spawnExporter(options);
    const backfill: Load[] = [];
    let backfillMessages = 0;
    try {
      await waitUntil(
        "the backfill to start",
        async () =>
          (sampleValue(await fetchMetrics(proc.url), "discord_exporter_messages_counted_total", { mode: "backfill" }) ??
            0) > 0
            ? true
            : undefined,
        { timeoutMs: 120_000, intervalMs: 200 },
      );
      const before =
        sampleValue(await fetchMetrics(proc.url), "discord_exporter_messages_counted_total", { mode: "backfill" }) ?? 0;
      for (const connections of CONNECTIONS) backfill.push(await load(proc.url, connections, size.durationS));
      const text = await fetchMetrics(proc.url);
      backfillMessages =
        (sampleValue(text, "discord_exporter_messages_counted_total", { mode: "backfill" }) ?? 0) - before;
      const stillBackfilling = sampleValue(text, "discord_exporter_channels", { state: "backfilling" }) ?? 0;
      if (stillBackfilling < 1) ctx.log("warning: the backfill ended during the measurement");
    } finally {
      await proc.stop();
    }
    return {
      channels,
      series,
      bodyBytes,
      gzipBytes,
      renderMs: renders[Math.floor(renders.length / 2)] ?? 0,
      idle,
      backfill,
      backfillMessages,
    };
  } finally {
    await fake.close();
  }
}

export const scenario: Scenario = {
  name: "scrape",
  title: "3. Scrape latency",
  async run(ctx): Promise<ScenarioResult> {
    const size = ctx.quick ? QUICK : FULL;
    const world = createWorld(3);
    const figures: Figure[] = [];
    const details: string[] = [];
    for (const seriesTarget of size.series) {
      const outcome = await measureSize(world, seriesTarget, ctx);
      const describe = (l: Load) => `p50 ${whole(l.p50)}, p99 ${whole(l.p99)}, ${int(l.rps)} req/s`;
      for (const [phase, loads] of [
        ["idle", outcome.idle],
        ["backfill running", outcome.backfill],
      ] as const) {
        for (const l of loads) {
          const targeted = seriesTarget >= 10_000;
          figures.push({
            label: `${int(outcome.series)} series (${int(outcome.channels)} channels), ${phase}, ${l.connections} connection${l.connections > 1 ? "s" : ""}`,
            value: describe(l),
            target: targeted ? `p99 ≤ ${P99_TARGET_MS} ms` : undefined,
            met: targeted ? l.p99 <= P99_TARGET_MS : undefined,
            note: `max ${whole(l.max)}; ${int(l.total)} requests${l.errors > 0 ? `, ${l.errors} errors` : ""}`,
          });
        }
      }
      figures.push({
        label: `${int(outcome.series)} series: a scrape that waits for a fresh render (in-process, median of 7)`,
        value: ms(outcome.renderMs),
        note: `body ${kb(outcome.bodyBytes)}, gzipped ${kb(outcome.gzipBytes)}`,
      });
      details.push(
        `${int(outcome.series)} series: during the backfill measurement the exporter counted ${int(outcome.backfillMessages)} messages (${fixed(outcome.backfillMessages / 100 / (size.durationS * CONNECTIONS.length), 1)} pages/s): the data changed with every page, so the body was rendered again and again while the load ran.`,
      );
    }
    return {
      setup: [
        "guilds: N text channels of 20 messages each (2 series per channel: author=human and author=bot), counted beforehand without rate limits",
        `exporter: its own process (\`node ${productionArgs().join(" ")}\`, production render settings, CONCURRENCY 5) against a fake with ${describeLimits(DISCORD_LIKE).replace("fake rate limits: ", "")}`,
        `load: autocannon from the benchmark process (latency resolution 1 ms), ${size.durationS} s per run, GET /metrics with Accept-Encoding: gzip (as Prometheus), ${CONNECTIONS.join(" and ")} connections`,
        `"backfill running": a channel of ${int(size.bigChannel)} messages added, the exporter restarted; its backfill runs at the per-channel 5 pages/s during the load`,
      ],
      figures,
      details,
    };
  },
};
