// npm run demo: a simulated, living Discord guild and the real exporter against it. No token needed.
import { spawn } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { createDemoWorld, startLivingActivity } from "../fake-discord/living-guild.js";
import { startFakeDiscord } from "../fake-discord/server.js";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const DEMO_TOKEN = "demo-token-not-a-secret";
const port = process.env.PORT ?? "2112";

const demo = createDemoWorld(1);
// Discord-like limits (5 requests per second per route, 50/s in all), so the backfill is visible for a moment.
const fake = await startFakeDiscord(demo.world, { token: DEMO_TOKEN, rateLimits: true });
const stopActivity = startLivingActivity(demo.world, { intervalMs: 2000 });

// The exporter as `npm start` runs it: compiled JavaScript (predemo builds it).
const exporter = spawn(process.execPath, ["--max-semi-space-size=2", path.join(ROOT, "dist/cli/main.js"), "serve"], {
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
  },
});

process.stdout.write(
  [
    "",
    `Demo: fake Discord at ${fake.url} with the guild "Demo Community" (${demo.guildId}), new messages every 2 s.`,
    `Exporter: http://127.0.0.1:${port}/ (status page) and http://127.0.0.1:${port}/metrics, syncing every 30 s.`,
    `Try: curl -s localhost:${port}/metrics | grep discord_channel_messages`,
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
