import { DEFAULT_DAYS, DEFAULT_LIMIT, MAX_DAYS, MAX_LIMIT, type StatsSubcommand } from "./stats-command.js";

/** What a /stats invocation asks for, validated. */
export interface StatsRequest {
  subcommand: StatsSubcommand;
  days: number;
  limit: number;
  /** activity: one channel (with its threads) instead of the whole guild. */
  channelId: string | null;
  theme: "dark" | "light";
}

/** The invocation's options as Discord sends them: the subcommand and its options by name. */
export interface StatsInvocation {
  subcommand: string | null;
  options: ReadonlyMap<string, string | number | boolean>;
}

export type StatsRequestError =
  | { kind: "unknown_subcommand"; subcommand: string | null }
  | { kind: "out_of_range"; option: "days" | "limit"; value: unknown; min: number; max: number };

const SUBCOMMANDS: readonly StatsSubcommand[] = ["members", "channels", "activity", "summary", "voice"];

/**
 * Discord's client enforces min_value/max_value, but a bot must check anyway: an old registration, another client or
 * a hand-made request can send anything. Pure.
 */
export function parseStatsRequest(
  invocation: StatsInvocation,
): { ok: true; request: StatsRequest } | { ok: false; error: StatsRequestError } {
  const subcommand = SUBCOMMANDS.find((name) => name === invocation.subcommand);
  if (subcommand === undefined)
    return { ok: false, error: { kind: "unknown_subcommand", subcommand: invocation.subcommand } };
  const days = integerOption(invocation, "days", DEFAULT_DAYS, MAX_DAYS);
  if (!days.ok) return days;
  const limit = integerOption(invocation, "limit", DEFAULT_LIMIT, MAX_LIMIT);
  if (!limit.ok) return limit;
  const channel = invocation.options.get("channel");
  const theme = invocation.options.get("theme") === "light" ? "light" : "dark";
  return {
    ok: true,
    request: {
      subcommand,
      days: days.value,
      limit: limit.value,
      channelId: typeof channel === "string" && /^\d{1,20}$/.test(channel) ? channel : null,
      theme,
    },
  };
}

function integerOption(
  invocation: StatsInvocation,
  option: "days" | "limit",
  fallback: number,
  max: number,
): { ok: true; value: number } | { ok: false; error: StatsRequestError } {
  const value = invocation.options.get(option);
  if (value === undefined) return { ok: true, value: fallback };
  if (typeof value === "number" && Number.isInteger(value) && value >= 1 && value <= max) return { ok: true, value };
  return { ok: false, error: { kind: "out_of_range", option, value, min: 1, max } };
}
