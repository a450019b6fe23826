/**
 * node --experimental-websocket --import tsx bench/memory/exporter.ts [--quick]
 *
 * Where the exporter's resident memory goes, measured on the production launch (package.json's start script, plus an
 * inert --inspect-port=0): two processes count the same guild side by side against Discord-like limits, each with its
 * own fake: default settings, and BOT_ENABLED=true VOICE_ACTIVITY=true. Printed per process: RSS (anonymous /
 * file-backed) and VmHWM when started, after the first scrape (which starts the metrics render worker), at the end
 * of the count (scraped every second meanwhile), and for the bot after every /stats subcommand and a burst of 20;
 * the resident pages per mapping; the threads; and the main thread's V8 heap (process.memoryUsage() through the
 * inspector, before and after a full GC). Builds dist/ first. Measures, never asserts.
 */
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { startNodeArgs } from "../../scripts/start-command.js";
import { openReadonly, readProgress } from "../lib/db.js";
import { DISCORD_LIKE, startBenchFake } from "../lib/fake.js";
import { int, mib, sleep, waitUntil } from "../lib/format.js";
import { evaluateInProcess } from "../lib/inspector-eval.js";
import { runCommand } from "../lib/interaction-timing.js";
import { fetchMetrics } from "../lib/metrics-text.js";
import { type ExporterProcess, readProcMemory, setCodeRoot, spawnExporter } from "../lib/proc.js";
import { readSmapsByName } from "../lib/smaps.js";
import { describeKinds, fireBurst, LOCALES, SUBCOMMANDS, statsRequest } from "../lib/stats-commands.js";
import { addGuild, addVoiceRoom, createWorld, skewedCounts, YEAR_MS } from "../lib/worlds.js";

const { values } = parseArgs({ options: { quick: { type: "boolean", default: false } } });
const SIZE = values.quick
  ? { channels: 20, total: 10_000, huge: 3_000 }
  : // The largest channel needs 601 pages: two minutes at its bucket's 5 per second.
    { channels: 200, total: 200_000, huge: 60_000 };
const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const TMP = fs.mkdtempSync(path.join(ROOT, "bench/tmp/memory-exporter-"));

execFileSync(process.execPath, [path.join(ROOT, "scripts/build.mjs")], { cwd: ROOT, stdio: "inherit" });
const startArgs = startNodeArgs(ROOT);
if (startArgs === null) throw new Error("package.json's start script is not `node … dist/cli/main.js serve`");
const launch: string[] = startArgs;
setCodeRoot(ROOT, launch);

function describeMemory(proc: ExporterProcess, what: string): string {
  const m = readProcMemory(proc.pid);
  if (m === null) return `${what}: process gone`;
  return `${what}: RSS ${mib(m.rssBytes)} (anonymous ${mib(m.anonBytes)}, file-backed ${mib(m.fileBytes)}), VmHWM ${mib(m.hwmBytes)}`;
}

function describeMappings(proc: ExporterProcess): string[] {
  const rows = readSmapsByName(proc.pid);
  const group = (name: string) =>
    name === "anonymous" || name === "[heap]"
      ? `${name} (V8 heaps of every thread, malloc: SQLite's page caches, Skia, buffers)`
      : name.endsWith(".node")
        ? name.replace(/^.*node_modules\//, "native addon ")
        : name.endsWith(".ttf")
          ? name.replace(/^.*node_modules\//, "font ")
          : name;
  return rows
    .filter((r) => r.rssBytes >= 512 * 1024)
    .map((r) => `    ${mib(r.rssBytes).padStart(10)}  ${group(r.name)}`);
}

function threads(proc: ExporterProcess): string {
  const dir = `/proc/${proc.pid}/task`;
  const names = fs.readdirSync(dir).map((tid) => fs.readFileSync(path.join(dir, tid, "comm"), "utf8").trim());
  const counts = new Map<string, number>();
  for (const name of names) counts.set(name, (counts.get(name) ?? 0) + 1);
  return [...counts].map(([name, n]) => `${name}${n > 1 ? ` ×${n}` : ""}`).join(", ");
}

interface HeapUsage {
  before: NodeJS.MemoryUsage;
  after: NodeJS.MemoryUsage;
}

async function mainHeap(proc: ExporterProcess): Promise<string> {
  const usage = JSON.parse(
    String(
      await evaluateInProcess(
        proc.pid,
        proc.output,
        "(() => { const before = process.memoryUsage(); globalThis.gc?.(); return JSON.stringify({ before, after: process.memoryUsage() }); })()",
      ),
    ),
  ) as HeapUsage;
  const one = (u: NodeJS.MemoryUsage) =>
    `heap used ${mib(u.heapUsed)} of ${mib(u.heapTotal)}, external ${mib(u.external)} (array buffers ${mib(u.arrayBuffers)})`;
  return `main thread's V8 heap (process.memoryUsage() via the inspector): ${one(usage.before)}; after a full GC ${one(usage.after)}`;
}

const world = createWorld(3);
const counts = skewedCounts(SIZE.total, SIZE.channels, 1, SIZE.huge);
const built = addGuild(world, { name: "memory", channelMessages: counts, historyMs: 3 * YEAR_MS });
addVoiceRoom(world, built.guildId);
console.log(
  `guild: ${SIZE.channels} text channels, ${int(built.totalMessages)} messages (largest ${int(SIZE.huge)}), a voice channel with 3 people; node ${launch.join(" ")} (${process.version})`,
);

async function measure(key: string, env: Record<string, string>): Promise<string[]> {
  const fake = await startBenchFake(world, DISCORD_LIKE);
  const databasePath = path.join(TMP, `${key}.db`);
  const lines: string[] = [
    `== ${key} (${
      Object.entries(env)
        .map(([k, v]) => `${k}=${v}`)
        .join(" ") || "default settings"
    })`,
  ];
  const proc = await spawnExporter({
    apiUrl: fake.url,
    databasePath,
    guildIds: [built.guildId],
    env,
    nodeArgs: ["--inspect-port=0", ...launch],
  });
  try {
    await sleep(1000);
    lines.push(describeMemory(proc, "started, before any scrape"), `  threads: ${threads(proc)}`);
    await fetchMetrics(proc.url);
    await sleep(2000);
    lines.push(
      describeMemory(proc, "first scrape done (metrics render worker started)"),
      `  threads: ${threads(proc)}`,
    );
    await waitUntil(
      "the end of the first count",
      async () => {
        await fetchMetrics(proc.url);
        if (!fs.existsSync(databasePath)) return undefined;
        const db = openReadonly(databasePath);
        try {
          const progress = readProgress(db);
          return progress.channels === SIZE.channels && progress.backfilling === 0 ? true : undefined;
        } catch {
          return undefined;
        } finally {
          db.close();
        }
      },
      { timeoutMs: 15 * 60_000, intervalMs: 1000 },
    );
    lines.push(describeMemory(proc, "first count done (scraped every second)"));
    if (env.BOT_ENABLED === "true") {
      const kinds = [];
      for (const subcommand of SUBCOMMANDS) {
        for (const locale of LOCALES) {
          const request = statsRequest(world, built.guildId, subcommand, locale, `memory-${subcommand}-${locale}`);
          kinds.push(await runCommand(fake, { ...request, timeoutMs: 60_000 }));
        }
      }
      lines.push(describeMemory(proc, `every /stats subcommand in en-US and ja (${describeKinds(kinds)})`));
      const burst = await fireBurst(fake, world, built.guildId, 20, "memory-burst");
      lines.push(
        describeMemory(proc, `and a burst of 20 at once (${describeKinds(burst)})`),
        `  threads: ${threads(proc)}`,
      );
    }
    lines.push("  resident by mapping (512 KiB and more):", ...describeMappings(proc));
    // Last: the inspector adds its own memory once opened.
    lines.push(`  ${await mainHeap(proc)}`);
  } finally {
    await proc.stop();
    await fake.close();
  }
  return lines;
}

const results = await Promise.allSettled([
  measure("rest", {}),
  measure("bot", { BOT_ENABLED: "true", VOICE_ACTIVITY: "true" }),
]);
for (const result of results) {
  console.log(result.status === "fulfilled" ? result.value.join("\n") : `failed: ${String(result.reason)}`);
}
fs.rmSync(TMP, { recursive: true, force: true });
