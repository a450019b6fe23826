/**
 * Where the first full count loses time against its floor: one exporter process counts a skewed guild from scratch
 * against Discord-like limits, then the busiest channel's requests in the fake's log are split into boot, late
 * window starts, short windows and tail (bench/lib/bucket-pace.ts). Smaller worlds than the bench's first-count
 * scenario make iterating quick; the full one is `--channels 200 --total 1000000 --huge 300000`.
 *
 *   npx tsx bench/first-count-pace.ts [--channels 20] [--total 100000] [--huge 30000] [--scrape-ms 15000]
 */
import fs from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { analyzeBucketPace } from "./lib/bucket-pace.js";
import { openReadonly, readProgress } from "./lib/db.js";
import { DISCORD_LIKE, startBenchFake } from "./lib/fake.js";
import { fixed, int, seconds, sleep } from "./lib/format.js";
import { loadAverage } from "./lib/load-average.js";
import { ROOT, setCodeRoot, spawnExporter } from "./lib/proc.js";
import { takeSnapshot } from "./lib/snapshot.js";
import { addGuild, createWorld, skewedCounts, YEAR_MS } from "./lib/worlds.js";

const { values } = parseArgs({
  options: {
    channels: { type: "string", default: "20" },
    total: { type: "string", default: "100000" },
    huge: { type: "string", default: "30000" },
    "scrape-ms": { type: "string", default: "15000" },
  },
});
const channels = Number(values.channels);
const total = Number(values.total);
const hugeSize = Number(values.huge);
const scrapeMs = Number(values["scrape-ms"]);

const tmpRoot = path.join(ROOT, "bench", "tmp");
fs.mkdirSync(tmpRoot, { recursive: true });
const snapshot = takeSnapshot(ROOT, tmpRoot);
if (snapshot.buildError) throw new Error(`no compiled build: ${snapshot.buildError}`);
setCodeRoot(snapshot.dir, snapshot.launch);

const world = createWorld(2);
const counts = skewedCounts(total, channels, 1, hugeSize);
const built = addGuild(world, { name: "first-count", channelMessages: counts, historyMs: 3 * YEAR_MS });
const hugeId = built.channelIds[0] ?? "";
const fake = await startBenchFake(world, DISCORD_LIKE);
const databasePath = path.join(snapshot.dir, "exporter.db");
const loadBefore = loadAverage();
const spawnedAt = Date.now();
const proc = await spawnExporter({ apiUrl: fake.url, databasePath, guildIds: [built.guildId] });
const scraper = setInterval(() => {
  fetch(`${proc.url}/metrics`, { headers: { "accept-encoding": "gzip" } })
    .then((response) => response.text())
    .catch(() => undefined);
}, scrapeMs);
let doneAt = 0;
try {
  for (;;) {
    await sleep(100);
    if (!fs.existsSync(databasePath)) continue;
    try {
      const db = openReadonly(databasePath);
      const progress = readProgress(db);
      db.close();
      if (progress.channels === channels && progress.backfilling === 0) {
        doneAt = Date.now();
        if (progress.counted !== built.totalMessages)
          throw new Error(`counted ${progress.counted} of ${built.totalMessages} messages`);
        break;
      }
    } catch (error) {
      if (error instanceof Error && error.message.startsWith("counted")) throw error;
    }
  }
} finally {
  clearInterval(scraper);
  await proc.stop();
}
const stats = fake.stats();
const log = [...fake.requests];
await fake.close();
fs.rmSync(snapshot.dir, { recursive: true, force: true });

const limits = {
  perWindow: DISCORD_LIKE.perRoute.limit,
  windowMs: DISCORD_LIKE.perRoute.windowMs,
  globalPerSecond: DISCORD_LIKE.globalPerSecond,
};
const r = analyzeBucketPace(log, hugeId, spawnedAt, doneAt, limits);
const lost = r.wallMs - r.floorMs;
const line = (label: string, ms: number, extra = "") =>
  process.stdout.write(
    `  ${label.padEnd(46)} ${seconds(ms).padStart(9)} ${fixed((ms / Math.max(lost, 1)) * 100, 0).padStart(4)} %${extra ? `  ${extra}` : ""}\n`,
  );
process.stdout.write(
  `${channels} channels, ${int(built.totalMessages)} messages, busiest ${int(hugeSize)}; load average before ${loadBefore}, after ${loadAverage()}\n`,
);
process.stdout.write(
  `wall ${seconds(r.wallMs)} (spawn → done), busiest channel's floor ${seconds(r.floorMs)} (${int(r.pages)} pages): ${fixed(r.wallMs / r.floorMs, 3)}×, ${seconds(lost)} lost\n`,
);
process.stdout.write(
  `requests ${int(log.length)}, 429s ${stats.rateLimited} (${stats.globalRateLimited} global, ${r.tooMany} on the busiest channel)\n`,
);
line("process start → first request", r.bootMs);
line("first request → busiest channel's first page", r.beforeFirstPageMs);
line(
  "late window starts",
  r.lateMs,
  `${int(r.windows)} windows, p50 ${fixed(r.lateP50Ms, 0)} ms, p90 ${fixed(r.lateP90Ms, 0)} ms, max ${fixed(r.lateMaxMs, 0)} ms, ${r.lateOver50} > 50 ms; ${seconds(r.lateGlobalMs)} while the global window was full`,
);
process.stdout.write(
  `    latest: ${r.worstLate.map((w) => `${fixed(w.lateMs, 0)} ms at t=${seconds(w.atMs)}`).join(", ")}\n`,
);
line(
  "short windows (unused slots)",
  r.shortMs,
  `${r.shortWindows} windows; ${seconds(r.shortGlobalMs)} while the global window was full`,
);
line("last page → done seen (100 ms polls)", r.tailMs);
process.stdout.write(`  in-window gap between pages p50 ${fixed(r.inWindowGapP50Ms, 1)} ms\n`);
for (const p of r.phases)
  process.stdout.write(
    `  ${p.name}: ${p.windows} windows, ${fixed(p.pagesPerSecond, 3)} pages/s, late ${seconds(p.lateMs)}, short ${seconds(p.shortMs)}\n`,
  );
