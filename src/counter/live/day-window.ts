import { snowflakeAt } from "../../discord/snowflake.js";
import type { CountedWindow } from "../../store/day-writes.js";

const DAY_MS = 86_400_000;

/** Exclusive snowflake bounds of the part of one UTC day that a channel's cursors say was counted. */
export interface DayWindow {
  lower: bigint;
  upper: bigint;
}

export type DayWindowResult = { kind: "window"; window: DayWindow } | { kind: "not_counted" | "outside_window" };

/**
 * The part of the day starting at dayStartMs that the cursors cover: a stored bucket holds exactly the day's messages
 * inside it, so a recount of that same part may replace the bucket, whatever the cursors do outside the day.
 */
export function countedDayWindow(cursors: CountedWindow, dayStartMs: number): DayWindowResult {
  if (cursors.lastSeenId === null) return { kind: "not_counted" };
  const lowestCounted = cursors.backfillDone
    ? 0n
    : cursors.backfillBeforeId === null
      ? null
      : BigInt(cursors.backfillBeforeId);
  if (lowestCounted === null) return { kind: "not_counted" };
  const upper = min(BigInt(snowflakeAt(dayStartMs + DAY_MS)), BigInt(cursors.lastSeenId) + 1n);
  const lower = max(BigInt(snowflakeAt(dayStartMs)) - 1n, lowestCounted - 1n);
  if (upper - lower <= 1n) return { kind: "outside_window" };
  return { kind: "window", window: { lower, upper } };
}

/** Whether the cursors still cover exactly this part of the day (the recount's compare-and-set). */
export function coversSameWindow(cursors: CountedWindow, dayStartMs: number, window: DayWindow): boolean {
  const now = countedDayWindow(cursors, dayStartMs);
  return now.kind === "window" && now.window.lower === window.lower && now.window.upper === window.upper;
}

const min = (a: bigint, b: bigint) => (a < b ? a : b);
const max = (a: bigint, b: bigint) => (a > b ? a : b);
