/**
 * 2. First full count, and the exporter's memory while it runs: the exporter process counts the issue's guild from
 * scratch against Discord-like limits. Several variants run at once, each with its own fake (own rate-limit state),
 * process and database: /metrics scraped every 15 s (Prometheus's usual) and every 1 s, and the bot enabled (every
 * /stats subcommand and bursts of commands during the count). Reported per variant: wall time next to the floor the
 * data and the limits allow, 429s, peak resident memory (VmHWM), each scrape's latency, the bot's answers, and how
 * well the backfill ETA metric predicted the end.
 */
import type Database from "better-sqlite3";
import fs from "node:fs";
import path from "node:path";
import type { FakeDiscord, World } from "../../fake-discord/index.js";
import { openReadonly, readProgress } from "../lib/db.js";
import { DISCORD_LIKE, describeLimits, requestsPerBucket, startBenchFake } from "../lib/fake.js";
import { countFloor, type CountFloor, MAX_PAGE } from "../lib/count-floor.js";
import { fixed, int, mib, seconds, sleep } from "../lib/format.js";
import { type CommandTiming, runCommand } from "../lib/interaction-timing.js";
import { BOT_MEMORY_TARGET, describeIssueTarget, type IssueSize, MEMORY_TARGET } from "../lib/issue-units.js";
import { describeLatencies, describeSpread, duration, summarizeLatencies } from "../lib/latency.js";
import { sampleValue } from "../lib/metrics-text.js";
import { productionArgs, readProcCpuSeconds, readProcMemory, spawnCommand, spawnExporter } from "../lib/proc.js";
import type { Figure, Scenario, ScenarioContext, ScenarioResult } from "../lib/types.js";
import { describeKinds, fireBurst, LOCALES, SUBCOMMANDS, statsRequest } from "../lib/stats-commands.js";
import { addGuild, addVoiceRoom, createWorld, skewedCounts, YEAR_MS } from "../lib/worlds.js";

const signedInt = (n: number) => `${n >= 0 ? "+" : "−"}${int(Math.abs(n))}`;

interface Size {
  channels: number;
  total: number;
  huge: number;
  hugeSize: number;
}

/** The issue's guild: 200 text channels, 1,000,000 messages, the largest 300,000 (3,000 pages: 600 s at 5/s). */
const FULL: Size = { channels: 200, total: 1_000_000, huge: 1, hugeSize: 300_000 };
const QUICK: Size = { channels: 20, total: 10_000, huge: 1, hugeSize: 3_000 };

const FLOOR_TARGET = 1.02;
const TOO_MANY_TARGET = 0.001;
const ETA_MARKS = [0.1, 0.25, 0.5];

/**
 * The bot variant's commands during the count: every subcommand in both locales one after the other, and bursts of
 * 20 at once (4 of each, as in section 7). The history charts (channels, activity) answer "still counting" until
 * every channel's backfill has reached back past the range's first day: the smaller channels are done at ~84 % of
 * the messages (the busiest channel then ~1.4 years back), so the later rounds get every chart.
 */
interface CommandRound {
  fraction: number;
  kind: "each" | "burst";
}
const BOT_ROUNDS: CommandRound[] = [
  { fraction: 0.25, kind: "each" },
  { fraction: 0.5, kind: "burst" },
  { fraction: 0.88, kind: "each" },
  { fraction: 0.92, kind: "burst" },
];
const BURST_SIZE = 20;
/** How long a command's answer is waited for; a deferred answer may come up to 15 min later on Discord. */
const COMMAND_TIMEOUT_MS = 60_000;

interface Variant {
  key: string;
  name: string;
  scrapeEveryMs: number;
  env: Record<string, string>;
  /** /stats commands fired at these fractions of the messages counted (the bot variant). */
  rounds: CommandRound[];
  memoryTarget: IssueSize;
}

const VARIANTS: Variant[] = [
  {
    key: "scrape15",
    name: "scraped every 15 s",
    scrapeEveryMs: 15_000,
    env: {},
    rounds: [],
    memoryTarget: MEMORY_TARGET,
  },
  {
    key: "scrape1",
    name: "scraped every 1 s",
    scrapeEveryMs: 1_000,
    env: {},
    rounds: [],
    memoryTarget: MEMORY_TARGET,
  },
  {
    key: "bot",
    name: "BOT_ENABLED=true VOICE_ACTIVITY=true, scraped every 15 s, every /stats subcommand and bursts of 20 during the count",
    scrapeEveryMs: 15_000,
    env: { BOT_ENABLED: "true", VOICE_ACTIVITY: "true" },
    rounds: BOT_ROUNDS,
    memoryTarget: BOT_MEMORY_TARGET,
  },
];

interface EtaMark {
  fraction: number;
  atMs: number;
  /** The ETA metric's value at the latest scrape before the mark (null: no estimate yet). */
  predictedS: number | null;
}

interface RoundOutcome {
  round: CommandRound;
  timings: CommandTiming[];
  wallMs: number;
}

interface RunOutcome {
  variant: Variant;
  wallMs: number;
  requests: number;
  /** Answered requests to the busiest channel's message route, next to the pages its history needs. */
  busiestRequests: number;
  tooMany: number;
  globalTooMany: number;
  forbidden: number;
  floor: CountFloor;
  floorMs: number;
  globalFloorMs: number;
  bucketFloorMs: number;
  worstBucket: string;
  counted: number;
  /** When only the huge channels were still backfilling, and how far they were. */
  smallDoneMs: number | null;
  hugePagesAtSmallDone: number;
  cpuSeconds: number | null;
  /** Pages per second of the busiest channel while the smaller channels ran, and once it ran alone. */
  sharedRate: number | null;
  aloneRate: number | null;
  hwmBytes: number;
  /** Highest 250 ms RSS sample, the fraction counted then, and its split: anonymous (heaps) and file-backed (code). */
  peakSample: { rssBytes: number; fraction: number; anonBytes: number; fileBytes: number };
  rssAtMarks: number[];
  eta: EtaMark[];
  rounds: RoundOutcome[];
  /** Each scrape's latency (request sent to body read), ms. */
  scrapeMs: number[];
  scrapeErrors: number;
  timeline: string[];
  command: string;
}

function rate(times: readonly number[]): number | null {
  if (times.length < 10) return null;
  return ((times.length - 1) / ((times.at(-1) ?? 0) - (times[0] ?? 0))) * 1000;
}

async function runOnce(
  world: World,
  guildId: string,
  hugeIds: readonly string[],
  size: Size,
  total: number,
  variant: Variant,
  floor: CountFloor,
  ctx: ScenarioContext,
): Promise<RunOutcome> {
  const guild = { world, guildId };
  const fake: FakeDiscord = await startBenchFake(world, DISCORD_LIKE);
  const dir = path.join(ctx.tmpDir, variant.key);
  fs.mkdirSync(dir, { recursive: true });
  const databasePath = path.join(dir, "exporter.db");
  const options = { apiUrl: fake.url, databasePath, guildIds: [guildId], env: variant.env };
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
  let latestEta: number | null = null;
  const scrapeMs: number[] = [];
  let scrapeErrors = 0;
  const eta: EtaMark[] = [];
  const rssAtMarks: number[] = [];
  const rounds: RoundOutcome[] = [];
  const roundsDone: Promise<void>[] = [];
  let peakSample = { rssBytes: 0, fraction: 0, anonBytes: 0, fileBytes: 0 };
  let hwmBytes = 0;
  const hugePages = () => {
    const buckets = requestsPerBucket(fake.requests);
    return hugeIds.map((id) => buckets.get(`GET /channels/:id/messages ${id}`) ?? 0);
  };
  // What Prometheus does: gzip, one scrape at a time; the ETA metric is read from the same bodies.
  let scraping = false;
  const scraper = setInterval(() => {
    if (scraping) return;
    scraping = true;
    const t0 = performance.now();
    fetch(`${proc.url}/metrics`, { headers: { "accept-encoding": "gzip" } })
      .then((response) => response.text())
      .then((text) => {
        scrapeMs.push(performance.now() - t0);
        latestEta = sampleValue(text, "discord_exporter_backfill_eta_seconds", { guild_id: guildId }) ?? null;
      })
      .catch(() => {
        scrapeErrors++;
      })
      .finally(() => {
        scraping = false;
      });
  }, variant.scrapeEveryMs);
  const runRound = (round: CommandRound) => {
    const t0 = performance.now();
    const prefix = `bench-${variant.key}-${round.fraction}`;
    const answers = async (): Promise<CommandTiming[]> => {
      if (round.kind === "burst")
        return fireBurst(fake, guild.world, guild.guildId, BURST_SIZE, prefix, COMMAND_TIMEOUT_MS);
      const timings: CommandTiming[] = [];
      for (const subcommand of SUBCOMMANDS) {
        for (const locale of LOCALES) {
          const request = statsRequest(
            guild.world,
            guild.guildId,
            subcommand,
            locale,
            `${prefix}-${subcommand}-${locale}`,
          );
          timings.push(await runCommand(fake, { ...request, timeoutMs: COMMAND_TIMEOUT_MS }));
        }
      }
      return timings;
    };
    roundsDone.push(
      answers().then((timings) => {
        rounds.push({ round, timings, wallMs: performance.now() - t0 });
      }),
    );
  };
  const roundsPending = [...variant.rounds];
  try {
    for (;;) {
      await sleep(250);
      const memory = readProcMemory(proc.pid);
      if (memory === null) throw new Error(`exporter (${variant.name}) exited:\n${proc.output().slice(-2000)}`);
      hwmBytes = memory.hwmBytes;
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
      const fraction = progress.counted / total;
      if (memory.rssBytes > peakSample.rssBytes) {
        peakSample = { rssBytes: memory.rssBytes, fraction, anonBytes: memory.anonBytes, fileBytes: memory.fileBytes };
      }
      while (eta.length < ETA_MARKS.length && fraction >= (ETA_MARKS[eta.length] ?? 2)) {
        eta.push({ fraction: ETA_MARKS[eta.length] ?? 0, atMs: now - started, predictedS: latestEta });
      }
      while (rssAtMarks.length < 4 && fraction >= [0.25, 0.5, 0.75, 0.99][rssAtMarks.length]!) {
        rssAtMarks.push(memory.rssBytes);
      }
      while (roundsPending.length > 0 && fraction >= (roundsPending[0]?.fraction ?? 2))
        runRound(roundsPending.shift()!);
      if (smallDoneMs === null && progress.channels === size.channels && progress.backfilling <= size.huge) {
        smallDoneMs = now - started;
        hugePagesAtSmallDone = Math.min(...hugePages());
      }
      if (now >= nextMark) {
        timeline.push(
          `t=${fixed((now - started) / 1000, 0)} s: ${int(fake.requests.length)} requests, ${int(progress.counted)} messages counted, ${progress.backfilling} channels backfilling, huge channels' pages ${hugePages().join("/")}, RSS ${mib(memory.rssBytes)}, ETA metric ${latestEta === null ? "—" : `${fixed(latestEta, 0)} s`}`,
        );
        nextMark += ctx.quick ? 2_000 : 30_000;
      }
      if (progress.channels === size.channels && progress.backfilling === 0) {
        endedAt = now;
        counted = progress.counted;
        break;
      }
      if (now - started > 40 * 60_000) throw new Error(`first count (${variant.name}) did not finish in 40 min`);
    }
    await Promise.all(roundsDone);
    hwmBytes = readProcMemory(proc.pid)?.hwmBytes ?? hwmBytes;
  } finally {
    clearInterval(scraper);
    db?.close();
  }
  const cpuSeconds = readProcCpuSeconds(proc.pid);
  await proc.stop();
  const log = [...fake.requests];
  const fakeStats = fake.stats();
  await fake.close();

  let forbidden = 0;
  for (const entry of log) if (entry.status === 403) forbidden++;
  const buckets = requestsPerBucket(log);
  // The busiest channel by the data; its message route's bucket is the one the floor is about.
  const worstBucket = `GET /channels/:id/messages ${floor.busiestChannelId}`;
  const worstCount = buckets.get(worstBucket) ?? 0;
  // The floor comes from the data, not from the requests made: a wasted request on the busiest channel would raise a
  // floor computed from them and hide itself. The exporter's own counts are reported beside it.
  const globalFloorMs = (floor.allPages / DISCORD_LIKE.globalPerSecond) * 1000;
  const bucketFloorMs = (floor.busiestPages / DISCORD_LIKE.perRoute.limit) * DISCORD_LIKE.perRoute.windowMs;
  const wallMs = endedAt - started;
  const worstTimes = log
    .filter(
      (entry) =>
        entry.status !== 429 &&
        `${entry.method} ${entry.route} ${/^\/channels\/(\d+)/.exec(entry.path)?.[1]}` === worstBucket,
    )
    .map((entry) => entry.at);
  const split = smallDoneMs === null ? Number.POSITIVE_INFINITY : started + smallDoneMs;
  timeline.push(`t=${fixed(wallMs / 1000, 1)} s: done, ${int(log.length)} requests`);
  return {
    variant,
    wallMs,
    requests: log.length,
    busiestRequests: worstCount,
    tooMany: fakeStats.rateLimited,
    globalTooMany: fakeStats.globalRateLimited,
    forbidden,
    floor,
    floorMs: Math.max(globalFloorMs, bucketFloorMs),
    globalFloorMs,
    bucketFloorMs,
    worstBucket: `${worstBucket} (${int(worstCount)} requests)`,
    counted,
    smallDoneMs,
    hugePagesAtSmallDone,
    cpuSeconds,
    sharedRate: rate(worstTimes.filter((at) => at < split)),
    aloneRate: rate(worstTimes.filter((at) => at >= split)),
    hwmBytes,
    peakSample,
    rssAtMarks,
    eta,
    rounds: rounds.sort((a, b) => a.round.fraction - b.round.fraction),
    scrapeMs,
    scrapeErrors,
    timeline,
    command,
  };
}

function describeEta(run: RunOutcome): string {
  return run.eta
    .map((mark) => {
      const actual = (run.wallMs - mark.atMs) / 1000;
      if (mark.predictedS === null)
        return `${fixed(mark.fraction * 100, 0)} %: no estimate (actual ${fixed(actual, 0)} s)`;
      const error = ((mark.predictedS - actual) / actual) * 100;
      return `${fixed(mark.fraction * 100, 0)} %: ${fixed(mark.predictedS, 0)} s predicted, ${fixed(actual, 0)} s actual (${error >= 0 ? "+" : ""}${fixed(error, 0)} %)`;
    })
    .join("; ");
}

function figuresOf(run: RunOutcome, total: number): Figure[] {
  const ratio = run.wallMs / run.floorMs;
  const prefix = run.variant.name;
  const share = run.tooMany / Math.max(1, run.requests);
  const figures: Figure[] = [
    {
      label: `${prefix}: first full count, wall ÷ floor`,
      value: `${fixed(ratio, 3)}× (${seconds(run.wallMs)}, floor ${seconds(run.floorMs)})`,
      target: `≤ ${FLOOR_TARGET}× floor`,
      met: ratio <= FLOOR_TARGET,
      goal: run.variant.rounds.length > 0 ? undefined : "first-count-time",
      note:
        `floor from the data = max(${int(run.floor.allPages)} pages every channel needs / 50 per s = ${seconds(run.globalFloorMs)}, the busiest channel's ${int(run.floor.busiestPages)} pages (${int(total === 0 ? 0 : run.floor.busiestPages - 1)} full pages of ${MAX_PAGE} and the short one that ends it) / 5 per s = ${seconds(run.bucketFloorMs)}); ` +
        `the exporter made ${int(run.requests - run.tooMany)} answered requests in all (${signedInt(run.requests - run.tooMany - run.floor.allPages)} beyond the pages: listings, probes, retries) and ${run.worstBucket} to the busiest channel's bucket, ${signedInt(run.busiestRequests - run.floor.busiestPages)} beyond its pages; ` +
        `busiest channel ${run.sharedRate === null ? "?" : fixed(run.sharedRate, 2)} pages/s while the other channels ran, ${run.aloneRate === null ? "?" : fixed(run.aloneRate, 2)} pages/s alone; ${int(run.counted)} of ${int(total)} messages counted`,
    },
    {
      label: `${prefix}: 429 answers`,
      value: `${int(run.tooMany)} of ${int(run.requests)} requests (${fixed(share * 100, 2)} %; ${int(run.globalTooMany)} global)`,
      target: `≤ ${fixed(TOO_MANY_TARGET * 100, 1)} % of requests`,
      met: share <= TOO_MANY_TARGET,
      goal: run.variant.rounds.length > 0 ? undefined : "first-count-429",
      note:
        run.forbidden > 0 ? `${int(run.forbidden)} answered 403 (private archived threads need Manage Threads)` : "",
    },
    {
      label: `${prefix}: peak resident memory (VmHWM) during the count`,
      value: mib(run.hwmBytes),
      target: describeIssueTarget(run.variant.memoryTarget),
      met: run.hwmBytes <= run.variant.memoryTarget.bytes,
      goal: run.variant.rounds.length > 0 ? "memory-bot" : "memory",
      note: `RSS at 25 / 50 / 75 / 99 % of the messages: ${run.rssAtMarks.map((b) => fixed(b / 1024 / 1024, 0)).join(" / ")} MiB; highest 250 ms sample ${mib(run.peakSample.rssBytes)} at ${fixed(run.peakSample.fraction * 100, 0)} % (anonymous ${mib(run.peakSample.anonBytes)}: V8 heaps of the main thread and workers, malloc, SQLite; file-backed ${mib(run.peakSample.fileBytes)}: mostly the node binary's pages); exporter CPU ${run.cpuSeconds === null ? "?" : `${fixed(run.cpuSeconds, 1)} s`}`,
    },
  ];
  const scrapes = summarizeLatencies(run.scrapeMs);
  figures.push({
    label: `${prefix}: /metrics latency at this cadence, during the count`,
    value:
      scrapes === null
        ? "no scrape answered"
        : `p50 ${duration(scrapes.p50)}, p99 ${duration(scrapes.p99)}, max ${duration(scrapes.max)}`,
    note: `${scrapes?.n ?? 0} scrapes, one every ${seconds(run.variant.scrapeEveryMs)} (gzip, through fetch(): undici keeps the connection alive between scrapes close enough together), timed from the request to the last byte of the body${describeFirstScrape(run.scrapeMs)}${run.scrapeErrors > 0 ? `; ${run.scrapeErrors} failed` : ""}`,
  });
  for (const outcome of run.rounds) {
    const { round, timings } = outcome;
    const answered = summarizeLatencies(timings.flatMap((t) => (t.finalMs === null ? [] : [t.finalMs])));
    const unanswered = timings.filter((t) => t.finalMs === null).length;
    figures.push({
      label: `${prefix}: at ${fixed(round.fraction * 100, 0)} % of the messages, ${round.kind === "burst" ? `a burst of ${BURST_SIZE} /stats commands at once` : "every /stats subcommand in en-US and ja, one at a time"}`,
      value: `${describeKinds(timings)}; ${describeLatencies(answered)}`,
      target: unanswered > 0 ? "an answer every time" : undefined,
      met: unanswered > 0 ? false : undefined,
      note: `${describeSpread(answered)}${unanswered > 0 ? `, ${unanswered} without an answer (${timings.find((t) => t.finalMs === null)?.detail})` : ""}; wall time ${seconds(outcome.wallMs)}; each from a new user, default options (30 days); channels and activity answer "still counting" until every channel's backfill reaches back 30 days`,
    });
  }
  return figures;
}

export const scenario: Scenario = {
  name: "first-count",
  title: "2. First full count and memory",
  async run(ctx): Promise<ScenarioResult> {
    const size = ctx.quick ? QUICK : FULL;
    const world = createWorld(2);
    const counts = skewedCounts(size.total, size.channels, size.huge, size.hugeSize);
    const built = addGuild(world, { name: "first-count", channelMessages: counts, historyMs: 3 * YEAR_MS });
    const hugeIds = built.channelIds.slice(0, size.huge);
    const floor = countFloor(built.channelIds.map((id) => ({ id, messages: world.messageCount(id) })));
    const voice = addVoiceRoom(world, built.guildId);
    ctx.log(
      `first count: ${size.channels} channels, ${int(built.totalMessages)} messages; ${VARIANTS.map((v) => v.name).join(" | ")}, in parallel`,
    );
    const settled = await Promise.allSettled(
      VARIANTS.map((variant) => runOnce(world, built.guildId, hugeIds, size, built.totalMessages, variant, floor, ctx)),
    );
    const figures: Figure[] = [];
    const details: string[] = [];
    for (const [index, result] of settled.entries()) {
      const variant = VARIANTS[index]!;

      if (result.status === "rejected") {
        const message = result.reason instanceof Error ? result.reason.message : String(result.reason);
        figures.push({ label: `${variant.name}: (failed)`, value: message.split("\n")[0] ?? "", met: false });
        details.push(`**${variant.name}** failed:\n\n\`\`\`\n${message}\n\`\`\``);
        continue;
      }
      const run = result.value;
      figures.push(...figuresOf(run, built.totalMessages));
      if (index === 0) {
        figures.push({
          label: `${variant.name}: backfill ETA metric vs the actual time left`,
          value: describeEta(run),
          note: "discord_exporter_backfill_eta_seconds{guild_id} at the last scrape before 10 / 25 / 50 % of the messages were counted, next to the time the count then still took",
        });
      }
      details.push(
        `**${variant.name}** — \`${run.command}\`. ` +
          (run.smallDoneMs === null
            ? ""
            : `All ${size.channels - size.huge} smaller channels were done after ${seconds(run.smallDoneMs)}; the busiest channel had then fetched ${int(run.hugePagesAtSmallDone)} of its ${int(floor.busiestPages)} pages (at its bucket's limit that takes ${seconds((run.hugePagesAtSmallDone / DISCORD_LIKE.perRoute.limit) * DISCORD_LIKE.perRoute.windowMs)}); from then on it ran alone. `) +
          `ETA: ${describeEta(run)}.`,
        run.timeline.map((line) => `- ${line}`).join("\n"),
      );
    }
    return {
      setup: [
        `guild: ${size.channels} text channels, ${int(built.totalMessages)} messages over 3 years: ${size.huge} channel of ${int(size.hugeSize)}, the other ${size.channels - size.huge} between ${int(Math.min(...counts))} and ${int(Math.max(...counts.slice(size.huge)))}`,
        `and one voice channel (no messages) with ${voice.people} people in it from the start, so that /stats voice has voice time to draw once the first checkpoint is written (the bot variant records it)`,
        describeLimits(DISCORD_LIKE),
        `exporter: its own process (\`node ${productionArgs().join(" ")}\`), default settings (CONCURRENCY 5), fresh database`,
        `${VARIANTS.length} variants at the same time, each with its own fake server (own rate-limit state), process and database: ${VARIANTS.map((v) => v.name).join("; ")}; the runs are rate-limit bound, not CPU bound (exporter CPU time below)`,
        "memory: VmHWM and VmRSS from /proc/PID/status, every 250 ms; VmHWM counts the whole process (main thread, worker threads, SQLite, the node binary's resident pages)",
        "end: polled every 250 ms on a read-only connection to the database: every channel stored and none in state backfilling",
      ],
      figures,
      details,
    };
  },
};

/** The first scrape starts the metrics render worker: whether it is the slowest, and the maximum of the others. */
function describeFirstScrape(scrapeMs: readonly number[]): string {
  const [first, ...rest] = scrapeMs;
  if (first === undefined || rest.length === 0) return "";
  return `; the first scrape (it starts the metrics render worker) ${duration(first)}, the others' max ${duration(Math.max(...rest))}`;
}
