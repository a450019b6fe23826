import { ChannelState, sqlState } from "./channel-states.js";
import { toDayKey, toSnowflakeKey } from "./daily-keys.js";
import type { PageTally } from "./page-tally.js";
import type { Store } from "./open.js";

// Hot path: one transaction per page of up to 100 messages, so plain prepared statements rather than a query builder.
// Every write is a compare-and-set on the cursor it moves: if anyone else (a recount, a second loop) moved it first,
// the page is dropped instead of counted twice. The cursor update returns the channel's key, which the daily rows
// are stored under (daily-keys.ts). A backfill page's compare-and-set includes the state the caller's lifecycle
// decided from (backfilling), so the state it passes for the last page is never written over another.

export interface PageWriter {
  /** Counts a page fetched with after=expectedLastSeen. False when the cursor moved meanwhile (nothing written). */
  applyForwardPage(channelId: string, expectedLastSeenId: string, tally: PageTally, now: number): boolean;
  /**
   * Counts a page fetched with before=expectedBeforeId (null: the first, newest page). The first page also sets the
   * forward cursor. `finishedState` is null while older pages remain; on the page that reached the channel's first
   * message it is the state the lifecycle gives the channel then (backfill_finished), written with the page.
   */
  applyBackfillPage(
    channelId: string,
    expectedBeforeId: string | null,
    tally: PageTally,
    finishedState: ChannelState | null,
    now: number,
  ): boolean;
}

export function createPageWriter(store: Store): PageWriter {
  const { sqlite } = store;
  const forward = sqlite.prepare(`
    UPDATE channels SET
      human_messages = human_messages + @human,
      bot_messages = bot_messages + @bot,
      last_seen_id = @newest,
      updated_at = @now
    WHERE id = @id AND last_seen_id IS @expected
    RETURNING key`);
  const backward = sqlite.prepare(`
    UPDATE channels SET
      human_messages = human_messages + @human,
      bot_messages = bot_messages + @bot,
      -- An empty channel gets '0' as its forward cursor: after=0 pages from the start of the channel.
      last_seen_id = coalesce(last_seen_id, @newest, CASE WHEN @done = 1 THEN '0' END),
      backfill_before_id = coalesce(@oldest, backfill_before_id),
      backfill_done = @done,
      state = coalesce(@state, state),
      updated_at = @now
    WHERE id = @id AND backfill_done = 0 AND state = ${sqlState(ChannelState.Backfilling)}
      AND backfill_before_id IS @expected
    RETURNING key`);
  const addDay = sqlite.prepare(`
    INSERT INTO daily_messages (channel_key, day, human_messages, bot_messages) VALUES (?, ?, ?, ?)
    ON CONFLICT (channel_key, day) DO UPDATE SET
      human_messages = human_messages + excluded.human_messages,
      bot_messages = bot_messages + excluded.bot_messages`);
  const addAuthor = sqlite.prepare(
    "INSERT OR IGNORE INTO daily_authors (channel_key, day, author_id) VALUES (?, ?, ?)",
  );

  function addDays(channelKey: number, tally: PageTally): void {
    for (const [day, counts] of tally.days) addDay.run(channelKey, toDayKey(day), counts.human, counts.bot);
    for (const [day, authors] of tally.authorsByDay) {
      const dayKey = toDayKey(day);
      for (const author of authors) addAuthor.run(channelKey, dayKey, toSnowflakeKey(author));
    }
  }

  const forwardTx = sqlite.transaction(
    (channelId: string, expected: string, tally: PageTally, now: number): boolean => {
      if (tally.newestId === null) return true;
      const moved = forward.get({
        id: channelId,
        expected,
        human: tally.human,
        bot: tally.bot,
        newest: tally.newestId,
        now,
      }) as { key: number } | undefined;
      if (!moved) return false;
      addDays(moved.key, tally);
      return true;
    },
  );
  const backwardTx = sqlite.transaction(
    (
      channelId: string,
      expected: string | null,
      tally: PageTally,
      state: ChannelState | null,
      now: number,
    ): boolean => {
      const moved = backward.get({
        id: channelId,
        expected,
        human: tally.human,
        bot: tally.bot,
        newest: tally.newestId,
        oldest: tally.oldestId,
        done: state === null ? 0 : 1,
        state,
        now,
      }) as { key: number } | undefined;
      if (!moved) return false;
      addDays(moved.key, tally);
      return true;
    },
  );

  return {
    applyForwardPage(channelId, expectedLastSeenId, tally, now) {
      const applied = forwardTx(channelId, expectedLastSeenId, tally, now);
      if (applied) store.noteWrite();
      return applied;
    },
    applyBackfillPage(channelId, expectedBeforeId, tally, finishedState, now) {
      const applied = backwardTx(channelId, expectedBeforeId, tally, finishedState, now);
      if (applied) store.noteWrite();
      return applied;
    },
  };
}
