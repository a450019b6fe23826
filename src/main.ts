// Composition root: configuration, database, Discord client, metrics, HTTP server, poll loop, signals.
import fs from "node:fs";
import { loadConfig } from "./config/index.js";
import { DiscordRequestError } from "./discord/errors.js";
import { startExporter } from "./exporter.js";
import { createLogger } from "./log.js";
import { StoreError } from "./store/errors.js";
import { acquireInstanceLock } from "./store/instance-lock.js";
import { openStore } from "./store/open.js";
import { readPackageVersion } from "./version.js";

async function main(): Promise<number> {
  const loaded = await loadConfig({ env: process.env, cwd: process.cwd(), readFile: (file) => fs.promises.readFile(file, "utf8") });
  if (!loaded.ok) {
    for (const error of loaded.errors) process.stderr.write(`discord-exporter: ${error}\n`);
    return 2;
  }
  const config = loaded.config;
  const log = createLogger({ level: config.logLevel, secrets: [config.token] });
  const version = readPackageVersion();

  let store;
  let lock;
  try {
    lock = acquireInstanceLock(config.databasePath);
    store = openStore({ path: config.databasePath });
  } catch (error) {
    lock?.release();
    if (!(error instanceof StoreError)) throw error;
    process.stderr.write(`discord-exporter: ${error.message}\n`);
    return 1;
  }

  const exporter = await startExporter({ config, store, log, version });
  try {
    const bot = await exporter.api.fetchBotUser();
    log.info({ bot: bot.username, guilds: config.guildIds, version }, "connected to Discord");
  } catch (error) {
    if (error instanceof DiscordRequestError && error.kind === "unauthorized") {
      await exporter.stop();
      store.close();
      lock.release();
      process.stderr.write("discord-exporter: Discord rejected the token (401 Unauthorized): check DISCORD_TOKEN\n");
      return 78;
    }
    // Discord down at start is a transient fault: keep serving and retry at the next sync.
    log.warn({ err: error }, "could not reach Discord at start; will keep trying");
  }

  return new Promise<number>((resolve) => {
    let stopping = false;
    const shutdown = (signal: string) => {
      if (stopping) return;
      stopping = true;
      log.info({ signal }, "stopping: finishing the page in flight");
      exporter
        .stop()
        .then(() => {
          store.close();
          lock.release();
          log.info("stopped cleanly");
          resolve(0);
        })
        .catch((error: unknown) => {
          log.error({ err: error }, "error while stopping");
          resolve(1);
        });
    };
    process.once("SIGTERM", () => shutdown("SIGTERM"));
    process.once("SIGINT", () => shutdown("SIGINT"));
  });
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`discord-exporter: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
