import type { ChannelState } from "./channel-states.js";
import type { ReadStore } from "./connection.js";

/** One row per stored channel or thread, with only what the scrape needs. */
export interface ChannelCountRow {
  id: string;
  guildId: string;
  parentId: string | null;
  type: number;
  name: string;
  state: ChannelState;
  humanMessages: number;
  botMessages: number;
  lastSeenId: string | null;
  backfillBeforeId: string | null;
  backfillDone: number;
}

export interface GuildCountRow {
  id: string;
  name: string;
  memberCount: number | null;
  presenceCount: number | null;
  status: string;
  lastSuccessAt: number | null;
}

export interface MetricsSnapshotReader {
  readChannels(): ChannelCountRow[];
  readGuilds(): GuildCountRow[];
}

/** Prepared once: a scrape (or a render after a change) reads the whole table in one pass. */
export function createMetricsReader(store: ReadStore): MetricsSnapshotReader {
  const channelsStatement = store.sqlite.prepare(`
    SELECT id, guild_id AS guildId, parent_id AS parentId, type, name, state,
           human_messages AS humanMessages, bot_messages AS botMessages,
           last_seen_id AS lastSeenId, backfill_before_id AS backfillBeforeId, backfill_done AS backfillDone
    FROM channels`);
  const guildsStatement = store.sqlite.prepare(`
    SELECT id, name, member_count AS memberCount, presence_count AS presenceCount, status, last_success_at AS lastSuccessAt
    FROM guilds`);
  return {
    readChannels: () => channelsStatement.all() as ChannelCountRow[],
    readGuilds: () => guildsStatement.all() as GuildCountRow[],
  };
}
