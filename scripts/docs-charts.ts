/**
 * npm run docs:charts: the README's pictures of /stats (docs/images/stats-*.png), each the PNG the bot answered with.
 *
 * The fake Discord runs the demo guild; the real exporter (bot and voice activity on) counts it over REST and the
 * gateway, on a real SQLite file, with its clock injected: a month of the guild's life (scripts/docs-charts-month.ts)
 * passes hour by hour, each hour ending with a sync, so the member samples, the daily buckets and the voice time are
 * written by the exporter itself, never by hand. Then each /stats command is fired through the fake's gateway and the
 * attachment of the bot's reply is saved. The clock and the seeds are fixed: running it again draws the same charts.
 *
 *   npm run docs:charts                 # writes docs/images/stats-*.png and prints each reply's text
 *   npm run docs:charts -- --out-dir /tmp/charts
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { createDemoWorld } from "../fake-discord/living-guild.js";
import { startFakeDiscord } from "../fake-discord/server.js";
import { type Config, DEFAULTS } from "../src/config/index.js";
import { startExporter } from "../src/exporter.js";
import { createLogger } from "../src/log.js";
import { openStore } from "../src/store/open.js";
import { createMonthDriver } from "./docs-charts-month.js";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const TOKEN = "docs-charts-token-not-a-secret";
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/** The last hour of the month shown: fixed, so the pictures only change when the code does. */
const END_MS = Date.UTC(2026, 10, 30, 21, 0);
const DAYS = 30;
/** The guild's big day, counted from the first day of the month. */
const EVENT_DAY = 19;

interface Shot {
  file: string;
  command: string;
  options: Record<string, string>;
  locale: string;
}

/** One picture per chart in dark (the default) and one in light, in English and in Japanese. */
function shots(): Shot[] {
  const charts = [
    { chart: "members", options: { days: String(DAYS) } },
    { chart: "channels", options: { days: String(DAYS) } },
    { chart: "activity", options: { days: String(DAYS) } },
    { chart: "voice", options: { days: String(DAYS) } },
  ];
  const out: Shot[] = [];
  for (const [lang, locale] of [
    ["en", "en-US"],
    ["ja", "ja"],
  ] as const) {
    for (const { chart, options } of charts) {
      out.push({ file: `stats-${chart}-${lang}-dark.png`, command: `stats ${chart}`, options, locale });
    }
    out.push({
      file: `stats-activity-${lang}-light.png`,
      command: "stats activity",
      options: { days: String(DAYS), theme: "light" },
      locale,
    });
  }
  return out;
}

function parseOutDir(argv: readonly string[]): string {
  const index = argv.indexOf("--out-dir");
  if (index < 0) return path.join(ROOT, "docs", "images");
  const dir = argv[index + 1];
  if (dir === undefined || dir.startsWith("--")) throw new Error("--out-dir needs a directory");
  return path.resolve(dir);
}

/** Resolves once `check` answers true, polling every 10 ms; gateway events arrive on their own time. */
async function waitUntil(what: string, check: () => boolean, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

async function main(): Promise<void> {
  const outDir = parseOutDir(process.argv.slice(2));
  const startMs = END_MS - DAYS * DAY + HOUR;
  let now = startMs;
  const clock = () => now;
  const demo = createDemoWorld(1, { now: clock });
  const { world, guildId } = demo;
  const fake = await startFakeDiscord(world, { token: TOKEN });
  const tempDir = fs.mkdtempSync(path.join(os.tmpdir(), "discord-exporter-docs-charts-"));
  const store = openStore({ path: path.join(tempDir, "docs.db") });
  const config: Config = {
    ...DEFAULTS,
    excludedChannels: [],
    token: TOKEN,
    guildIds: [guildId],
    apiUrl: fake.url,
    databasePath: store.path,
    host: "127.0.0.1",
    port: 0,
    // Syncs are driven below, one per simulated hour; the timer never fires during the run.
    pollIntervalMs: DAY,
    configFile: null,
    // The fake has no rate limits here; discord.js's own 50 requests/s would only make the month slower.
    globalRateLimit: 10_000,
    botEnabled: true,
    voiceActivity: true,
  };
  // Errors only: the demo's unreadable channel is reported at every sync, which says nothing about the pictures.
  const log = createLogger({ level: "error", secrets: [TOKEN], destination: process.stderr });
  const exporter = await startExporter({ config, store, log, version: "docs", clock, maxStaleMs: 0 });
  const voice = exporter.gateway?.voice;
  if (!voice) throw new Error("the exporter started without voice activity");
  const storedSessions = () =>
    (
      store.sqlite.prepare("SELECT user_id AS user, channel_id AS channel FROM voice_sessions").all() as {
        user: string;
        channel: string;
      }[]
    )
      .map((row) => `${row.user} ${row.channel}`)
      .sort()
      .join(",");
  const worldSessions = () =>
    world
      .voiceStates(guildId)
      .map((state) => `${state.userId} ${state.channelId}`)
      .sort()
      .join(",");
  const voiceArrived = () =>
    waitUntil("the voice states to reach the exporter", () => storedSessions() === worldSessions());

  try {
    await exporter.loop.syncNow();
    await exporter.loop.backfills.idle();
    await waitUntil("/stats to be registered", () => fake.commands(guildId).length > 0);
    await voiceArrived();

    const driver = createMonthDriver({ ...demo, startMs, seed: 20261130 }, { eventDay: EVENT_DAY });
    for (let t = startMs + HOUR; t <= END_MS; t += HOUR) {
      // Every session's time up to the hour, before the clock moves on.
      voice.checkpoint();
      now = t;
      driver.step(t);
      await voiceArrived();
      await exporter.loop.syncNow();
      if ((t - startMs) % (5 * DAY) === 0) process.stderr.write(`docs:charts: day ${(t - startMs) / DAY} of ${DAYS}\n`);
    }
    voice.checkpoint();
    await exporter.loop.backfills.idle();

    fs.mkdirSync(outDir, { recursive: true });
    const askers = world.guildHumans(guildId);
    for (const [index, shot] of shots().entries()) {
      // A different person each time: the bot's per-user cooldown would refuse a second chart within 5 s.
      const handle = fake.interactions.fire({
        name: shot.command,
        options: shot.options,
        locale: shot.locale,
        guildId,
        channelId: demo.channels.general,
        user: askers[index + 1] ?? askers[0],
      });
      const reply = await handle.waitForReply(30_000);
      const png = reply.attachments[0];
      if (png === undefined || png.contentType !== "image/png")
        throw new Error(`/${shot.command} answered without a chart: ${reply.content}`);
      const file = path.join(outDir, shot.file);
      fs.writeFileSync(file, png.data);
      process.stdout.write(
        `${path.relative(ROOT, file)} (${Math.round(png.data.length / 1024)} KiB)\n  ${reply.content}\n`,
      );
    }
  } finally {
    await exporter.stop();
    await fake.close();
    store.close();
    fs.rmSync(tempDir, { recursive: true, force: true });
  }
}

await main();
