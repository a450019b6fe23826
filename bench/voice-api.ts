/**
 * npx tsx bench/voice-api.ts [--runs N]
 *
 * The voice routes of the JSON API and the dashboard's voice read on a busy guild's five years of voice history,
 * written directly into a database (the rows VOICE_ACTIVITY would have written: 20 voice and stage channels with a
 * long tail of use, people present per channel and day drawn from 5,000 members with a skew, a music bot in the
 * busiest channel). Requests go through the API's Hono routes in process (app.request, no socket: the cost of the
 * reads and the JSON, which is what the voice routes add; bench/dashboard.ts measures the HTTP around them).
 * p50 and p99 of sequential requests for 30 days, a year and all five years. Measures, never asserts.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { mulberry32 } from "../fake-discord/rng.js";
import { createApiRoutes } from "../src/http/api/index.js";
import { addUtcDays } from "../src/history/utc-days.js";
import { createSilentLogger } from "../src/log.js";
import { createHistoryQueries } from "../src/store/history-queries.js";
import { openStore } from "../src/store/open.js";
import { createVoiceHistory } from "../src/store/voice-history.js";
import { fixed, int, ms } from "./lib/format.js";
import { describeMachine } from "./lib/machine.js";

const { values } = parseArgs({ options: { runs: { type: "string", default: "200" } } });
const RUNS = Number(values.runs);
const GUILD = "1300000000000000001";
const TODAY = "2026-06-30";
const DAYS = 5 * 365;
const CHANNELS = 20;
const MEMBERS = 5_000;

function quantile(sorted: readonly number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!;
}

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "bench-voice-"));
const store = openStore({ path: path.join(dir, "voice.db") });
const rng = mulberry32(14);
const written = store.sqlite.transaction(() => {
  const { sqlite } = store;
  sqlite.prepare("INSERT INTO guilds (id, name) VALUES (?, 'Voice bench')").run(GUILD);
  const channel = sqlite.prepare(`INSERT INTO channels (id, guild_id, type, name, state, first_seen_at, updated_at)
    VALUES (?, ?, ?, ?, 'ready', 0, 0)`);
  const time = sqlite.prepare("INSERT INTO voice_daily VALUES (?, ?, ?, ?)");
  const person = sqlite.prepare("INSERT OR IGNORE INTO voice_daily_people VALUES (?, ?, ?)");
  let rows = 0;
  let people = 0;
  for (let c = 0; c < CHANNELS; c++) {
    const id = String(1300000000000001000n + BigInt(c));
    channel.run(id, GUILD, c % 5 === 4 ? 13 : 2, `voice ${c}`);
    for (let d = 0; d < DAYS; d++) {
      // The guild grew: a day at the start has a fifth of the end's visitors.
      const growth = 0.2 + (0.8 * d) / DAYS;
      const visitors = Math.round((rng() * 2 * 60 * growth) / (c / 2 + 1));
      if (visitors === 0) continue;
      const day = addUtcDays(TODAY, d - (DAYS - 1));
      for (let v = 0; v < visitors; v++) {
        // Skewed: a few regulars come most days.
        person.run(id, day, `u${Math.floor(MEMBERS * rng() ** 3)}`);
        people++;
      }
      const humanMs = Math.round(visitors * 40 * 60_000 * (0.5 + rng()));
      time.run(id, day, humanMs, c === 0 ? Math.round(8 * 3_600_000 * rng()) : 0);
      rows++;
    }
  }
  return { rows, people };
})();

const api = createApiRoutes(
  {
    history: createHistoryQueries(store),
    voice: createVoiceHistory(store),
    exportChannelNames: true,
    today: () => TODAY,
  },
  createSilentLogger(),
);

async function time(url: string): Promise<{ p50: number; p99: number; bytes: number }> {
  const samples: number[] = [];
  let bytes = 0;
  for (let i = 0; i < RUNS; i++) {
    const start = performance.now();
    const response = await api.request(url);
    bytes = (await response.arrayBuffer()).byteLength;
    samples.push(performance.now() - start);
    if (response.status !== 200) throw new Error(`${url} answered ${response.status}`);
  }
  samples.sort((a, b) => a - b);
  return { p50: quantile(samples, 0.5), p99: quantile(samples, 0.99), bytes };
}

const machine = describeMachine();
console.log(`# voice API (${machine.cpu}, ${machine.cores} cores, Node ${process.version}), ${RUNS} requests each`);
console.log(
  `${int(CHANNELS)} voice channels, ${int(DAYS)} days: ${int(written.rows)} voice_daily rows, ${int(written.people)} voice_daily_people rows`,
);
const voiceHistory = createVoiceHistory(store);
const firstDay: number[] = [];
for (let i = 0; i < RUNS; i++) {
  const start = performance.now();
  voiceHistory.firstVoiceDay(GUILD);
  firstDay.push(performance.now() - start);
}
firstDay.sort((a, b) => a - b);
console.log(`firstVoiceDay (each page view): p50 ${ms(quantile(firstDay, 0.5))}, p99 ${ms(quantile(firstDay, 0.99))}`);
console.log("| route | range | p50 | p99 | bytes |\n| --- | --- | --- | --- | --- |");
for (const [name, days] of [
  ["30 d", 30],
  ["1 y", 365],
  ["5 y", DAYS],
] as const) {
  const from = addUtcDays(TODAY, -(days - 1));
  const routes = [
    ["voice/daily", `/guilds/${GUILD}/voice/daily?from=${from}&to=${TODAY}`],
    ["voice/daily?channel", `/guilds/${GUILD}/voice/daily?from=${from}&to=${TODAY}&channel=1300000000000001000`],
    ["voice/channels/top", `/guilds/${GUILD}/voice/channels/top?from=${from}&to=${TODAY}`],
  ] as const;
  for (const [route, url] of routes) {
    const result = await time(url);
    console.log(
      `| ${route} | ${name} | ${ms(result.p50)} | ${ms(result.p99)} | ${fixed(result.bytes / 1024, 1)} KiB |`,
    );
  }
}
store.close();
fs.rmSync(dir, { recursive: true, force: true });
