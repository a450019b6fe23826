// What the first count's progress and its estimated time to finish are computed from (counter/backfill-eta.ts).
import { ChannelState, sqlState } from "./channel-states.js";
import type { Store } from "./open.js";

/** A channel or thread that is being counted backwards, or was. */
export interface BackfillRow {
  guildId: string;
  id: string;
  type: number;
  state: ChannelState;
  backfillDone: boolean;
  /** Oldest message counted so far (the backward cursor); null before the first page and once done. */
  backfillBeforeId: string | null;
  lastSeenId: string | null;
  /** Discord's last_message_id from the channel list: where a backfill that has not started will begin. */
  lastMessageId: string | null;
  /** Messages counted so far (human and bot), between the two cursors. */
  counted: number;
}

export interface BackfillReader {
  /**
   * Rows whose backfill has not finished, in any state (a blocked or deleted one stopped, it did not finish), for
   * the periodic observation: cheap, only the few stopped rows once the first count is done.
   */
  readUnfinished(): BackfillRow[];
  /** Rows backfilling or counted (ready), for the progress of the first count as a whole. */
  readCounted(): BackfillRow[];
  /** Guilds whose channels have been listed at least once: before that, nothing is known about their backfill. */
  readListedGuilds(): string[];
  /** Messages counted so far in each guild, over all its channels (finished ones too): what the pace is measured by. */
  readCountedByGuild(): Map<string, number>;
}

const COLUMNS = `guild_id AS guildId, id, type, state, backfill_done AS backfillDone,
  backfill_before_id AS backfillBeforeId, last_seen_id AS lastSeenId, last_message_id AS lastMessageId,
  human_messages + bot_messages AS counted`;

export function createBackfillReader(store: Store): BackfillReader {
  const { sqlite } = store;
  const unfinished = sqlite.prepare(`SELECT ${COLUMNS} FROM channels WHERE backfill_done = 0`);
  const counted = sqlite.prepare(
    `SELECT ${COLUMNS} FROM channels WHERE state IN (${sqlState(ChannelState.Backfilling)}, ${sqlState(ChannelState.Ready)})`,
  );
  const guilds = sqlite.prepare("SELECT DISTINCT guild_id FROM channels ORDER BY guild_id").pluck();
  const countedByGuild = sqlite
    .prepare("SELECT guild_id, sum(human_messages + bot_messages) FROM channels GROUP BY guild_id")
    .raw();
  const toRow = (row: Omit<BackfillRow, "backfillDone"> & { backfillDone: number }): BackfillRow => ({
    ...row,
    backfillDone: row.backfillDone === 1,
  });
  return {
    readUnfinished: () => (unfinished.all() as Parameters<typeof toRow>[0][]).map(toRow),
    readCounted: () => (counted.all() as Parameters<typeof toRow>[0][]).map(toRow),
    readListedGuilds: () => guilds.all() as string[],
    readCountedByGuild: () => new Map(countedByGuild.all() as [string, number][]),
  };
}
