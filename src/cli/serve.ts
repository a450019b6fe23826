import { DiscordRequestError } from "../discord/errors.js";
import { startExporter } from "../exporter.js";
import { StoreError } from "../store/errors.js";
import { acquireInstanceLock, type InstanceLock } from "../store/instance-lock.js";
import { openStore, type Store } from "../store/open.js";
import { readPackageVersion } from "../version.js";
import type { CliIo } from "./io.js";
import { loadServeSettings } from "./load-settings.js";
import { createCliLogger } from "./log-destination.js";

/** Runs the exporter until a stop signal; the composition root of the long-running process. */
export async function serve(io: CliIo): Promise<number> {
  // First thing: a signal during startup must never be lost.
  const stopSignal = io.waitForStopSignal();
  const settings = await loadServeSettings(io);
  if (!settings.ok) {
    for (const error of settings.errors) io.stderr.write(`discord-exporter: ${error}\n`);
    return 2;
  }
  const { config, web } = settings;
  const log = await createCliLogger(config, io);
  const version = readPackageVersion();

  let lock: InstanceLock | undefined;
  let store: Store;
  try {
    lock = acquireInstanceLock(config.databasePath);
    store = openStore({ path: config.databasePath, busyTimeoutMs: config.databaseBusyTimeoutMs });
  } catch (error) {
    lock?.release();
    if (!(error instanceof StoreError)) throw error;
    io.stderr.write(`discord-exporter: ${error.message}\n`);
    return 1;
  }
  const closeStorage = () => {
    store.close();
    lock?.release();
  };

  // Present under --expose-gc, which npm start and the image pass.
  const collectGarbage = (globalThis as { gc?: () => void }).gc;
  const exporter = await startExporter({ config, store, log, version, web, collectGarbage });
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
    io.stderr.write("discord-exporter: Discord rejected the token (401 Unauthorized): check DISCORD_TOKEN\n");
    return 78;
  }
  const signal = typeof first === "object" ? first.signal : await stopSignal;
  // A page that answers after the signal is dropped, not counted (page-loop.ts): its cursor stays, so the next start
  // asks for it again.
  log.info({ signal }, "stopping: waiting for the requests in flight, whose pages are left for the next start");
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
