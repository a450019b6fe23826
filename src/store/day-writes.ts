import { toDayKey, toSnowflakeKey } from "./daily-keys.js";
import type { DayTally } from "./page-tally.js";
import type { Store } from "./open.js";

/** A channel's cursors: what of its history is counted. */
export interface CountedWindow {
  lastSeenId: string | null;
  backfillBeforeId: string | null;
  backfillDone: boolean;
}

export interface DayReplacement {
  channelId: string;
  /** UTC day, YYYY-MM-DD. */
  day: string;
  /**
   * Whether the cursors, as they are at the write, still cover exactly what the recount walked of the day; the write
   * is refused otherwise. Cursors moving outside the day (a backfill further back) do not matter.
   */
  stillCounted: (cursors: CountedWindow) => boolean;
  /** The day's messages as counted now, inside the window the cursors cover. */
  counts: DayTally;
  authors: ReadonlySet<string>;
  now: number;
}

export type DayReplacementResult =
  | { replaced: true; before: DayTally; after: DayTally }
  | { replaced: false; reason: "cursor_moved" | "not_stored" };

/**
 * Replaces one channel's day (bucket and authors) with a recount of it and corrects the channel's totals by the
 * difference, in one transaction. A compare-and-set on the cursors: if a forward sync or a backfill moved the
 * counted part of the day meanwhile, nothing is written and the caller recounts the day again (a stored bucket
 * always holds exactly the day's messages inside the counted window, so only a recount of that same part may
 * replace it).
 */
export function replaceDay(store: Store, replacement: DayReplacement): DayReplacementResult {
  const { sqlite } = store;
  const result = sqlite
    .transaction((): DayReplacementResult => {
      const row = sqlite
        .prepare(
          `SELECT key, last_seen_id AS lastSeenId, backfill_before_id AS backfillBeforeId, backfill_done AS backfillDone
           FROM channels WHERE id = ?`,
        )
        .get(replacement.channelId) as
        | { key: number; lastSeenId: string | null; backfillBeforeId: string | null; backfillDone: number }
        | undefined;
      if (!row) return { replaced: false, reason: "not_stored" };
      const cursors = {
        lastSeenId: row.lastSeenId,
        backfillBeforeId: row.backfillBeforeId,
        backfillDone: row.backfillDone === 1,
      };
      if (!replacement.stillCounted(cursors)) return { replaced: false, reason: "cursor_moved" };
      const dayKey = toDayKey(replacement.day);
      const old = (sqlite
        .prepare(
          "SELECT human_messages AS human, bot_messages AS bot FROM daily_messages WHERE channel_key = ? AND day = ?",
        )
        .get(row.key, dayKey) as DayTally | undefined) ?? { human: 0, bot: 0 };
      const { counts } = replacement;
      sqlite.prepare("DELETE FROM daily_messages WHERE channel_key = ? AND day = ?").run(row.key, dayKey);
      if (counts.human + counts.bot > 0) {
        sqlite
          .prepare("INSERT INTO daily_messages (channel_key, day, human_messages, bot_messages) VALUES (?, ?, ?, ?)")
          .run(row.key, dayKey, counts.human, counts.bot);
      }
      sqlite.prepare("DELETE FROM daily_authors WHERE channel_key = ? AND day = ?").run(row.key, dayKey);
      const addAuthor = sqlite.prepare("INSERT INTO daily_authors (channel_key, day, author_id) VALUES (?, ?, ?)");
      for (const author of replacement.authors) addAuthor.run(row.key, dayKey, toSnowflakeKey(author));
      sqlite
        .prepare(
          `UPDATE channels SET human_messages = human_messages + ?, bot_messages = bot_messages + ?, updated_at = ?
           WHERE id = ?`,
        )
        .run(counts.human - old.human, counts.bot - old.bot, replacement.now, replacement.channelId);
      sqlite
        .prepare(
          `INSERT INTO day_recounts (channel_id, day, recounted_at) VALUES (?, ?, ?)
           ON CONFLICT (channel_id, day) DO UPDATE SET recounted_at = excluded.recounted_at`,
        )
        .run(replacement.channelId, replacement.day, replacement.now);
      return { replaced: true, before: old, after: { human: counts.human, bot: counts.bot } };
    })
    .immediate();
  if (result.replaced) store.noteWrite();
  return result;
}
