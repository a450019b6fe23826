/**
 * Where each setting comes from (environment variable, YAML keys) and how its value is parsed.
 * The environment variable's name is also the setting's name in error messages. Defaults live in
 * defaults.ts.
 */
import type { YamlKey } from "./schema.js";
import type { Config, SettingName } from "./types.js";
import {
  durationParser,
  integerParser,
  optionalDurationParser,
  parseApiUrl,
  parseBoolean,
  parseGuildIds,
  parseHost,
  parseLogLevel,
  parseNameList,
  parsePath,
  parseToken,
  scalar,
  type ValueParser,
} from "./values.js";

export interface SettingSpec<T> {
  readonly env: string;
  /** YAML keys, preferred first. Only list settings have several; their values are combined. */
  readonly yamlKeys: readonly YamlKey[];
  readonly parse: ValueParser<T>;
  /** How values from several YAML keys are joined; without it the first key's value is used. */
  readonly combine?: (values: readonly T[]) => T;
}

export type Settings = { readonly [K in SettingName]: SettingSpec<Config[K]> };

const SECOND = 1000;
const HOUR = 3_600_000;

export const LIMITS = Object.freeze({
  port: { min: 1, max: 65_535 },
  // Each poll costs requests per channel; beyond ~50 in flight Discord's global rate limit is what bounds us.
  concurrency: { min: 1, max: 50 },
  pollIntervalMinMs: 10 * SECOND,
  // A reconcile is a full pass over every channel; more often than hourly is a rate-limit hazard.
  reconcileIntervalMinMs: HOUR,
});

const joinLists = (lists: readonly string[][]): string[] => [...new Set(lists.flat())];

export const SETTINGS: Settings = {
  token: { env: "DISCORD_TOKEN", yamlKeys: ["token"], parse: scalar(parseToken) },
  guildIds: {
    env: "DISCORD_GUILD_ID",
    yamlKeys: ["guildIds", "serverID"],
    parse: parseGuildIds,
    combine: joinLists,
  },
  apiUrl: { env: "DISCORD_API_URL", yamlKeys: ["apiUrl"], parse: scalar(parseApiUrl) },
  databasePath: {
    env: "DATABASE_PATH",
    yamlKeys: ["databasePath"],
    parse: scalar(parsePath),
  },
  port: {
    env: "PORT",
    yamlKeys: ["port"],
    parse: scalar(integerParser(LIMITS.port.min, LIMITS.port.max)),
  },
  host: { env: "HOST", yamlKeys: ["host"], parse: scalar(parseHost) },
  pollIntervalMs: {
    env: "POLL_INTERVAL",
    yamlKeys: ["pollInterval"],
    parse: scalar(
      durationParser({ minMs: LIMITS.pollIntervalMinMs, minReason: "to stay within Discord's rate limits" }),
    ),
  },
  excludedChannels: {
    env: "EXCLUDED_CHANNELS",
    yamlKeys: ["excludedChannels", "excludeChannels"],
    parse: parseNameList,
    combine: joinLists,
  },
  concurrency: {
    env: "CONCURRENCY",
    yamlKeys: ["concurrency"],
    parse: scalar(integerParser(LIMITS.concurrency.min, LIMITS.concurrency.max)),
  },
  logLevel: { env: "LOG_LEVEL", yamlKeys: ["logLevel"], parse: scalar(parseLogLevel) },
  legacyMetrics: {
    env: "LEGACY_METRICS",
    yamlKeys: ["legacyMetrics"],
    parse: scalar(parseBoolean),
  },
  exportChannelNames: {
    env: "EXPORT_CHANNEL_NAMES",
    yamlKeys: ["exportChannelNames"],
    parse: scalar(parseBoolean),
  },
  forbiddenRetryMs: {
    env: "FORBIDDEN_RETRY_INTERVAL",
    yamlKeys: ["forbiddenRetryInterval"],
    parse: scalar(durationParser()),
  },
  reconcileIntervalMs: {
    env: "RECONCILE_INTERVAL",
    yamlKeys: ["reconcileInterval"],
    parse: scalar(optionalDurationParser({ minMs: LIMITS.reconcileIntervalMinMs })),
  },
  requestTimeoutMs: {
    env: "DISCORD_REQUEST_TIMEOUT",
    yamlKeys: ["requestTimeout"],
    parse: scalar(durationParser()),
  },
};
