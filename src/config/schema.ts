/**
 * The shape of discord-exporter.yaml, built from the settings table: every row's YAML keys, each
 * with its YAML type (yaml-types.ts). `key:` with nothing after it is null: treated as not set, like
 * an empty environment variable.
 */
import { z } from "zod";
import { SETTING_NAMES, SETTING_SPECS, type YamlKey, yamlEntriesOf, yamlKeysOf } from "./settings.js";
import type { YamlShape, YamlType, YamlValue } from "./yaml-types.js";

// Ids may be written bare or quoted, but never as floats: 1.2e17 has already lost digits.
const id = z.union([z.string(), z.bigint()]);
const SHAPE_SCHEMAS: Readonly<Record<YamlShape, z.ZodType<YamlValue>>> = {
  text: z.string(),
  id,
  idList: z.union([id, z.array(id)]),
  // A bare number is accepted for durations so that the duration parser can say "add a unit".
  numberOrText: z.union([z.bigint(), z.number(), z.string()]),
  // YAML 1.2 reads `yes` as text, not a boolean; the boolean parser accepts it either way.
  flag: z.union([z.boolean(), z.string(), z.bigint()]),
};

const YAML_TYPES: ReadonlyMap<YamlKey, YamlType> = new Map(SETTING_NAMES.flatMap(yamlEntriesOf));

export const YAML_KEYS: readonly YamlKey[] = [...YAML_TYPES.keys()];

export const YamlConfigSchema = z.strictObject(
  Object.fromEntries([...YAML_TYPES].map(([key, type]) => [key, SHAPE_SCHEMAS[type.shape].nullish()])),
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
