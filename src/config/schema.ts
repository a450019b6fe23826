/**
 * The shape of discord-exporter.yaml, in zod. This checks types only (is `port` a number or text,
 * is `guildIds` a list); values are checked by the same parsers as environment variables
 * (values.ts), so `port: 70000` and `PORT=70000` get the same message.
 *
 * YAML is parsed with integers as bigint, so an unquoted 18-digit server id keeps every digit.
 * Each key's description is the "must be ..." wording used when its type is wrong.
 */
import { z } from "zod";

const text = z.string();
// Ids may be written bare or quoted, but never as floats: 1.2e17 has already lost digits.
const id = z.union([z.string(), z.bigint()]);
const idList = z.union([id, z.array(id)]);
const integer = z.union([z.bigint(), z.number(), z.string()]);
// A bare number is accepted here so that the duration parser can say "add a unit".
const duration = z.union([z.string(), z.bigint(), z.number()]);
// YAML 1.2 reads `yes` as text, not a boolean; the boolean parser accepts it either way.
const flag = z.union([z.boolean(), z.string(), z.bigint()]);

/** `key:` with nothing after it is null: treated as not set, like an empty environment variable. */
function setting<T extends z.ZodType>(schema: T, expected: string) {
  return schema.nullish().describe(expected);
}

export const YamlConfigSchema = z.strictObject({
  token: setting(text, "a string"),
  // The Go exporter's key for a single server id.
  serverID: setting(id, "a server id written as digits"),
  guildIds: setting(idList, "a list of server ids or a comma-separated string"),
  apiUrl: setting(text, "a string"),
  databasePath: setting(text, "a string"),
  port: setting(integer, "a number"),
  host: setting(text, "a string"),
  pollInterval: setting(duration, "a duration like 15m"),
  // The Go exporter's key; excludedChannels is the spelling matching the other camelCase keys.
  excludeChannels: setting(idList, "a list of channel names or ids, or a comma-separated string"),
  excludedChannels: setting(idList, "a list of channel names or ids, or a comma-separated string"),
  concurrency: setting(integer, "a number"),
  logLevel: setting(text, "a string"),
  legacyMetrics: setting(flag, "true or false"),
  exportChannelNames: setting(flag, "true or false"),
  forbiddenRetryInterval: setting(duration, "a duration like 6h"),
  reconcileInterval: setting(duration, 'a duration like 1d, or "off"'),
  requestTimeout: setting(duration, "a duration like 15s"),
});

export type YamlConfig = z.infer<typeof YamlConfigSchema>;
export type YamlKey = keyof YamlConfig;
export const YAML_KEYS: readonly YamlKey[] = YamlConfigSchema.keyof().options;

/** The "must be ..." wording for a key whose YAML type is wrong. */
export function expectedYamlType(key: YamlKey): string {
  return YamlConfigSchema.shape[key].description ?? "a different type";
}
