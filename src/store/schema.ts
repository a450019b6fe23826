// The one schema. Snowflakes are TEXT where code reads them, since they exceed JavaScript's safe integers (compare them
// with BigInt in code); the daily tables, which hold millions of rows, key them as integers (migrations/0006).
import { customType, index, integer, primaryKey, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { CHANNEL_STATES, type ChannelState } from "./channel-states.js";

/**
 * A snowflake stored as a 64-bit INTEGER (every Discord id fits). Never read it into a JavaScript number, which keeps
 * only 53 bits: select CAST(column AS TEXT), or use better-sqlite3's safeIntegers().
 */
const snowflakeInteger = customType<{ data: bigint; driverData: bigint | number }>({
  dataType: () => "integer",
  // A query through drizzle without safeIntegers() gets a number whose last digits may already be wrong: fail.
  fromDriver(value) {
    if (typeof value !== "bigint") throw new TypeError("a snowflake INTEGER was read as a JavaScript number");
    return value;
  },
});

export const guilds = sqliteTable("guilds", {
  id: text("id").primaryKey(),
  name: text("name").notNull().default(""),
  memberCount: integer("member_count"),
  presenceCount: integer("presence_count"),
  /** ok | down (bot removed or guild gone: last values are kept and served) */
  status: text("status").notNull().default("ok"),
  lastSyncAt: integer("last_sync_at"),
  lastSuccessAt: integer("last_success_at"),
});

export const channels = sqliteTable(
  "channels",
  {
    /**
     * The row's own small number, which the daily tables store instead of the 19-digit id (2 bytes instead of 19 in
     * every one of their rows). AUTOINCREMENT: a key is never given to a second channel, even after a row is removed.
     */
    key: integer("key").primaryKey({ autoIncrement: true }),
    id: text("id").notNull().unique(),
    guildId: text("guild_id").notNull(),
    /** Category for channels, parent channel for threads. */
    parentId: text("parent_id"),
    type: integer("type").notNull(),
    name: text("name").notNull(),
    position: integer("position").notNull().default(0),
    /** One of channel-states.ts; the enum types it in code only (no CHECK constraint, so no migration). */
    state: text("state", { enum: CHANNEL_STATES as [ChannelState, ...ChannelState[]] }).notNull(),
    humanMessages: integer("human_messages").notNull().default(0),
    botMessages: integer("bot_messages").notNull().default(0),
    /** Newest message counted: the forward cursor. Null until the first page is counted. */
    lastSeenId: text("last_seen_id"),
    /** Newest last_message_id from the channel list already synced up to (it may name a deleted message). */
    checkedMessageId: text("checked_message_id"),
    /** Oldest message counted so far: the backward cursor while the backfill runs. */
    backfillBeforeId: text("backfill_before_id"),
    backfillDone: integer("backfill_done", { mode: "boolean" }).notNull().default(false),
    /** Last known last_message_id from Discord's channel list. */
    lastMessageId: text("last_message_id"),
    /** Forbidden or unreadable channels are not asked again before this time (ms). */
    retryAt: integer("retry_at"),
    lastError: text("last_error"),
    archived: integer("archived", { mode: "boolean" }).notNull().default(false),
    archiveTimestamp: text("archive_timestamp"),
    /** Parents of threads: when archived threads were last listed, and the newest archive time seen then. */
    threadsScannedAt: integer("threads_scanned_at"),
    threadsScannedUntil: text("threads_scanned_until"),
    /** The parent's last_message_id at that scan: a forum's changes when a post is created. */
    threadsScanMessageId: text("threads_scan_message_id"),
    /** Private archived threads need Manage Threads; without it, ask again only after this time (ms). */
    privateThreadsRetryAt: integer("private_threads_retry_at"),
    firstSeenAt: integer("first_seen_at").notNull(),
    deletedAt: integer("deleted_at"),
    updatedAt: integer("updated_at").notNull(),
  },
  (t) => [index("channels_guild_idx").on(t.guildId), index("channels_parent_idx").on(t.parentId)],
);

export const dailyMessages = sqliteTable(
  "daily_messages",
  {
    /** channels.key of the channel or thread. */
    channelKey: integer("channel_key").notNull(),
    /** UTC day from each message's snowflake timestamp, as days since 1970-01-01 (store/daily-keys.ts). */
    day: integer("day").notNull(),
    humanMessages: integer("human_messages").notNull().default(0),
    botMessages: integer("bot_messages").notNull().default(0),
  },
  // WITHOUT ROWID (migrations/0004, 0006): the key is the table.
  (t) => [primaryKey({ columns: [t.channelKey, t.day] })],
);

/** Distinct human authors per channel per UTC day: ids only, enough for daily/weekly/monthly active members. */
export const dailyAuthors = sqliteTable(
  "daily_authors",
  {
    channelKey: integer("channel_key").notNull(),
    /** Days since 1970-01-01, as in daily_messages. */
    day: integer("day").notNull(),
    authorId: snowflakeInteger("author_id").notNull(),
  },
  // No index on day alone: every query walks channel → day ranges of this key. (The table is WITHOUT ROWID, see
  // migrations/0004 and 0006: the key is the table, stored once.)
  (t) => [primaryKey({ columns: [t.channelKey, t.day, t.authorId] })],
);

export const memberSamples = sqliteTable(
  "member_samples",
  {
    guildId: text("guild_id").notNull(),
    /** Sample time, ms since the Unix epoch. */
    sampledAt: integer("sampled_at").notNull(),
    members: integer("members").notNull(),
    online: integer("online").notNull(),
  },
  (t) => [primaryKey({ columns: [t.guildId, t.sampledAt] })],
);

/**
 * Days recounted after a deletion event (counter/live/day-recount.ts), and when: a full recount that started before
 * keeps these days' live buckets, which are newer than what its walk saw.
 */
export const dayRecounts = sqliteTable(
  "day_recounts",
  {
    channelId: text("channel_id").notNull(),
    day: text("day").notNull(),
    recountedAt: integer("recounted_at").notNull(),
  },
  (t) => [primaryKey({ columns: [t.channelId, t.day] })],
);

/** Time spent in a voice or stage channel per UTC day, people and bots apart, in ms (exact: no rounding adds up). */
export const voiceDaily = sqliteTable(
  "voice_daily",
  {
    channelId: text("channel_id").notNull(),
    day: text("day").notNull(),
    humanMs: integer("human_ms").notNull().default(0),
    botMs: integer("bot_ms").notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.channelId, t.day] })],
);

/** The people (not bots) who were in a voice or stage channel on a UTC day. */
export const voiceDailyPeople = sqliteTable(
  "voice_daily_people",
  {
    channelId: text("channel_id").notNull(),
    day: text("day").notNull(),
    userId: text("user_id").notNull(),
  },
  (t) => [primaryKey({ columns: [t.channelId, t.day, t.userId] })],
);

/**
 * Voice sessions in progress, and how far their time is already in voice_daily: a checkpoint adds the time since
 * checkpointed_at and moves it, in one transaction, so a crash loses at most the time since the last checkpoint
 * and never counts any twice.
 */
export const voiceSessions = sqliteTable(
  "voice_sessions",
  {
    guildId: text("guild_id").notNull(),
    userId: text("user_id").notNull(),
    channelId: text("channel_id").notNull(),
    bot: integer("bot", { mode: "boolean" }).notNull(),
    startedAt: integer("started_at").notNull(),
    checkpointedAt: integer("checkpointed_at").notNull(),
  },
  (t) => [primaryKey({ columns: [t.guildId, t.userId] })],
);

/** Joins and leaves per guild and UTC day (MEMBER_EVENTS, the privileged GUILD_MEMBERS intent). */
export const memberFlowDaily = sqliteTable(
  "member_flow_daily",
  {
    guildId: text("guild_id").notNull(),
    day: text("day").notNull(),
    humanJoins: integer("human_joins").notNull().default(0),
    humanLeaves: integer("human_leaves").notNull().default(0),
    botJoins: integer("bot_joins").notNull().default(0),
    botLeaves: integer("bot_leaves").notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.guildId, t.day] })],
);
