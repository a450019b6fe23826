/**
 * 7. Bot (issue 12): on the demo guild, the time from an interaction to the bot's final answer for each /stats
 * subcommand in English and Japanese, what a burst of 20 commands does to the answers and to /metrics, and the
 * resident memory the bot adds. Three exporter processes run side by side on identical worlds, each with its own
 * fake: REST only, the gateway without the bot (voice activity), and the bot on top (voice activity too, so that
 * /stats voice answers). The two without the bot are the memory baselines, idle while the bot answers.
 */
import path from "node:path";
import { createDemoWorld, type DemoWorld, type FakeDiscord } from "../../fake-discord/index.js";
import { DISCORD_LIKE, describeLimits, startBenchFake } from "../lib/fake.js";
import { describeError, failedFigure } from "../lib/failure.js";
import { int, mib, seconds, sleep, waitUntil } from "../lib/format.js";
import { type CommandTiming, runCommand } from "../lib/interaction-timing.js";
import { describeLatencies, describeSpread, duration, summarizeLatencies } from "../lib/latency.js";
import { BOT_MEMORY_TARGET, describeIssueTarget } from "../lib/issue-units.js";
import { loadAverage } from "../lib/load-average.js";
import { countAllSamples } from "../lib/metrics-by-label.js";
import { fetchMetrics, sampleValue } from "../lib/metrics-text.js";
import {
  type ExporterProcess,
  type ProcMemory,
  productionArgs,
  readProcMemory,
  spawnCommand,
  spawnExporter,
  waitForFirstSync,
} from "../lib/proc.js";
import { type ScrapeSample, startScrapeLoop } from "../lib/scrape-loop.js";
import {
  describeKinds,
  EXPECTED,
  fireBurst,
  LOCALES,
  SUBCOMMANDS,
  type Subcommand,
  statsRequest,
} from "../lib/stats-commands.js";
import type { Figure, Scenario, ScenarioContext, ScenarioResult } from "../lib/types.js";

const FULL = { perCommand: 30, bursts: 3, burstSize: 20, idleScrapeMs: 5000 };
const QUICK = { perCommand: 3, bursts: 1, burstSize: 20, idleScrapeMs: 2000 };
/** The issue's goal: the final answer within 3 s at p99 (Discord's deadline for the first answer is 3 s too). */
const FINAL_TARGET_MS = 3000;
/** Voice time is written at checkpoints (VOICE_CHECKPOINT_INTERVAL, 30 s by default): /stats voice waits for one. */
const VOICE_WAIT_MS = 90_000;

interface Variant {
  key: "rest" | "gateway" | "bot";
  name: string;
  env: Record<string, string>;
}

const VARIANTS: readonly Variant[] = [
  { key: "rest", name: "REST only", env: { BOT_ENABLED: "false", VOICE_ACTIVITY: "false" } },
  { key: "gateway", name: "gateway, no bot", env: { BOT_ENABLED: "false", VOICE_ACTIVITY: "true" } },
  { key: "bot", name: "bot", env: { BOT_ENABLED: "true", VOICE_ACTIVITY: "true" } },
];

interface Running {
  variant: Variant;
  demo: DemoWorld;
  fake: FakeDiscord;
  proc: ExporterProcess;
  command: string;
}

async function start(variant: Variant, ctx: ScenarioContext): Promise<Running> {
  const demo = createDemoWorld(1);
  const fake = await startBenchFake(demo.world, DISCORD_LIKE);
  const options = {
    apiUrl: fake.url,
    databasePath: path.join(ctx.tmpDir, `${variant.key}.db`),
    guildIds: [demo.guildId],
    env: variant.env,
  };
  try {
    return { variant, demo, fake, proc: await spawnExporter(options), command: spawnCommand(options, 0) };
  } catch (error) {
    await fake.close();
    throw error;
  }
}

/** Synced, history counted, the gateway up where there is one, and /stats registered where the bot is. */
async function ready(running: Running): Promise<void> {
  const { proc, fake, demo, variant } = running;
  await waitForFirstSync(proc, { timeoutMs: 120_000, intervalMs: 200 });
  await waitUntil(
    `${variant.name}: every channel counted${variant.key === "rest" ? "" : " and the gateway up"}`,
    async () => {
      const text = await fetchMetrics(proc.url);
      const backfilling = sampleValue(text, "discord_exporter_channels", { state: "backfilling" }) ?? 0;
      const gatewayUp = variant.key === "rest" || sampleValue(text, "discord_exporter_gateway_up") === 1;
      return backfilling === 0 && gatewayUp ? true : undefined;
    },
    { timeoutMs: 120_000, intervalMs: 200 },
  );
  if (variant.key === "bot") {
    await waitUntil(
      "/stats (with voice) registered",
      () => {
        const [stats] = fake.commands(demo.guildId);
        const names = ((stats?.json.options ?? []) as { name?: string }[]).map((o) => o.name);
        return names.includes("voice") ? true : undefined;
      },
      { timeoutMs: 30_000, intervalMs: 100 },
    );
  }
}

/** After a scrape (which starts the render worker, as Prometheus would) and a moment to settle. */
async function memoryOf(all: readonly Running[]): Promise<MemoryByVariant> {
  await Promise.all(all.map((r) => fetchMetrics(r.proc.url).catch(() => "")));
  await sleep(2000);
  return new Map(all.map((r) => [r.variant.key, readProcMemory(r.proc.pid)]));
}

function request(demo: DemoWorld, subcommand: Subcommand, locale: string, user: string) {
  return statsRequest(demo.world, demo.guildId, subcommand, locale, user);
}

type MemoryByVariant = Map<Variant["key"], ProcMemory | null>;
const rssOf = (memory: MemoryByVariant, key: Variant["key"]) => memory.get(key)?.rssBytes ?? Number.NaN;
const hwmOf = (memory: MemoryByVariant, key: Variant["key"]) => memory.get(key)?.hwmBytes ?? Number.NaN;
const signed = (bytes: number) => `${bytes >= 0 ? "+" : "−"}${mib(Math.abs(bytes))}`;
const added = (memory: MemoryByVariant, key: Variant["key"], base: Variant["key"]) =>
  `RSS ${signed(rssOf(memory, key) - rssOf(memory, base))}, peak ${signed(hwmOf(memory, key) - hwmOf(memory, base))}`;

async function waitForVoiceSeconds(running: Running): Promise<void> {
  await waitUntil(
    "the first voice checkpoint (voice seconds in /metrics)",
    async () =>
      (sampleValue(await fetchMetrics(running.proc.url), "discord_voice_seconds_total") ?? 0) > 0 ? true : undefined,
    { timeoutMs: VOICE_WAIT_MS, intervalMs: 500 },
  );
}

async function measureCommands(
  bot: Running,
  perCommand: number,
  ctx: ScenarioContext,
): Promise<{ figures: Figure[]; all: CommandTiming[] }> {
  const figures: Figure[] = [];
  const all: CommandTiming[] = [];
  for (const subcommand of SUBCOMMANDS) {
    try {
      if (subcommand === "voice") await waitForVoiceSeconds(bot);
      const timings: CommandTiming[] = [];
      for (let i = 0; i < perCommand; i++) {
        for (const locale of LOCALES) {
          timings.push(
            await runCommand(bot.fake, request(bot.demo, subcommand, locale, `${subcommand}-${locale}-${i}`)),
          );
        }
      }
      all.push(...timings);
      ctx.log(`/stats ${subcommand}: ${describeKinds(timings)}`);
      for (const locale of LOCALES) {
        const mine = timings.filter((t) => t.locale === locale);
        const answered = mine.filter((t) => t.finalMs !== null);
        const right = mine.filter((t) => t.kind === EXPECTED[subcommand]);
        const summary = summarizeLatencies(answered.map((t) => t.finalMs!));
        const callbacks = summarizeLatencies(mine.flatMap((t) => (t.callbackMs === null ? [] : [t.callbackMs])));
        figures.push({
          label: `/stats ${subcommand} (${locale}): interaction → final answer`,
          value: describeLatencies(summary),
          target: `p99 ≤ ${seconds(FINAL_TARGET_MS)}`,
          met: summary !== null && summary.p99 <= FINAL_TARGET_MS && right.length === mine.length,
          note: `${describeSpread(summary)}; ${describeKinds(mine)}${right.length === mine.length ? "" : ` (expected ${EXPECTED[subcommand]} every time)`}; first acknowledgement p99 ${callbacks ? duration(callbacks.p99) : "—"}`,
        });
      }
    } catch (error) {
      figures.push(failedFigure(`/stats ${subcommand}`, error));
    }
  }
  return { figures, all };
}

interface BurstOutcome {
  idle: ScrapeSample[];
  during: ScrapeSample[];
  timings: CommandTiming[];
  wallMs: number;
}

/** Scrapes back to back while idle, then while `size` commands of every subcommand arrive at once. */
async function burst(bot: Running, size: number, idleMs: number, round: number): Promise<BurstOutcome> {
  const idleLoop = startScrapeLoop(bot.proc.url, { intervalMs: 0, gzip: true });
  await sleep(idleMs);
  const idle = await idleLoop.stop();
  const loop = startScrapeLoop(bot.proc.url, { intervalMs: 0, gzip: true });
  const t0 = performance.now();
  const timings = await fireBurst(bot.fake, bot.demo.world, bot.demo.guildId, size, `burst${round}`);
  const wallMs = performance.now() - t0;
  const during = await loop.stop();
  return { idle, during, timings, wallMs };
}

export const scenario: Scenario = {
  name: "bot",
  title: "7. Bot",
  async run(ctx): Promise<ScenarioResult> {
    const size = ctx.quick ? QUICK : FULL;
    const loadAtStart = loadAverage();
    const figures: Figure[] = [];
    const details: string[] = [];
    const running: Running[] = [];
    /** Started and synced: measured. */
    const usable: Running[] = [];
    let seriesCount = 0;
    let demoSize = "";
    try {
      const t0 = performance.now();
      // Every process that started is stopped in the end (running), even when another could not start or sync; a
      // baseline that failed costs only its memory rows, the bot's failure the whole scenario.
      const outcomes = await Promise.allSettled(
        VARIANTS.map(async (variant) => {
          const started = await start(variant, ctx);
          running.push(started);
          await ready(started);
          return started;
        }),
      );
      outcomes.forEach((outcome, i) => {
        if (outcome.status === "fulfilled") usable.push(outcome.value);
        else figures.push(failedFigure(`${VARIANTS[i]!.name} exporter`, outcome.reason));
      });
      const bot = usable.find((r) => r.variant.key === "bot");
      if (bot === undefined) {
        const reason = outcomes[VARIANTS.findIndex((v) => v.key === "bot")];
        throw new Error(`the bot's exporter: ${reason?.status === "rejected" ? describeError(reason.reason) : "?"}`);
      }
      const readyMs = performance.now() - t0;
      const text = await fetchMetrics(bot.proc.url);
      seriesCount = countAllSamples(text);
      const world = bot.demo.world;
      const channels = [...world.channels(bot.demo.guildId), ...world.threads(bot.demo.guildId)];
      demoSize = `${channels.length} channels and threads, ${int(channels.reduce((sum, c) => sum + world.messageCount(c.id), 0))} messages`;
      ctx.log(
        `${usable.length} exporters synced in ${seconds(readyMs)}; the bot's /metrics has ${int(seriesCount)} samples`,
      );
      const afterSync = await memoryOf(usable);

      // The render worker's first chart loads fonts and chart.js: what the first person to ask after a start waits.
      const cold = await runCommand(bot.fake, request(bot.demo, "members", "en-US", "first-asker"));
      figures.push({
        label: "first chart after start (cold render worker), /stats members (en-US)",
        value: cold.finalMs === null ? `no answer: ${cold.detail}` : duration(cold.finalMs),
        target: `≤ ${seconds(FINAL_TARGET_MS)}`,
        met: cold.finalMs !== null && cold.finalMs <= FINAL_TARGET_MS && cold.kind === "chart",
        note: `answer: ${cold.kind}; not part of the rows below`,
      });

      const t1 = performance.now();
      const measured = await measureCommands(bot, size.perCommand, ctx);
      figures.push(...measured.figures);
      const answered = summarizeLatencies(measured.all.flatMap((t) => (t.finalMs === null ? [] : [t.finalMs])));
      figures.push({
        label: "every subcommand and locale together: interaction → final answer",
        value: describeLatencies(answered),
        target: `p99 ≤ ${seconds(FINAL_TARGET_MS)}`,
        met: answered !== null && answered.p99 <= FINAL_TARGET_MS,
        note: `${describeSpread(answered)}; one command at a time, each from a new user; took ${seconds(performance.now() - t1)}`,
      });

      try {
        const outcomes: BurstOutcome[] = [];
        for (let round = 0; round < size.bursts; round++) {
          outcomes.push(await burst(bot, size.burstSize, size.idleScrapeMs, round));
          await sleep(1000);
        }
        const timings = outcomes.flatMap((o) => o.timings);
        const full = timings.filter((t) => t.kind === "chart" || t.kind === "embed");
        const finals = summarizeLatencies(timings.flatMap((t) => (t.finalMs === null ? [] : [t.finalMs])));
        const content = summarizeLatencies(full.map((t) => t.finalMs!));
        figures.push({
          label: `burst of ${size.burstSize} commands at once (×${size.bursts}): answers`,
          value: describeKinds(timings),
          note: `each burst: 4 of each subcommand, half en-US, half ja, each from a new user; wall time to the last answer ${outcomes.map((o) => seconds(o.wallMs)).join(", ")}`,
        });
        figures.push({
          label: "burst: interaction → final answer, charts and embeds",
          value: describeLatencies(content),
          target: `p99 ≤ ${seconds(FINAL_TARGET_MS)}`,
          met: content !== null && content.p99 <= FINAL_TARGET_MS,
          note: `${describeSpread(content)}; every final answer, notices included: ${describeLatencies(finals)}`,
        });
        const idle = summarizeLatencies(outcomes.flatMap((o) => o.idle.map((s) => s.ms)));
        const during = summarizeLatencies(outcomes.flatMap((o) => o.during.map((s) => s.ms)));
        figures.push({
          label: `/metrics (${int(seriesCount)} samples, gzip, back to back on one connection): idle`,
          value: describeLatencies(idle),
          note: `${describeSpread(idle)}; ${seconds(size.idleScrapeMs)} before each burst`,
        });
        figures.push({
          label: `/metrics during the burst of ${size.burstSize} commands`,
          value: describeLatencies(during),
          note: `${describeSpread(during)}; from the first command to the last answer`,
        });
      } catch (error) {
        figures.push(failedFigure("burst of commands", error));
      }

      const afterCommands = await memoryOf(usable);
      const measuredKeys = new Set(usable.map((r) => r.variant.key));
      for (const variant of VARIANTS.filter((v) => measuredKeys.has(v.key))) {
        figures.push({
          label: `${variant.name} (${Object.entries(variant.env)
            .map(([k, v]) => `${k}=${v}`)
            .join(" ")}): RSS after sync / after the commands, peak (VmHWM)`,
          value: `${mib(rssOf(afterSync, variant.key))} / ${mib(rssOf(afterCommands, variant.key))}, peak ${mib(hwmOf(afterCommands, variant.key))}`,
          // The issue's "bot enabled" goal holds for the peak of the process that drew every chart and the bursts.
          ...(variant.key === "bot"
            ? {
                target: `peak ${describeIssueTarget(BOT_MEMORY_TARGET)}`,
                met: hwmOf(afterCommands, variant.key) <= BOT_MEMORY_TARGET.bytes,
              }
            : {}),
          note:
            variant.key === "bot" ? "the chart render worker is a thread of this process: included" : "idle meanwhile",
        });
      }
      // A difference needs both processes; a missing baseline was reported as failed above.
      if (measuredKeys.has("gateway")) {
        figures.push({
          label: "resident memory added by the bot (BOT_ENABLED=true vs false, gateway on in both)",
          value: added(afterCommands, "bot", "gateway"),
          note: `after the chart commands; right after the sync, before any chart: RSS ${signed(rssOf(afterSync, "bot") - rssOf(afterSync, "gateway"))}`,
        });
      }
      if (measuredKeys.has("gateway") && measuredKeys.has("rest")) {
        figures.push({
          label: "resident memory added by the gateway session alone (VOICE_ACTIVITY=true vs REST only)",
          value: added(afterCommands, "gateway", "rest"),
          note: "for comparison: what any gateway feature costs before the bot",
        });
      }
      details.push(
        `Exporter processes (\`${productionArgs().join(" ")}\`):\n\n${running.map((r) => `- ${r.variant.name}: \`${r.command}\``).join("\n")}`,
      );
    } finally {
      await Promise.all(
        running.map(async (r) => {
          await r.proc.stop();
          await r.fake.close();
        }),
      );
    }
    return {
      setup: [
        `world: the demo guild (fake-discord/living-guild.ts createDemoWorld(1), what \`npm run demo\` serves; ${demoSize}), without its live activity so that the three processes see the same data; ${describeLimits(DISCORD_LIKE)}`,
        "three exporter processes at once, each with its own fake and database: REST only; VOICE_ACTIVITY=true (the gateway, no bot); BOT_ENABLED=true VOICE_ACTIVITY=true (the bot, with /stats voice); everything else at its default (POLL_INTERVAL 15m)",
        `commands: each subcommand with its default options, ${size.perCommand} times per locale (en-US, ja), one at a time, each from a new user (the 5-s per-user cooldown never answers); /stats voice after the first voice checkpoint (30 s after the gateway connected)`,
        "timed by the fake: wall-clock ms from sending INTERACTION_CREATE to the final answer (the edit of @original with the PNG, or the type 4 reply for summary); the fake, the scrapers and the bench share one process",
        `burst: ${size.burstSize} commands fired at once, ${size.bursts} time(s), with /metrics scraped back to back over one keep-alive connection (gzip) during it and for ${seconds(size.idleScrapeMs)} of idle before it`,
        "memory: VmRSS and VmHWM from /proc/PID/status of each exporter, right after its sync (one scrape, 2 s later) and after the commands (likewise)",
        `load average (1, 5, 15 min) at the scenario's start / end: ${loadAtStart} / ${loadAverage()}`,
      ],
      figures,
      details,
    };
  },
};
