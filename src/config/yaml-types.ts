/**
 * The YAML types a setting's key may be written as, each with the "must be ..." wording used when the
 * file has the key with another type. Types only (is `port` a number or text, is `guildIds` a list):
 * values are checked by the same parsers as environment variables (values.ts), so `port: 70000` and
 * `PORT=70000` get the same message.
 *
 * YAML is parsed with integers as bigint, so an unquoted 18-digit server id keeps every digit.
 */

/** A YAML value that got past its key's type check: what the value parsers are given, as text. */
export type YamlValue = string | bigint | number | boolean | (string | bigint)[];

/**
 * The YAML shapes a key accepts, by name: schema.ts turns each into its zod schema. Named here rather than built
 * here so that the settings table does not load zod (~6 MB of resident memory) when there is no YAML file.
 */
export type YamlShape = "text" | "id" | "idList" | "numberOrText" | "flag";

export interface YamlType {
  readonly shape: YamlShape;
  /** Completes "<key> must be ...". */
  readonly expected: string;
}

export const YAML_TEXT: YamlType = { shape: "text", expected: "a string" };
export const YAML_INTEGER: YamlType = { shape: "numberOrText", expected: "a number" };
export const YAML_FLAG: YamlType = { shape: "flag", expected: "true or false" };
export const YAML_SERVER_ID: YamlType = { shape: "id", expected: "a server id written as digits" };
export const YAML_SERVER_IDS: YamlType = {
  shape: "idList",
  expected: "a list of server ids or a comma-separated string",
};
export const YAML_CHANNELS: YamlType = {
  shape: "idList",
  expected: "a list of channel names or ids, or a comma-separated string",
};

/** `example` is shown in the wording: "a duration like 15m". */
export function yamlDuration(example: string): YamlType {
  return { shape: "numberOrText", expected: `a duration like ${example}` };
}

/** A duration that can be switched off with `off` (or 0). */
export function yamlOptionalDuration(example: string): YamlType {
  return { shape: "numberOrText", expected: `a duration like ${example}, or "off"` };
}
