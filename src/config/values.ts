/**
 * Value parsers shared by every source (environment and YAML), so a bad value gets the same
 * message wherever it came from, and their inverses (format*). Pure. Each failure is the part of
 * the error line after the setting's name: `must be an integer from 1 to 65535, got "70000"`.
 */
import { formatDuration, parseDuration } from "./duration.js";
import { quoteValue } from "./describe.js";

/** The log levels pino understands; "silent" turns logging off. */
export const LOG_LEVELS = ["trace", "debug", "info", "warn", "error", "fatal", "silent"] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/** A setting's value before parsing: text (environment, YAML scalar) or a YAML list of texts. */
export type RawValue = string | readonly string[];
export type ValueResult<T> = { ok: true; value: T } | { ok: false; problems: string[] };
export type ValueParser<T> = (raw: RawValue) => ValueResult<T>;

const ok = <T>(value: T): ValueResult<T> => ({ ok: true, value });
const fail = (...problems: string[]): ValueResult<never> => ({ ok: false, problems });

/** Lifts a parser of one text to a RawValue parser; YAML lists only reach list settings, but say so if not. */
export function scalar<T>(parse: (text: string) => ValueResult<T>): ValueParser<T> {
  return (raw) => (typeof raw === "string" ? parse(raw) : fail("must be a single value, got a list"));
}

export function parseToken(text: string): ValueResult<string> {
  // The value itself is never echoed: these messages end up in logs.
  if (/^bot\s/i.test(text)) return fail('must be the bare bot token, without the "Bot " prefix');
  if (/^["']|["']$/.test(text)) return fail("must not be wrapped in quotes");
  if (/\s/.test(text)) return fail("must not contain spaces or line breaks");
  return ok(text);
}

// Snowflakes are unsigned 64-bit integers; every id made since Discord's launch (2015) has 17+ digits.
const SNOWFLAKE = /^\d{17,20}$/;
const MAX_SNOWFLAKE = 2n ** 64n - 1n;

/**
 * Discord server ids, from "id,id" text or a YAML list. Text that holds no id at all is an error;
 * an empty YAML list is not, because another key (serverID) may supply the ids.
 */
export const parseGuildIds: ValueParser<string[]> = (raw) => {
  const items = splitList(raw);
  if (typeof raw === "string" && items.length === 0) {
    return fail(`must list at least one Discord server id, got ${quoteValue(raw)}`);
  }
  const bad = items.filter((item) => !SNOWFLAKE.test(item) || BigInt(item) > MAX_SNOWFLAKE);
  if (bad.length > 0) {
    return fail(...bad.map((item) => `must list Discord server ids (17 to 20 digits), got ${quoteValue(item)}`));
  }
  return ok(unique(items));
};

/** Channel names or ids; not checked against Discord here, that happens when channels are listed. */
export const parseNameList: ValueParser<string[]> = (raw) => ok(unique(splitList(raw)));

export function parseApiUrl(text: string): ValueResult<string> {
  const problem = `must be an http:// or https:// URL like https://discord.com/api, got ${quoteValue(text)}`;
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return fail(problem);
  }
  // Paths are appended to it, so a query or fragment would end up in the middle of every request;
  // credentials would end up in logs.
  const usable =
    (url.protocol === "http:" || url.protocol === "https:") &&
    url.search === "" &&
    url.hash === "" &&
    url.username === "" &&
    url.password === "";
  return usable ? ok(text.replace(/\/+$/, "")) : fail(problem);
}

export function parsePath(text: string): ValueResult<string> {
  return ok(text);
}

/** A file that may be left unset (null); an empty value is "not set", like an empty environment variable. */
export function parseOptionalPath(text: string): ValueResult<string | null> {
  return ok(text === "" ? null : text);
}

export function parseHost(text: string): ValueResult<string> {
  // Catches "http://0.0.0.0:2112" and "0.0.0.0 2112"; brackets are left out because listen() wants bare IPv6.
  return /^[A-Za-z0-9.:%_-]+$/.test(text) && !text.includes("://")
    ? ok(text)
    : fail(`must be a host name or IP address to listen on, like 0.0.0.0 or 127.0.0.1, got ${quoteValue(text)}`);
}

export function integerParser(min: number, max: number): (text: string) => ValueResult<number> {
  return (text) => {
    const value = /^\d{1,15}$/.test(text) ? Number(text) : Number.NaN;
    return value >= min && value <= max
      ? ok(value)
      : fail(`must be an integer from ${min} to ${max}, got ${quoteValue(text)}`);
  };
}

/** Node's timers overflow above 2^31-1 ms (~24.8 days) and fire after 1 ms instead: cap below that. */
export const MAX_DURATION_MS = 24 * 86_400_000;

export interface DurationLimits {
  readonly minMs?: number;
  /** Why the minimum exists, said in the error: "to stay within Discord's rate limits". */
  readonly minReason?: string;
  /** Below MAX_DURATION_MS, for settings with a promise to keep (voice checkpoints at least every minute). */
  readonly maxMs?: number;
}

export function durationParser(limits: DurationLimits = {}): (text: string) => ValueResult<number> {
  return buildDurationParser(limits, false);
}

/** A duration that can be switched off: "off" or "0" mean null (an empty value is "not set"). */
export function optionalDurationParser(limits: DurationLimits = {}): (text: string) => ValueResult<number | null> {
  const parse = buildDurationParser(limits, true);
  return (text) => (text === "0" || text.toLowerCase() === "off" ? ok(null) : parse(text));
}

function buildDurationParser(limits: DurationLimits, canBeOff: boolean): (text: string) => ValueResult<number> {
  const { minMs, minReason } = limits;
  const maxMs = Math.min(limits.maxMs ?? MAX_DURATION_MS, MAX_DURATION_MS);
  const orOff = canBeOff ? ', or "off"' : "";
  const shape = canBeOff ? 'must be "off" or a duration like 1h or 1d' : "must be a duration like 30s, 15m or 1h";
  const tooShort = (text: string) =>
    `must be at least ${formatDuration(minMs ?? 1)}${minReason ? ` ${minReason}` : ""}${orOff}, got ${quoteValue(text)}`;
  const tooLong = (text: string) => `must be at most ${formatDuration(maxMs)}${orOff}, got ${quoteValue(text)}`;

  return (text) => {
    const parsed = parseDuration(text);
    if (parsed.ok) {
      if (minMs !== undefined && parsed.ms < minMs) return fail(tooShort(text));
      if (parsed.ms > maxMs) return fail(tooLong(text));
      return ok(parsed.ms);
    }
    switch (parsed.reason) {
      case "zero":
        return fail(minMs === undefined ? `must be longer than 0${orOff}, got ${quoteValue(text)}` : tooShort(text));
      case "too-large":
        return fail(tooLong(text));
      case "missing-unit":
        return fail(`${shape}, got ${quoteValue(text)} (add a unit: ms, s, m, h or d)`);
      default:
        return fail(`${shape}, got ${quoteValue(text)}`);
    }
  };
}

/** The inverse of optionalDurationParser. */
export function formatOptionalDuration(ms: number | null): string {
  return ms === null ? "off" : formatDuration(ms);
}

const TRUE = new Set(["true", "1", "yes"]);
const FALSE = new Set(["false", "0", "no"]);

export function parseBoolean(text: string): ValueResult<boolean> {
  const word = text.toLowerCase();
  if (TRUE.has(word)) return ok(true);
  if (FALSE.has(word)) return ok(false);
  return fail(`must be true or false (or 1/0, yes/no), got ${quoteValue(text)}`);
}

export const LOG_FORMATS = ["auto", "json", "pretty"] as const;
export type LogFormat = (typeof LOG_FORMATS)[number];

export function parseLogFormat(text: string): ValueResult<LogFormat> {
  const format = LOG_FORMATS.find((candidate) => candidate === text.toLowerCase());
  return format === undefined ? fail(`must be one of ${LOG_FORMATS.join(", ")}, got ${quoteValue(text)}`) : ok(format);
}

export function parseLogLevel(text: string): ValueResult<LogLevel> {
  const level = LOG_LEVELS.find((candidate) => candidate === text.toLowerCase());
  return level === undefined ? fail(`must be one of ${LOG_LEVELS.join(", ")}, got ${quoteValue(text)}`) : ok(level);
}

/** The inverse of the list parsers: the comma-separated form the environment takes. */
export function formatList(items: readonly string[]): string {
  return items.join(",");
}

function splitList(raw: RawValue): string[] {
  const items = typeof raw === "string" ? raw.split(",") : raw;
  return items.map((item) => item.trim()).filter((item) => item !== "");
}

function unique(items: readonly string[]): string[] {
  return [...new Set(items)];
}
