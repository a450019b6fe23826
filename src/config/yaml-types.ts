/**
 * The YAML types a setting's key may be written as, each with the "must be ..." wording used when the
 * file has the key with another type. Types only (is `port` a number or text, is `guildIds` a list):
 * values are checked by the same parsers as environment variables (values.ts), so `port: 70000` and
 * `PORT=70000` get the same message.
 *
 * YAML is parsed with integers as bigint, so an unquoted 18-digit server id keeps every digit.
 */
import { z } from "zod";

/** A YAML value that got past its key's type check: what the value parsers are given, as text. */
export type YamlValue = string | bigint | number | boolean | (string | bigint)[];

export interface YamlType {
  readonly schema: z.ZodType<YamlValue>;
  /** Completes "<key> must be ...". */
  readonly expected: string;
}

const text = z.string();
// Ids may be written bare or quoted, but never as floats: 1.2e17 has already lost digits.
const id = z.union([z.string(), z.bigint()]);
const idList = z.union([id, z.array(id)]);
// A bare number is accepted for durations so that the duration parser can say "add a unit".
const numberOrText = z.union([z.bigint(), z.number(), z.string()]);
// YAML 1.2 reads `yes` as text, not a boolean; the boolean parser accepts it either way.
const flag = z.union([z.boolean(), z.string(), z.bigint()]);

export const YAML_TEXT: YamlType = { schema: text, expected: "a string" };
export const YAML_INTEGER: YamlType = { schema: numberOrText, expected: "a number" };
export const YAML_FLAG: YamlType = { schema: flag, expected: "true or false" };
export const YAML_SERVER_ID: YamlType = { schema: id, expected: "a server id written as digits" };
export const YAML_SERVER_IDS: YamlType = {
  schema: idList,
  expected: "a list of server ids or a comma-separated string",
};
export const YAML_CHANNELS: YamlType = {
  schema: idList,
  expected: "a list of channel names or ids, or a comma-separated string",
};

/** `example` is shown in the wording: "a duration like 15m". */
export function yamlDuration(example: string): YamlType {
  return { schema: numberOrText, expected: `a duration like ${example}` };
}

/** A duration that can be switched off with `off` (or 0). */
export function yamlOptionalDuration(example: string): YamlType {
  return { schema: numberOrText, expected: `a duration like ${example}, or "off"` };
}
