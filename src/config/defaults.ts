import type { Config } from "./types.js";

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;

/** Every setting that may be omitted; token and guild ids have no sensible default. */
export type ConfigDefaults = Readonly<
  Omit<Config, "token" | "guildIds" | "configFile" | "excludedChannels"> & {
    excludedChannels: readonly string[];
  }
>;

export const DEFAULTS: ConfigDefaults = Object.freeze({
  apiUrl: "https://discord.com/api",
  databasePath: "./data/discord-exporter.db",
  port: 2112,
  host: "0.0.0.0",
  pollIntervalMs: 15 * MINUTE,
  excludedChannels: Object.freeze([]),
  concurrency: 5,
  logLevel: "info",
  legacyMetrics: false,
  // Names are on by default for dashboards; turning them off keeps private channel names out of Prometheus.
  exportChannelNames: true,
  forbiddenRetryMs: 6 * HOUR,
  reconcileIntervalMs: null,
  requestTimeoutMs: 15 * SECOND,
});

/** The file looked for in the working directory when CONFIG_FILE is not set. */
export const DEFAULT_CONFIG_FILE_NAME = "discord-exporter.yaml";
