import { snowflakeAt } from "../../discord/snowflake.js";
import { startOfUtcDayMs } from "../../history/utc-days.js";
import { readChannel } from "../../store/channel-rows.js";
import { ACTIVE_STATES } from "../../store/channel-states.js";
import { replaceDay } from "../../store/day-writes.js";
import { applyChannelEvent } from "../channel-events.js";
import type { CounterDeps } from "../deps.js";
import { walkPages } from "../page-loop.js";
import { emptyTally, mergeTally } from "../tally.js";

const DAY_MS = 86_400_000;
/** A day whose counted window keeps moving (a busy day's forward syncs) is recounted at most this many times. */
const MAX_ATTEMPTS = 5;

export type DayRecountResult =
  | { kind: "replaced"; before: number; after: number }
  | { kind: "skipped"; reason: "not_counted" | "outside_window" | "unreadable" | "busy" | "aborted" };

/**
 * After a deletion: that channel's UTC day of the message counted again, only that day's pages (inside the window
 * the cursors say was counted), and swapped in with the totals corrected by the difference (store/day-writes.ts).
 * The deleted message's id is the witness that tells an empty day from a channel the bot cannot read.
 */
export async function recountDay(
  deps: CounterDeps,
  channelId: string,
  day: string,
  deletedId: string | null,
  signal?: AbortSignal,
): Promise<DayRecountResult> {
  const dayStart = startOfUtcDayMs(day);
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    const row = readChannel(deps.store, channelId);
    if (!row || !ACTIVE_STATES.has(row.state) || row.lastSeenId === null) return skipped("not_counted");
    const lowestCounted = row.backfillDone ? 0n : row.backfillBeforeId === null ? null : BigInt(row.backfillBeforeId);
    if (lowestCounted === null) return skipped("not_counted");
    // Exclusive bounds of the walk: the day, cut to what the cursors cover (a stored bucket holds exactly that).
    const upper = min(BigInt(snowflakeAt(dayStart + DAY_MS)), BigInt(row.lastSeenId) + 1n);
    const lower = max(BigInt(snowflakeAt(dayStart)) - 1n, lowestCounted - 1n);
    if (upper - lower <= 1n) return skipped("outside_window");
    const tally = emptyTally();
    const outcome = await walkPages(
      deps,
      {
        channelId,
        direction: "backward",
        from: upper.toString(),
        to: lower.toString(),
        knownId: deletedId,
        priority: "high",
        signal,
      },
      ({ tally: page }) => {
        mergeTally(tally, page);
        return true;
      },
    );
    if (outcome.kind === "aborted") return skipped("aborted");
    if (outcome.kind === "unreadable") {
      applyChannelEvent(deps, channelId, { kind: "history_unreadable", reason: outcome.reason });
      return skipped("unreadable");
    }
    const counts = tally.days.get(day) ?? { human: 0, bot: 0 };
    const replaced = replaceDay(deps.store, {
      channelId,
      day,
      expected: { lastSeenId: row.lastSeenId, backfillBeforeId: row.backfillBeforeId, backfillDone: row.backfillDone },
      counts,
      authors: tally.authorsByDay.get(day) ?? new Set(),
      now: deps.clock(),
    });
    if (replaced.replaced) {
      return {
        kind: "replaced",
        before: replaced.before.human + replaced.before.bot,
        after: replaced.after.human + replaced.after.bot,
      };
    }
    if (replaced.reason === "not_stored") return skipped("not_counted");
  }
  return skipped("busy");
}

function skipped(reason: Extract<DayRecountResult, { kind: "skipped" }>["reason"]): DayRecountResult {
  return { kind: "skipped", reason };
}

const min = (a: bigint, b: bigint) => (a < b ? a : b);
const max = (a: bigint, b: bigint) => (a > b ? a : b);
