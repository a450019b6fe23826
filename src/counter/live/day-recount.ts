import { startOfUtcDayMs } from "../../history/utc-days.js";
import { readChannel } from "../../store/channel-rows.js";
import { ACTIVE_STATES } from "../../store/channel-states.js";
import { replaceDay } from "../../store/day-writes.js";
import { applyChannelEvent } from "../channel-events.js";
import type { CounterDeps } from "../deps.js";
import { walkPages } from "../page-loop.js";
import { emptyTally, mergeTally } from "../tally.js";
import { countedDayWindow, coversSameWindow } from "./day-window.js";

/**
 * A day whose counted part keeps moving (today's forward syncs, a backfill crossing the day) is walked at most this
 * many times in a row; the caller tries again later.
 */
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
    const counted = countedDayWindow(row, dayStart);
    if (counted.kind !== "window") return skipped(counted.kind);
    const { window } = counted;
    const tally = emptyTally();
    const outcome = await walkPages(
      deps,
      {
        channelId,
        direction: "backward",
        from: window.upper.toString(),
        to: window.lower.toString(),
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
      stillCounted: (cursors) => coversSameWindow(cursors, dayStart, window),
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
