// Composition root: configuration, database, Discord client, metrics, HTTP server, poll loop, signals.
import crypto from "node:crypto";
import fs from "node:fs";
import { loadConfig } from "./config/index.js";
import { DiscordRequestError } from "./discord/errors.js";
import { startExporter } from "./exporter.js";
import { loadWebSecurity, type WebSecurity } from "./http/web-security.js";
import { createLogger } from "./log.js";
import { StoreError } from "./store/errors.js";
import { acquireInstanceLock, type InstanceLock } from "./store/instance-lock.js";
import { openStore, type Store } from "./store/open.js";
import { readPackageVersion } from "./version.js";

/** Resolves with the first SIGTERM/SIGINT; installed first thing so a signal during startup is never lost. */
function waitForStopSignal(): Promise<string> {
  return new Promise((resolve) => {
    process.once("SIGTERM", () => resolve("SIGTERM"));
    process.once("SIGINT", () => resolve("SIGINT"));
  });
}

async function main(): Promise<number> {
  const stopSignal = waitForStopSignal();
  const loaded = await loadConfig({
    env: process.env,
    cwd: process.cwd(),
    readFile: (file) => fs.promises.readFile(file, "utf8"),
  });
  if (!loaded.ok) {
    for (const error of loaded.errors) process.stderr.write(`discord-exporter: ${error}\n`);
    return 2;
  }
  const config = loaded.config;
  let web: WebSecurity | null = null;
  if (config.webConfigFile !== null) {
    const security = await loadWebSecurity(config.webConfigFile, {
      readFile: (file) => fs.promises.readFile(file, "utf8"),
      now: Date.now,
      randomBytes: crypto.randomBytes,
    });
    if (!security.ok) {
      for (const error of security.errors) process.stderr.write(`discord-exporter: ${error}\n`);
      return 2;
    }
    web = security.value;
  }
  const log = createLogger({ level: config.logLevel, secrets: [config.token] });
  const version = readPackageVersion();

  let lock: InstanceLock | undefined;
  let store: Store;
  try {
    lock = acquireInstanceLock(config.databasePath);
    store = openStore({ path: config.databasePath });
  } catch (error) {
    lock?.release();
    if (!(error instanceof StoreError)) throw error;
    process.stderr.write(`discord-exporter: ${error.message}\n`);
    return 1;
  }
  const closeStorage = () => {
    store.close();
    lock?.release();
  };

  const exporter = await startExporter({ config, store, log, version, web });
  if (web) log.info({ web: web.summary }, "web configuration loaded");
  const tokenCheck = exporter.api.fetchBotUser().then(
    (bot) => {
      log.info({ bot: bot.username, guilds: config.guildIds, version }, "connected to Discord");
      return "ok" as const;
    },
    (error: unknown) => {
      if (error instanceof DiscordRequestError && error.kind === "unauthorized") return "rejected" as const;
      // Discord down at start is a transient fault: keep serving and retry at the next sync.
      log.warn({ err: error }, "could not reach Discord at start; will keep trying");
      return "unreachable" as const;
    },
  );
  const first = await Promise.race([tokenCheck, stopSignal.then((signal) => ({ signal }))]);
  if (first === "rejected") {
    await exporter.stop();
    closeStorage();
    process.stderr.write("discord-exporter: Discord rejected the token (401 Unauthorized): check DISCORD_TOKEN\n");
    return 78;
  }
  const signal = typeof first === "object" ? first.signal : await stopSignal;
  log.info({ signal }, "stopping: finishing the page in flight");
  try {
    await exporter.stop();
    closeStorage();
    log.info("stopped cleanly");
    return 0;
  } catch (error) {
    log.error({ err: error }, "error while stopping");
    return 1;
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`discord-exporter: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
