import { hasOwnMessages } from "../discord/channel-kinds.js";
import { timestampOfSnowflake } from "../discord/snowflake.js";
import { addUtcDays, formatUtcDay } from "../history/utc-days.js";
import type { BackfillRow } from "../store/backfill-read.js";
import { ChannelState } from "../store/channel-states.js";
import { remainingSpanMs, totalSpanMs } from "./backfill-eta.js";

export interface Coverage {
  /** Share of the counted channels' lifetimes counted, by time span; 1 when every backfill finished. */
  ratio: number;
  /** The first UTC day from which every backfilling channel is counted completely; null when none is yet. */
  completeSince: string | null;
  /** No channel is backfilling (forbidden or deleted ones stopped: they do not hold the history back). */
  done: boolean;
}

/**
 * How much of a guild's history the first count has covered, from its counted channels' rows. A channel whose
 * backfill cursor is at message B has every message from B on, so its days after B's day are complete (B's own day is
 * cut); the guild's days are complete from the latest such day over its backfilling channels. Pure.
 */
export function countCoverage(rows: readonly BackfillRow[], guildId: string): Coverage {
  let remaining = 0;
  let total = 0;
  let completeSince: string | null = null;
  let done = true;
  let unstarted = false;
  for (const row of rows) {
    if (row.guildId !== guildId || !hasOwnMessages(row.type)) continue;
    remaining += remainingSpanMs(row);
    total += totalSpanMs(row);
    if (row.backfillDone || row.state !== ChannelState.Backfilling) continue;
    done = false;
    const cursor = row.backfillBeforeId;
    if (cursor === null) {
      // Not begun: nothing of it is known yet (a channel that never had a message has nothing to wait for).
      if (row.lastMessageId !== null) unstarted = true;
      continue;
    }
    const complete = addUtcDays(formatUtcDay(timestampOfSnowflake(cursor)), 1);
    if (completeSince === null || complete > completeSince) completeSince = complete;
  }
  return {
    ratio: done ? 1 : total === 0 ? 0 : Math.max(0, Math.min(1, 1 - remaining / total)),
    completeSince: done ? null : unstarted ? null : completeSince,
    done,
  };
}
