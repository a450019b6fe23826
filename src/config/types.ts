/** The log levels pino understands; "silent" turns logging off. */
export const LOG_LEVELS = ["trace", "debug", "info", "warn", "error", "fatal", "silent"] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/** The exporter's configuration, validated and complete: nothing downstream re-checks it. */
export interface Config {
  token: string;
  guildIds: string[];
  apiUrl: string;
  databasePath: string;
  port: number;
  host: string;
  pollIntervalMs: number;
  excludedChannels: string[];
  concurrency: number;
  logLevel: LogLevel;
  legacyMetrics: boolean;
  exportChannelNames: boolean;
  forbiddenRetryMs: number;
  reconcileIntervalMs: number | null;
  requestTimeoutMs: number;
  configFile: string | null;
}

/** Config fields that come from a setting (environment variable and/or YAML key). */
export type SettingName = Exclude<keyof Config, "configFile">;

/** What parseConfig and loadConfig return: a complete config, or every problem found. */
export type ConfigResult = { ok: true; config: Config } | { ok: false; errors: string[] };
