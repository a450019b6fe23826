/**
 * 8. Live updates (issue 14): with LIVE_UPDATES=true and POLL_INTERVAL=15m, how soon a posted message is in /metrics
 * (10 messages/s spread over 50 channels for a few minutes, then a storm into one channel), the Discord requests
 * this costs next to polling alone, and how soon a deletion is exact in /metrics.
 */
import path from "node:path";
import { mulberry32, type RequestLogEntry } from "../../fake-discord/index.js";
import { DISCORD_LIKE, describeLimits, describeRoutes, startBenchFake, summarize } from "../lib/fake.js";
import { describeError, failedFigure } from "../lib/failure.js";
import { createFreshnessTracker } from "../lib/freshness.js";
import { fixed, int, seconds, sleep, waitUntil } from "../lib/format.js";
import { describeLatencies, describeSpread, duration, summarizeLatencies } from "../lib/latency.js";
import { loadAverage } from "../lib/load-average.js";
import { sumByLabel } from "../lib/metrics-by-label.js";
import { fetchMetrics, sampleValue } from "../lib/metrics-text.js";
import { type PostRun, postAtRate } from "../lib/post-at-rate.js";
import { type ExporterProcess, spawnCommand, spawnExporter, waitForFirstSync } from "../lib/proc.js";
import {
  closePairs,
  IDLE_SYNC_REQUESTS,
  MESSAGES_ROUTE,
  pageTimesByChannel,
  pollingRequestsPerHour,
  shortestGapMs,
} from "../lib/request-cost.js";
import { startScrapeLoop } from "../lib/scrape-loop.js";
import type { Figure, Scenario, ScenarioResult } from "../lib/types.js";
import { addGuild, createWorld, DAY_MS } from "../lib/worlds.js";

const FULL = { channels: 50, history: 200, perSecond: 10, spreadS: 180, stormPerSecond: 20, stormS: 30, deletions: 10 };
const QUICK = { channels: 50, history: 50, perSecond: 10, spreadS: 30, stormPerSecond: 20, stormS: 10, deletions: 3 };
const POLL_INTERVAL = "15m";
const POLL_INTERVAL_MS = 15 * 60_000;
/** How often /metrics is read to see the new totals: the resolution of the freshness figures. */
const WATCH_EVERY_MS = 50;
const FRESHNESS_TARGET_MS = 5000;
const DELETION_TARGET_MS = 60_000;
/** The live forward sync's interval per channel (src/counter/live/live-updates.ts FORWARD_MIN_INTERVAL_MS is 3 s). */
const GAP_TARGET_MS = 2500;
/** After the last post, how long the unseen ones are waited for before they count as never seen. */
const DRAIN_MS = 30_000;
const CHANNELS_METRIC = "discord_channel_messages";

interface Phase {
  run: PostRun;
  latencies: readonly number[];
  unseen: number;
  /** The fake's requests from the first post until every post was seen (or the drain ended). */
  requests: RequestLogEntry[];
  scrapes: number;
  scrapeFailures: number;
}

/** Posts at a rate while /metrics is read every WATCH_EVERY_MS, until every post showed or the drain ran out. */
async function postAndWatch(
  proc: ExporterProcess,
  log: RequestLogEntry[],
  options: Omit<Parameters<typeof postAtRate>[0], "tracker">,
): Promise<Phase> {
  const tracker = createFreshnessTracker();
  const from = log.length;
  const loop = startScrapeLoop(proc.url, {
    intervalMs: WATCH_EVERY_MS,
    gzip: false,
    onBody: (text, sample) => tracker.observe(sample.receivedAt, sumByLabel(text, CHANNELS_METRIC, "channel_id")),
  });
  try {
    const run = await postAtRate({ ...options, tracker });
    const deadline = performance.now() + DRAIN_MS;
    while (tracker.pending() > 0 && performance.now() < deadline) await sleep(WATCH_EVERY_MS);
    return {
      run,
      latencies: tracker.latencies(),
      unseen: tracker.pending(),
      requests: log.slice(from),
      scrapes: loop.samples().length,
      scrapeFailures: loop.failures(),
    };
  } finally {
    await loop.stop();
  }
}

function freshnessFigure(label: string, phase: Phase): Figure {
  const summary = summarizeLatencies(phase.latencies);
  return {
    label,
    value: describeLatencies(summary),
    target: `p99 ≤ ${seconds(FRESHNESS_TARGET_MS)}`,
    met: summary !== null && summary.p99 <= FRESHNESS_TARGET_MS && phase.unseen === 0,
    note: `${describeSpread(summary)}${phase.unseen > 0 ? `; ${phase.unseen} never seen within ${seconds(DRAIN_MS)} of the last post` : ""}; /metrics read every ${WATCH_EVERY_MS} ms (${int(phase.scrapes)} scrapes${phase.scrapeFailures > 0 ? `, ${phase.scrapeFailures} failed` : ""}); posts at most ${duration(phase.run.maxLateMs)} behind schedule`,
  };
}

async function channelTotal(proc: ExporterProcess, channelId: string): Promise<number | undefined> {
  return sumByLabel(await fetchMetrics(proc.url), CHANNELS_METRIC, "channel_id").get(channelId);
}

export const scenario: Scenario = {
  name: "live-updates",
  title: "8. Live updates",
  async run(ctx): Promise<ScenarioResult> {
    const size = ctx.quick ? QUICK : FULL;
    const loadAtStart = loadAverage();
    const world = createWorld(14);
    const built = addGuild(world, {
      name: "live",
      channelMessages: Array.from({ length: size.channels }, () => size.history),
      historyMs: 30 * DAY_MS,
      authors: 50,
    });
    const fake = await startBenchFake(world, DISCORD_LIKE);
    const options = {
      apiUrl: fake.url,
      databasePath: path.join(ctx.tmpDir, "live.db"),
      guildIds: [built.guildId],
      pollInterval: POLL_INTERVAL,
      env: { LIVE_UPDATES: "true" },
    };
    const figures: Figure[] = [];
    const details: string[] = [];
    const timings: string[] = [];
    let proc: ExporterProcess | null = null;
    try {
      proc = await spawnExporter(options).catch((error: unknown) => {
        // The summary row shows one line: the exporter's own reason, not "exited early:" alone.
        throw new Error(`the exporter: ${describeError(error)}`);
      });
      const exporter = proc;
      const t0 = performance.now();
      await waitForFirstSync(exporter, { timeoutMs: 120_000, intervalMs: 200 });
      await waitUntil(
        "every channel counted, exactly, its backfill done, and the gateway up",
        async () => {
          const text = await fetchMetrics(exporter.url);
          const totals = sumByLabel(text, CHANNELS_METRIC, "channel_id");
          const exact = built.channelIds.every((id) => totals.get(id) === world.messageCount(id));
          // Exact totals come before the backfill's last (empty) page and the probe that proves the first message.
          const backfilling = sampleValue(text, "discord_exporter_channels", { state: "backfilling" }) ?? 0;
          return exact && backfilling === 0 && sampleValue(text, "discord_exporter_gateway_up") === 1
            ? true
            : undefined;
        },
        { timeoutMs: 120_000, intervalMs: 200 },
      );
      timings.push(`first count ${seconds(performance.now() - t0)}`);
      const rng = mulberry32(1401);

      // 1. The issue's load: 10 messages/s, each into one of the 50 channels drawn at random.
      let spread: Phase | null = null;
      try {
        const t1 = performance.now();
        spread = await postAndWatch(exporter, fake.requests, {
          world,
          channelIds: built.channelIds,
          perSecond: size.perSecond,
          durationMs: size.spreadS * 1000,
          rng,
        });
        timings.push(`spread phase ${seconds(performance.now() - t1)}`);
        figures.push(
          freshnessFigure(
            `${size.perSecond} messages/s over ${size.channels} channels for ${size.spreadS} s: post → in /metrics`,
            spread,
          ),
        );
        const runMs = Math.max(1, spread.run.lastAt - spread.run.firstAt + 1000 / size.perSecond);
        const summary = summarize(spread.requests);
        const pages = spread.requests.filter((r) => r.route === MESSAGES_ROUTE && r.status !== 429).length;
        figures.push({
          label: `Discord requests during the ${size.spreadS}-s run (${int(spread.run.posts)} messages)`,
          value: `${int(summary.total)} (${fixed(pages / spread.run.posts, 2)} message pages per message)`,
          note: `${describeRoutes(summary)}; ${summary.tooMany} answered 429`,
        });
        const livePerHour = (summary.total / runMs) * 3_600_000 + (3_600_000 / POLL_INTERVAL_MS) * IDLE_SYNC_REQUESTS;
        const pollingPerHour = pollingRequestsPerHour(spread.run.perChannel, runMs, POLL_INTERVAL_MS);
        figures.push({
          label: `requests per hour at this rate: live updates / polling alone (POLL_INTERVAL=${POLL_INTERVAL})`,
          value: `${int(livePerHour)} / ${int(pollingPerHour)}`,
          note: `live: the run's requests over its ${seconds(runMs)}, scaled to an hour, plus 4 idle polls × ${IDLE_SYNC_REQUESTS}; polling alone: 4 polls × (${IDLE_SYNC_REQUESTS} + each channel's pages of its 15 minutes of messages at the run's per-channel rate)`,
        });
        figures.push({
          label: "extra Discord requests per hour from live updates",
          value: `+${int(livePerHour - pollingPerHour)} (${fixed(livePerHour / 3600, 1)} requests/s in all)`,
          note: `Discord allows a bot ${DISCORD_LIKE.globalPerSecond} requests/s`,
        });
        const gap = shortestGapMs(pageTimesByChannel(spread.requests));
        figures.push({
          label: "shortest time between two message requests of one channel",
          value: gap === null ? "no channel asked twice" : duration(gap),
          target: `≥ ${seconds(GAP_TARGET_MS)}`,
          met: gap === null || gap >= GAP_TARGET_MS,
          note: "the coalescer allows one forward sync per channel every 3 s",
        });
        const close = closePairs(spread.requests, GAP_TARGET_MS);
        if (close.length > 0) {
          const query = (entry: RequestLogEntry) => new URLSearchParams(entry.query).toString();
          details.push(
            `Message requests of one channel closer than ${seconds(GAP_TARGET_MS)} in the spread phase (${close.length}):\n\n${close
              .slice(0, 10)
              .map(
                ([a, b]) =>
                  `- ${a.path}: ${query(a)} (${a.status}) then ${query(b)} (${b.status}) ${duration(b.at - a.at)} later`,
              )
              .join("\n")}`,
          );
        }
      } catch (error) {
        figures.push(failedFigure("spread messages", error));
      }

      // 2. A storm: one channel gets every message.
      try {
        const t2 = performance.now();
        const stormed = built.channelIds[0]!;
        const storm = await postAndWatch(exporter, fake.requests, {
          world,
          channelIds: [stormed],
          perSecond: size.stormPerSecond,
          durationMs: size.stormS * 1000,
          rng,
        });
        timings.push(`storm phase ${seconds(performance.now() - t2)}`);
        figures.push(
          freshnessFigure(
            `storm: ${size.stormPerSecond} messages/s into one channel for ${size.stormS} s: post → in /metrics`,
            storm,
          ),
        );
        const times = pageTimesByChannel(storm.requests);
        const requests = times.get(stormed)?.length ?? 0;
        const runMs = storm.run.lastAt - storm.run.firstAt;
        const bound = Math.ceil(runMs / 3000) + 1 + Math.ceil(storm.run.posts / 100);
        const gap = shortestGapMs(times);
        figures.push({
          label: `storm: message requests of that channel for ${int(storm.run.posts)} messages`,
          value: `${int(requests)} (shortest gap ${gap === null ? "—" : duration(gap)})`,
          target: `≤ ${bound} (one per 3 s, + a page per 100 messages)`,
          met: requests <= bound,
          note: `other requests meanwhile: ${describeRoutes(summarize(storm.requests.filter((r) => r.route !== MESSAGES_ROUTE))) || "none"}`,
        });
      } catch (error) {
        figures.push(failedFigure("storm", error));
      }

      // 3. Deletions, one at a time: alternately an old message (a day of history) and one of today's.
      try {
        const t3 = performance.now();
        await sleep(2000);
        const latencies: number[] = [];
        // One entry per deletion, so that an outlier shows which kind of deletion it was and what it cost.
        const each: string[] = [];
        let wrong = 0;
        for (let i = 0; i < size.deletions; i++) {
          const channelId = built.channelIds[(i * 7 + 3) % built.channelIds.length]!;
          const ids = world.messageIds(channelId);
          const victim = i % 2 === 0 ? ids[Math.floor(rng() * size.history)]! : ids.at(-1)!;
          const from = fake.requests.length;
          const start = performance.now();
          world.deleteMessages(channelId, [victim]);
          const truth = world.messageCount(channelId);
          const seenAt = await waitUntil(
            `deletion ${i + 1} exact in /metrics`,
            async () => ((await channelTotal(exporter, channelId)) === truth ? performance.now() : undefined),
            { timeoutMs: DELETION_TARGET_MS * 2, intervalMs: WATCH_EVERY_MS },
          ).catch(() => null);
          if (seenAt === null) wrong++;
          else latencies.push(seenAt - start);
          const pages = fake.requests.slice(from).filter((r) => r.route === MESSAGES_ROUTE).length;
          each.push(
            `${i % 2 === 0 ? "old" : "newest"} ${seenAt === null ? "never" : duration(seenAt - start)} (${pages} p.)`,
          );
        }
        timings.push(`deletions ${seconds(performance.now() - t3)}`);
        const summary = summarizeLatencies(latencies);
        figures.push({
          label: `MESSAGE_DELETE → exact in /metrics (${size.deletions} deletions, one at a time)`,
          value: describeLatencies(summary),
          target: `≤ ${seconds(DELETION_TARGET_MS)}`,
          met: summary !== null && summary.max <= DELETION_TARGET_MS && wrong === 0,
          note: `${describeSpread(summary)}${wrong > 0 ? `; ${wrong} not exact within ${seconds(DELETION_TARGET_MS * 2)}` : ""}; each deletion (which message, time, message pages of the day's recount): ${each.join(", ")}`,
        });
      } catch (error) {
        figures.push(failedFigure("deletions", error));
      }
      details.push(`Exporter: \`${spawnCommand(options, 0)}\`. Phases: ${timings.join(", ")}.`);
      const warnings = exporter
        .output()
        .split("\n")
        .filter((line) => line.trim() !== "");
      if (warnings.length > 0) {
        details.push(
          `The exporter logged (LOG_LEVEL=warn, first 10 of ${warnings.length}):\n\n\`\`\`\n${warnings.slice(0, 10).join("\n")}\n\`\`\``,
        );
      }
    } finally {
      await proc?.stop();
      await fake.close();
    }
    return {
      setup: [
        `guild: ${size.channels} text channels of ${size.history} messages over 30 days, counted by the exporter before the run`,
        `exporter: its own process, LIVE_UPDATES=true, POLL_INTERVAL=${POLL_INTERVAL} (no poll falls inside the run), production REST and render settings; ${describeLimits(DISCORD_LIKE)}`,
        `messages posted in the fake "now" (one MESSAGE_CREATE each) on a fixed schedule, each into a channel drawn at random; freshness is the time from the post to the answer of the first /metrics scrape (read every ${WATCH_EVERY_MS} ms on one keep-alive connection) whose total for the channel includes it`,
        `deletions: one message at a time, alternately an old one and the channel's newest, from the time MESSAGE_DELETE is sent until /metrics shows the channel's exact total`,
        `load average (1, 5, 15 min) at the scenario's start / end: ${loadAtStart} / ${loadAverage()}`,
      ],
      figures,
      details,
    };
  },
};
