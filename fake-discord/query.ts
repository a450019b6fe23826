/** Query-string validation with Discord's error shapes (400 50035 "Invalid Form Body"). */

import { invalidFormBody } from "./errors.js";
import { parseSnowflakeParam } from "./snowflake.js";

/** An integer `limit` in [min, max], `fallback` when absent. */
export function parseLimit(query: URLSearchParams, fallback: number, min: number, max: number): number {
  const raw = query.get("limit");
  if (raw === null) return fallback;
  if (!/^-?\d+$/.test(raw.trim())) throw invalidFormBody("limit", "NUMBER_TYPE_COERCE", `Value "${raw}" is not int.`);
  const value = Number(raw);
  if (value < min)
    throw invalidFormBody("limit", "NUMBER_TYPE_MIN", `int value should be greater than or equal to ${min}.`);
  if (value > max)
    throw invalidFormBody("limit", "NUMBER_TYPE_MAX", `int value should be less than or equal to ${max}.`);
  return value;
}

/** A snowflake parameter (`before`, `after`, `around`); null when absent. */
export function parseSnowflake(query: URLSearchParams, field: string): bigint | null {
  const raw = query.get(field);
  if (raw === null) return null;
  const value = parseSnowflakeParam(raw.trim());
  if (value === null) throw invalidFormBody(field, "NUMBER_TYPE_COERCE", `Value "${raw}" is not snowflake.`);
  return value;
}

/** An ISO 8601 timestamp parameter, as ms; null when absent. */
export function parseIsoTimestamp(query: URLSearchParams, field: string): number | null {
  const raw = query.get(field);
  if (raw === null) return null;
  const ms = /^\d{4}-\d{2}-\d{2}/.test(raw) ? Date.parse(raw) : Number.NaN;
  if (Number.isNaN(ms))
    throw invalidFormBody(field, "DATE_TIME_TYPE_PARSE", `Could not parse ${raw}. Should be ISO8601.`);
  return ms;
}

export function isTrue(query: URLSearchParams, field: string): boolean {
  return query.get(field)?.toLowerCase() === "true";
}
