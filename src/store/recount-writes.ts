import type { ChannelState } from "./channel-states.js";
import { toDayKey, toSnowflakeKey } from "./daily-keys.js";
import type { PageTally } from "./page-tally.js";
import type { Store } from "./open.js";

export interface RecountSwap {
  channelId: string;
  /** The live forward cursor the recount caught up with; the swap is refused if it moved since. */
  expectedLastSeenId: string | null;
  /**
   * The state the channel was read in when the recount decided `state` from it (the lifecycle's backfill_finished);
   * the swap is refused if it changed since, like the cursor.
   */
  expectedState: ChannelState;
  /** The channel's state once its count, walked back to its first message, is swapped in. */
  state: ChannelState;
  /** Everything up to and including this id is in `tally`. */
  coveredUpToId: string;
  tally: PageTally;
  now: number;
  /**
   * When the recount's walk began: a day recounted after a deletion since then (day_recounts) keeps its live bucket,
   * which is at least as new as what the walk saw of that day.
   */
  startedAt: number;
  /** Called inside the transaction once the old buckets are gone, before the new ones are written (progress). */
  onWriting?: () => void;
}

export type RecountSwapResult = { swapped: true; before: { human: number; bot: number } } | { swapped: false };

/**
 * Replaces a channel's counts, daily buckets and authors with a recount's, in one transaction: /metrics never shows a
 * half-done count, and a forward sync that committed meanwhile makes the swap fail (the caller catches up and
 * tries again) instead of being lost or counted twice. So does a change of state meanwhile (a 403 or a 404 seen by
 * the live exporter): the state written is the one the caller's lifecycle decided from the state it read.
 */
export function swapInRecount(store: Store, swap: RecountSwap): RecountSwapResult {
  const { sqlite } = store;
  const result = sqlite
    .transaction((): RecountSwapResult => {
      const row = sqlite
        .prepare(
          `SELECT key, last_seen_id AS lastSeenId, state, human_messages AS human, bot_messages AS bot
           FROM channels WHERE id = ?`,
        )
        .get(swap.channelId) as
        | { key: number; lastSeenId: string | null; state: ChannelState; human: number; bot: number }
        | undefined;
      if (!row || row.lastSeenId !== swap.expectedLastSeenId || row.state !== swap.expectedState) {
        return { swapped: false };
      }
      const newer = new Set(
        sqlite
          .prepare("SELECT day FROM day_recounts WHERE channel_id = ? AND recounted_at >= ?")
          .pluck()
          .all(swap.channelId, swap.startedAt) as string[],
      );
      let human = swap.tally.human;
      let bot = swap.tally.bot;
      const liveDay = sqlite.prepare(
        "SELECT human_messages AS human, bot_messages AS bot FROM daily_messages WHERE channel_key = ? AND day = ?",
      );
      for (const day of newer) {
        const live = (liveDay.get(row.key, toDayKey(day)) as { human: number; bot: number } | undefined) ?? {
          human: 0,
          bot: 0,
        };
        const walked = swap.tally.days.get(day) ?? { human: 0, bot: 0 };
        human += live.human - walked.human;
        bot += live.bot - walked.bot;
      }
      sqlite
        .prepare(`UPDATE channels SET human_messages = ?, bot_messages = ?, last_seen_id = ?, backfill_done = 1,
                backfill_before_id = ?, state = ?, updated_at = ? WHERE id = ?`)
        .run(human, bot, swap.coveredUpToId, swap.tally.oldestId, swap.state, swap.now, swap.channelId);
      const keep = [...newer].map(toDayKey);
      const notKept = keep.length === 0 ? "" : ` AND day NOT IN (${keep.map(() => "?").join(", ")})`;
      sqlite.prepare(`DELETE FROM daily_messages WHERE channel_key = ?${notKept}`).run(row.key, ...keep);
      sqlite.prepare(`DELETE FROM daily_authors WHERE channel_key = ?${notKept}`).run(row.key, ...keep);
      swap.onWriting?.();
      const addDay = sqlite.prepare(
        "INSERT INTO daily_messages (channel_key, day, human_messages, bot_messages) VALUES (?, ?, ?, ?)",
      );
      for (const [day, counts] of swap.tally.days) {
        if (!newer.has(day)) addDay.run(row.key, toDayKey(day), counts.human, counts.bot);
      }
      const addAuthor = sqlite.prepare("INSERT INTO daily_authors (channel_key, day, author_id) VALUES (?, ?, ?)");
      for (const [day, authors] of swap.tally.authorsByDay) {
        if (newer.has(day)) continue;
        const dayKey = toDayKey(day);
        for (const author of authors) addAuthor.run(row.key, dayKey, toSnowflakeKey(author));
      }
      return { swapped: true, before: { human: row.human, bot: row.bot } };
    })
    .immediate();
  if (result.swapped) store.noteWrite();
  return result;
}
