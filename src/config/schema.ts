/**
 * The shape of discord-exporter.yaml, built from the settings table: every row's YAML keys, each
 * with its YAML type (yaml-types.ts). `key:` with nothing after it is null: treated as not set, like
 * an empty environment variable.
 */
import { z } from "zod";
import { SETTING_NAMES, SETTING_SPECS, type YamlKey, yamlEntriesOf, yamlKeysOf } from "./settings.js";
import type { YamlType, YamlValue } from "./yaml-types.js";

const YAML_TYPES: ReadonlyMap<YamlKey, YamlType> = new Map(SETTING_NAMES.flatMap(yamlEntriesOf));

export const YAML_KEYS: readonly YamlKey[] = [...YAML_TYPES.keys()];

export const YamlConfigSchema = z.strictObject(
  Object.fromEntries([...YAML_TYPES].map(([key, type]) => [key, type.schema.nullish()])),
);

export type YamlConfig = { readonly [Key in YamlKey]?: YamlValue | null };

/** The "must be ..." wording for a key whose YAML type is wrong. */
export function expectedYamlType(key: YamlKey): string {
  return YAML_TYPES.get(key)?.expected ?? "a different type";
}

/** Someone who writes DISCORD_TOKEN: in the file meant token: (the setting's preferred key). */
export const ENV_NAME_ALIASES: ReadonlyMap<string, YamlKey> = new Map(
  SETTING_NAMES.flatMap((name) => {
    const [preferred] = yamlKeysOf(name);
    return preferred === undefined ? [] : [[SETTING_SPECS[name].env, preferred] as const];
  }),
);
