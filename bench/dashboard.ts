/**
 * npx tsx bench/dashboard.ts [--runs N] [--page-runs N]
 *
 * The dashboard and the JSON API on a guild of 200 channels (190 text channels, 10 forums with 60 posts each) and
 * five years of history, written directly into a database (bench/lib/history-db.ts: the rows a count would have
 * written; counting millions of messages through the fake would take an hour). The real exporter serves it
 * (startExporter, pointed at a Discord that refuses connections, so no sync changes the data), and this measures:
 * - time to first byte of `/` (Node's fetch, over loopback);
 * - the full page load in Debian's chromium: navigation until every chart is drawn, and the TTFB it saw;
 * - each API route's latency, p50 and p99 of sequential requests, for 30 days, a year and all five years.
 * Measures, never asserts; prints the numbers.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { DEFAULTS } from "../src/config/index.js";
import { startExporter } from "../src/exporter.js";
import { createSilentLogger } from "../src/log.js";
import { openStore } from "../src/store/open.js";
import { setup as buildDist } from "../test/global-setup.js";
import { hasChromium, launchChromium } from "../test/helpers/chromium.js";
import { fixed, int, mib } from "./lib/format.js";
import { writeHistory } from "./lib/history-db.js";
import { describeMachine } from "./lib/machine.js";

const { values } = parseArgs({
  options: { runs: { type: "string", default: "200" }, "page-runs": { type: "string", default: "10" } },
});
const RUNS = Number(values.runs);
const PAGE_RUNS = Number(values["page-runs"]);
const GUILD = "1300000000000000001";
const TODAY = new Date().toISOString().slice(0, 10);

function quantile(sorted: readonly number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!;
}

function summary(samples: readonly number[]) {
  const sorted = [...samples].sort((a, b) => a - b);
  return { p50: quantile(sorted, 0.5), p99: quantile(sorted, 0.99), max: sorted.at(-1)! };
}

const msText = (value: number) => `${fixed(value, value < 10 ? 2 : 1)} ms`;

/** `beforeEach` runs outside the timing: a commit (store.noteWrite) there makes every request miss the caches. */
async function timeRequests(
  url: string,
  runs: number,
  beforeEach: () => void = () => {},
): Promise<{ ttfb: number[]; total: number[]; bytes: number }> {
  const ttfb: number[] = [];
  const total: number[] = [];
  let bytes = 0;
  for (let i = 0; i < runs; i++) {
    beforeEach();
    const start = performance.now();
    const response = await fetch(url);
    ttfb.push(performance.now() - start);
    const body = await response.arrayBuffer();
    total.push(performance.now() - start);
    if (response.status !== 200) throw new Error(`${url} answered ${response.status}`);
    bytes = body.byteLength;
  }
  return { ttfb, total, bytes };
}

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "bench-dashboard-"));
const file = path.join(dir, "history.db");
console.log(`machine: ${JSON.stringify(describeMachine())}`);
await buildDist();
const store = openStore({ path: file });
const started = performance.now();
const built = writeHistory(store, {
  guildId: GUILD,
  days: 5 * 365 + 1,
  until: TODAY,
  textChannels: 190,
  forums: 10,
  postsPerForum: 60,
  peak: 300,
  members: 12_000,
  sampleEveryMs: 15 * 60_000,
});
store.sqlite.pragma("wal_checkpoint(TRUNCATE)");
console.log(
  `database: ${built.channels} channels, ${int(built.threads)} threads, ${int(built.messages)} messages, ${int(built.dailyMessageRows)} daily rows, ${int(built.dailyAuthorRows)} author rows, ${int(built.memberSamples)} member samples; ${mib(fs.statSync(file).size)}, written in ${fixed((performance.now() - started) / 1000)} s`,
);

const exporter = await startExporter({
  config: {
    ...DEFAULTS,
    excludedChannels: [],
    token: "bench-token-not-used-anywhere-00000000",
    guildIds: [GUILD],
    // Nothing listens there: the first sync fails as a transient error and leaves the data as written.
    apiUrl: "http://127.0.0.1:9",
    requestTimeoutMs: 1000,
    databasePath: file,
    host: "127.0.0.1",
    port: 0,
    pollIntervalMs: 24 * 3_600_000,
    configFile: null,
  },
  store,
  log: createSilentLogger(),
  version: "bench",
});
const base = exporter.url;
// What a sync's commit does to every cache keyed on the database generation (the active-member answers).
const commit = () => store.noteWrite();

console.log("\n## Time to first byte of the page (fetch over loopback)\n");
console.log("| page | TTFB p50 | TTFB p99 | body p99 | size |");
console.log("| --- | --- | --- | --- | --- |");
for (const range of ["30d", "all"]) {
  const { ttfb, total, bytes } = await timeRequests(`${base}/?range=${range}`, RUNS, commit);
  const t = summary(ttfb);
  console.log(
    `| /?range=${range} | ${msText(t.p50)} | ${msText(t.p99)} | ${msText(summary(total).p99)} | ${fixed(bytes / 1024)} KiB |`,
  );
}

console.log("\n## JSON API latency (sequential requests, whole answer)\n");
console.log("| route | range | p50 | p99 | max | answer |");
console.log("| --- | --- | --- | --- | --- | --- |");
const firstDay = ((await (await fetch(`${base}/api/v1/guilds`)).json()) as { guilds: { first_day: string }[] })
  .guilds[0]!.first_day;
const dayBefore = (days: number) =>
  new Date(Date.parse(`${TODAY}T00:00:00Z`) - days * 86_400_000).toISOString().slice(0, 10);
const busiest = (
  store.sqlite
    .prepare("SELECT id FROM channels WHERE guild_id = ? AND type = 0 ORDER BY human_messages DESC LIMIT 1")
    .get(GUILD) as {
    id: string;
  }
).id;
const forum = (store.sqlite.prepare("SELECT id FROM channels WHERE type = 15 LIMIT 1").get() as { id: string }).id;
const routes: [string, (from: string) => string, "cached" | "after a commit" | ""][] = [
  ["guilds", () => "/api/v1/guilds", ""],
  ["members (max_points=1000)", (from) => `/api/v1/guilds/${GUILD}/members?from=${from}&max_points=1000`, ""],
  ["members (every sample)", (from) => `/api/v1/guilds/${GUILD}/members?from=${from}`, ""],
  ["messages/daily", (from) => `/api/v1/guilds/${GUILD}/messages/daily?from=${from}`, ""],
  [
    "messages/daily?channel (busiest)",
    (from) => `/api/v1/guilds/${GUILD}/messages/daily?from=${from}&channel=${busiest}`,
    "",
  ],
  ["active-members/daily", (from) => `/api/v1/guilds/${GUILD}/active-members/daily?from=${from}`, "after a commit"],
  ["active-members/daily", (from) => `/api/v1/guilds/${GUILD}/active-members/daily?from=${from}`, "cached"],
  ["channels/top", (from) => `/api/v1/guilds/${GUILD}/channels/top?from=${from}`, ""],
  [
    "channels/{forum}/sources/daily",
    (from) => `/api/v1/guilds/${GUILD}/channels/${forum}/sources/daily?from=${from}`,
    "",
  ],
];
const ranges: [string, string][] = [
  ["30 d", dayBefore(29)],
  ["1 y", dayBefore(364)],
  ["5 y", firstDay],
];
for (const [name, url, cache] of routes) {
  const beforeEach = cache === "after a commit" ? commit : () => {};
  for (const [rangeName, from] of name === "guilds" ? [ranges[0]!] : ranges) {
    // Fewer runs where one answer takes long, so the whole run stays within minutes.
    const probe = await timeRequests(`${base}${url(from)}`, 3, beforeEach);
    const runs = summary(probe.total).p50 > 50 ? Math.min(RUNS, 30) : RUNS;
    const { total, bytes } = await timeRequests(`${base}${url(from)}`, runs, beforeEach);
    const t = summary(total);
    console.log(
      `| ${name}${cache ? ` (${cache})` : ""} | ${name === "guilds" ? "-" : rangeName} | ${msText(t.p50)} | ${msText(t.p99)} | ${msText(t.max)} | ${bytes >= 1024 * 1024 ? mib(bytes) : `${fixed(bytes / 1024)} KiB`} (${runs} runs) |`,
    );
  }
}

if (hasChromium) {
  console.log("\n## Full page load in chromium (navigation until every chart is drawn)\n");
  console.log("| page | viewport | after | TTFB p50 | load p50 | load max | requests |");
  console.log("| --- | --- | --- | --- | --- | --- | --- |");
  const chromium = await launchChromium();
  try {
    for (const [range, width, fresh] of [
      ["30d", 1280, true],
      ["1y", 1280, true],
      ["all", 1280, true],
      ["all", 1280, false],
      ["30d", 375, true],
    ] as const) {
      const loads: number[] = [];
      const ttfbs: number[] = [];
      let requests = 0;
      for (let i = 0; i < PAGE_RUNS; i++) {
        const page = await chromium.browser.newPage();
        await page.setViewport({ width, height: 900 });
        let count = 0;
        page.on("request", () => count++);
        if (fresh) commit();
        const start = performance.now();
        await page.goto(`${base}/?range=${range}`, { waitUntil: "load" });
        await page.waitForFunction("document.documentElement.dataset.charts === 'ready'", { timeout: 60_000 });
        loads.push(performance.now() - start);
        const navigation = (await page.evaluate(
          "JSON.stringify(performance.getEntriesByType('navigation')[0])",
        )) as string;
        const timing = JSON.parse(navigation) as { responseStart: number; requestStart: number };
        ttfbs.push(timing.responseStart - timing.requestStart);
        requests = count;
        await page.close();
      }
      const load = summary(loads);
      console.log(
        `| /?range=${range} | ${width} px | ${fresh ? "a commit" : "the same page"} | ${msText(summary(ttfbs).p50)} | ${msText(load.p50)} | ${msText(load.max)} | ${requests} |`,
      );
    }
  } finally {
    await chromium.close();
  }
  console.log(
    "\n(The first load of a browser profile downloads chart.js and the modules; later loads revalidate them, 304.)",
  );
} else {
  console.log("\n/usr/bin/chromium is not installed: no full page load measured.");
}

await exporter.stop();
store.close();
fs.rmSync(dir, { recursive: true, force: true });
