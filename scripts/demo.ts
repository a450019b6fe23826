// npm run demo: a simulated, living Discord guild and the real exporter against it, with the bot, live updates and
// voice activity on. No token needed; scripts/fire-command.ts plays a Discord user running /stats.
import { spawn } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { createDemoWorld, startLivingActivity } from "../fake-discord/living-guild.js";
import { startFakeDiscord } from "../fake-discord/server.js";
import { startNodeArgs } from "./start-command.js";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const DEMO_TOKEN = "demo-token-not-a-secret";
const port = process.env.PORT ?? "2112";
// A fixed port, so that the command to fire /stats at it can be printed (and typed).
const fakePort = Number(process.env.FAKE_DISCORD_PORT ?? "3210");

const demo = createDemoWorld(1);
// Discord-like limits (5 requests per second per route, 50/s in all), so the backfill is visible for a moment.
const fake = await startFakeDiscord(demo.world, { token: DEMO_TOKEN, rateLimits: true, port: fakePort });
const stopActivity = startLivingActivity(demo.world, { intervalMs: 2000 });

// The exporter as `npm start` runs it, with its node flags: the built JavaScript (predemo builds it).
const launch = startNodeArgs(ROOT);
if (launch === null) throw new Error("package.json's start script is not `node … dist/cli/main.js serve`");
const exporter = spawn(process.execPath, launch, {
  cwd: ROOT,
  stdio: "inherit",
  env: {
    ...process.env,
    CONFIG_FILE: "",
    DISCORD_TOKEN: DEMO_TOKEN,
    DISCORD_GUILD_ID: demo.guildId,
    DISCORD_API_URL: fake.url,
    DATABASE_PATH: process.env.DATABASE_PATH ?? path.join(ROOT, "data", "demo.db"),
    POLL_INTERVAL: process.env.POLL_INTERVAL ?? "30s",
    PORT: port,
    LOG_LEVEL: process.env.LOG_LEVEL ?? "info",
    BOT_ENABLED: process.env.BOT_ENABLED ?? "true",
    LIVE_UPDATES: process.env.LIVE_UPDATES ?? "true",
    VOICE_ACTIVITY: process.env.VOICE_ACTIVITY ?? "true",
  },
});

process.stdout.write(
  [
    "",
    `Demo: fake Discord at ${fake.url} with the guild "Demo Community" (${demo.guildId}), new messages every 2 s.`,
    `Exporter: http://127.0.0.1:${port}/ (status page) and http://127.0.0.1:${port}/metrics, syncing every 30 s.`,
    `Try: curl -s localhost:${port}/metrics | grep discord_channel_messages`,
    "Ask the bot, as a Discord user would (the reply's text is printed, its chart saved):",
    `  npx tsx scripts/fire-command.ts --url http://127.0.0.1:${fake.port} stats members --days 30 --locale ja --out members.png`,
    `  npx tsx scripts/fire-command.ts --url http://127.0.0.1:${fake.port} stats channels --limit 5 --out channels.png`,
    "Ctrl-C stops both.",
    "",
  ].join("\n"),
);

let stopping = false;
const stop = () => {
  if (stopping) return;
  stopping = true;
  stopActivity();
  exporter.kill("SIGTERM");
};
process.on("SIGINT", stop);
process.on("SIGTERM", stop);
exporter.on("exit", (code) => {
  stopActivity();
  void fake.close().then(() => process.exit(code ?? 0));
});
