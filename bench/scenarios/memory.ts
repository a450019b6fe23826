/**
 * 4. Memory: RSS of the exporter process (sampled every 200 ms from /proc, peak from VmHWM) while it backfills one
 * channel of 1,000,000 messages, and how it moves as the count grows. The production launch (compiled JavaScript) and
 * the TypeScript sources under tsx run side by side, each against its own fake, to show what the loader costs.
 */
import fs from "node:fs";
import path from "node:path";
import type Database from "better-sqlite3";
import type { RateLimitOptions, RequestLogEntry, World } from "../../fake-discord/index.js";
import { openReadonly, readProgress } from "../lib/db.js";
import { DISCORD_LIKE, describeLimits, startBenchFake } from "../lib/fake.js";
import { fixed, int, mib, seconds, sleep } from "../lib/format.js";
import {
  productionArgs,
  readProcCpuSeconds,
  readProcMemory,
  spawnCommand,
  spawnExporter,
  waitForFirstSync,
} from "../lib/proc.js";
import { TSX_LAUNCH } from "../lib/snapshot.js";
import type { Figure, Scenario, ScenarioContext, ScenarioResult } from "../lib/types.js";
import { addGuild, createWorld, YEAR_MS } from "../lib/worlds.js";

const FULL = { messages: 1_000_000 };
const QUICK = { messages: 20_000 };
const PEAK_TARGET_BYTES = 150 * 1024 * 1024;
/** "Flat": after the first quarter (V8 lets the heap grow before its first full collection), RSS grows less than this. */
const FLAT_TOLERANCE_BYTES = 15 * 1024 * 1024;
const MESSAGES_ROUTE = "/channels/:id/messages";
const SCRAPE_EVERY_MS = 10_000;

/** The messages route's per-channel bucket is raised so the run is bound by the global 50/s, not by 5 pages/s. */
const LIMITS: RateLimitOptions = { ...DISCORD_LIKE, routes: { [MESSAGES_ROUTE]: { limit: 1000, windowMs: 1000 } } };

interface Sample {
  atMs: number;
  pages: number;
  rssBytes: number;
  anonBytes: number;
}

interface Run {
  name: string;
  command: string;
  samples: Sample[];
  peakBytes: number;
  pageLog: RequestLogEntry[];
  cpuSeconds: number | null;
}

function readAnon(pid: number): number {
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, "utf8");
    return Number(/^RssAnon:\s+(\d+) kB/m.exec(status)?.[1] ?? Number.NaN) * 1024;
  } catch {
    return Number.NaN;
  }
}

async function backfill(world: World, guildId: string, name: string, nodeArgs: string[], dir: string): Promise<Run> {
  const fake = await startBenchFake(world, LIMITS);
  const databasePath = path.join(dir, `${name.replace(/\W+/g, "-")}.db`);
  const options = { apiUrl: fake.url, databasePath, guildIds: [guildId], nodeArgs };
  const command = spawnCommand(options, 0);
  const proc = await spawnExporter(options);
  const samples: Sample[] = [];
  let db: Database.Database | null = null;
  let peakBytes = 0;
  let cpuSeconds: number | null = null;
  let lastCheck = 0;
  let pageLog: RequestLogEntry[] = [];
  // Scraped like Prometheus would, so the render worker and its memory are part of the picture.
  const scraper = setInterval(() => {
    fetch(`${proc.url}/metrics`, { headers: { "accept-encoding": "gzip" } })
      .then((response) => response.arrayBuffer())
      .catch(() => undefined);
  }, SCRAPE_EVERY_MS);
  const pagesServed = () => {
    let n = 0;
    for (const entry of fake.requests) if (entry.route === MESSAGES_ROUTE && entry.status === 200) n++;
    return n;
  };
  try {
    for (;;) {
      const memory = readProcMemory(proc.pid);
      if (memory === null) throw new Error(`exporter exited:\n${proc.output()}`);
      samples.push({
        atMs: Date.now() - proc.startedAt,
        pages: pagesServed(),
        rssBytes: memory.rssBytes,
        anonBytes: readAnon(proc.pid),
      });
      if (Date.now() - lastCheck > 1000) {
        lastCheck = Date.now();
        if (db === null && fs.existsSync(databasePath)) db = openReadonly(databasePath);
        if (db !== null) {
          const progress = readProgress(db);
          if (progress.channels === 1 && progress.backfilling === 0) {
            peakBytes = readProcMemory(proc.pid)?.hwmBytes ?? 0;
            cpuSeconds = readProcCpuSeconds(proc.pid);
            break;
          }
        }
      }
      if (Date.now() - proc.startedAt > 30 * 60_000) throw new Error("backfill did not finish in 30 min");
      await sleep(200);
    }
  } finally {
    clearInterval(scraper);
    db?.close();
    await proc.stop();
    pageLog = fake.requests.filter((entry) => entry.route === MESSAGES_ROUTE && entry.status === 200);
    await fake.close();
  }
  return { name, command, samples, peakBytes, pageLog, cpuSeconds };
}

/** RSS of an exporter that has synced a tiny guild, been scraped once and sits idle: the fixed cost. */
async function idleFootprint(nodeArgs: string[], dir: string): Promise<{ rss: number; hwm: number }> {
  const world = createWorld(40);
  const built = addGuild(world, { name: "idle", channelMessages: [10], historyMs: YEAR_MS });
  const fake = await startBenchFake(world, false);
  const proc = await spawnExporter({
    apiUrl: fake.url,
    databasePath: path.join(dir, `idle-${Date.now()}.db`),
    guildIds: [built.guildId],
    nodeArgs,
  });
  try {
    await waitForFirstSync(proc, { timeoutMs: 60_000, intervalMs: 100 });
    await sleep(2000);
    const memory = readProcMemory(proc.pid);
    return { rss: memory?.rssBytes ?? Number.NaN, hwm: memory?.hwmBytes ?? Number.NaN };
  } finally {
    await proc.stop();
    await fake.close();
  }
}

function describeRun(
  run: Run,
  expectedPages: number,
  targeted: boolean,
): { figures: Figure[]; detail: string; growth: number } {
  const at = (fraction: number) => run.samples.find((s) => s.pages >= expectedPages * fraction) ?? run.samples.at(-1)!;
  const marks = [0.1, 0.25, 0.5, 0.75, 1].map((f) => at(f));
  const quarter = at(0.25);
  const laterMax = Math.max(...run.samples.filter((s) => s.pages >= expectedPages * 0.5).map((s) => s.rssBytes));
  const growth = laterMax - quarter.rssBytes;
  const lastQuarter = run.samples.filter((s) => s.pages >= expectedPages * 0.75).map((s) => s.rssBytes);
  const pageTimes = run.pageLog.map((entry) => entry.at);
  const backfillMs = Math.max(1, (pageTimes.at(-1) ?? 0) - (pageTimes[0] ?? 0));
  const maxSampled = Math.max(...run.samples.map((s) => s.rssBytes));
  const peakAt = run.samples.find((s) => s.rssBytes === maxSampled)!;
  const figures: Figure[] = [
    {
      label: `${run.name}: RSS at 10 / 25 / 50 / 75 / 100 % of the backfill`,
      value: `${marks.map((m) => fixed(m.rssBytes / 1024 / 1024, 0)).join(" / ")} MiB`,
      note: `of which anonymous (heaps) ${marks.map((m) => fixed(m.anonBytes / 1024 / 1024, 0)).join(" / ")} MiB; RSS at start ${mib(run.samples[0]!.rssBytes)}`,
    },
    {
      label: `${run.name}: growth from 25 % to the highest RSS over 50–100 %`,
      value: `${growth >= 0 ? "+" : ""}${mib(growth)}`,
      target: targeted ? `flat (≤ ${mib(FLAT_TOLERANCE_BYTES)})` : undefined,
      met: targeted ? growth <= FLAT_TOLERANCE_BYTES : undefined,
      note: `RSS over the last quarter: ${mib(Math.min(...lastQuarter))} – ${mib(Math.max(...lastQuarter))}`,
    },
    {
      label: `${run.name}: peak RSS (VmHWM)`,
      value: mib(run.peakBytes),
      target: targeted ? "≤ 150 MiB" : undefined,
      met: targeted ? run.peakBytes <= PEAK_TARGET_BYTES : undefined,
      note: `highest 200 ms sample ${mib(maxSampled)} at ${int(peakAt.pages)} pages (${fixed((peakAt.pages / expectedPages) * 100, 0)} %); ${int(expectedPages)} pages in ${seconds(backfillMs)} (${fixed((expectedPages / backfillMs) * 1000, 1)} pages/s), exporter CPU ${run.cpuSeconds === null ? "?" : `${fixed(run.cpuSeconds, 1)} s`}`,
    },
  ];
  const step = Math.max(1, Math.floor(run.samples.length / 24));
  const detail = `**${run.name}** — \`${run.command}\`. RSS samples (time since spawn: pages counted, RSS, of which anonymous):\n\n${run.samples
    .filter((_, i) => i % step === 0 || i === run.samples.length - 1)
    .map((s) => `- ${fixed(s.atMs / 1000, 1)} s: ${int(s.pages)} pages, ${mib(s.rssBytes)} (${mib(s.anonBytes)})`)
    .join("\n")}`;
  return { figures, detail, growth };
}

export const scenario: Scenario = {
  name: "memory",
  title: "4. Memory",
  async run(ctx: ScenarioContext): Promise<ScenarioResult> {
    const size = ctx.quick ? QUICK : FULL;
    const world = createWorld(4);
    const built = addGuild(world, { name: "memory", channelMessages: [size.messages], historyMs: 3 * YEAR_MS });
    const expectedPages = Math.floor(size.messages / 100) + 1;
    const production = productionArgs();
    const compiled = production[0] !== TSX_LAUNCH[0];
    const variants: { name: string; args: string[] }[] = [
      { name: `production launch (node ${production.join(" ")})`, args: production },
    ];
    if (compiled) variants.push({ name: "TypeScript sources under tsx (development)", args: TSX_LAUNCH });
    ctx.log(`backfilling one channel of ${int(size.messages)} messages: ${variants.map((v) => v.name).join(" and ")}`);
    const runs = await Promise.all(
      variants.map((variant) => backfill(world, built.guildId, variant.name, variant.args, ctx.tmpDir)),
    );

    const figures: Figure[] = [];
    const details: string[] = [];
    for (const [index, run] of runs.entries()) {
      const described = describeRun(run, expectedPages, index === 0);
      figures.push(...described.figures);
      details.push(described.detail);
    }
    for (const variant of variants) {
      const idle = await idleFootprint(variant.args, ctx.tmpDir);
      figures.push({
        label: `${variant.name}: idle exporter (tiny guild synced, scraped once): RSS / peak`,
        value: `${mib(idle.rss)} / ${mib(idle.hwm)}`,
        note: "the fixed cost before any backfill",
      });
    }
    return {
      setup: [
        `one text channel of ${int(size.messages)} messages over 3 years (${int(expectedPages)} pages), fresh database`,
        "exporter: its own process, production REST defaults, CONCURRENCY 5; RSS from /proc/PID/status (VmRSS and RssAnon every 200 ms, VmHWM at the end)",
        compiled
          ? "two variants at the same time, each with its own fake and database: the production launch (compiled JavaScript, as `npm start` and the Dockerfile run it) and the TypeScript sources under tsx (how tests and the demo run it), to show what the loader costs; the target applies to the first"
          : "the production launch (TypeScript sources under tsx)",
        `/metrics scraped every ${SCRAPE_EVERY_MS / 1000} s during the run, as Prometheus would (this starts the render worker)`,
        `${describeLimits(LIMITS)} — the messages bucket is raised so that the 1M channel takes minutes instead of 33 (at 5 pages/s); the global 50/s still applies`,
      ],
      figures,
      details,
    };
  },
};
