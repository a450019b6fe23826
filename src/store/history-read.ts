// The history's queries for the OpenMetrics export: daily buckets, authors and member samples of every guild at once.
// (One guild's or channel's history, for the JSON API, the dashboard and the bot, is in history-queries.ts.) Plain
// tables only (not the views). Days are bound as the stored day numbers and read back as YYYY-MM-DD. The export opens
// the database read-only and never migrates it: one whose daily tables predate migrations/0006 is refused, by name.
import { dayTextSql, snowflakeTextSql, toDayKey } from "./daily-keys.js";
import { StoreError } from "./errors.js";
import { isCountedSql } from "./message-attribution.js";
import type { Store } from "./open.js";

/** One channel's (or thread's) messages on one UTC day, as stored in daily_messages. */
export interface ChannelDayCount {
  channelId: string;
  day: string;
  human: number;
  bot: number;
}

/** Sum of a channel's days before some day: where its cumulative totals begin. */
export interface ChannelTotalBefore {
  channelId: string;
  human: number;
  bot: number;
}

export interface GuildName {
  id: string;
  name: string;
}

export interface MemberSample {
  guildId: string;
  /** ms since the epoch */
  sampledAt: number;
  members: number;
  online: number;
}

/** One human author who wrote in one of the guild's counted channels on one day (distinct per guild). */
export interface GuildAuthorDay {
  guildId: string;
  day: string;
  authorId: string;
}

export interface HistoryReader {
  channelTotalsBefore(day: string): ChannelTotalBefore[];
  channelDays(since: string, until: string): ChannelDayCount[];
  guildNames(): GuildName[];
  memberSamples(fromMs: number, toMs: number): MemberSample[];
  /** The earliest day with a message count, and the earliest member sample (ms); nulls for an empty database. */
  firstData(): { day: string | null; sampledAt: number | null };
  /** Each guild's first day with counted messages (excluded channels left out, as in the live gauge). */
  guildFirstDays(): { guildId: string; day: string }[];
  guildAuthorDays(since: string, until: string): GuildAuthorDay[];
  /** Runs the reads in one transaction, so a running exporter's commits cannot land between them. */
  consistent<T>(read: () => T): T;
}

const COUNTED = isCountedSql("c");

/** Statements prepared once per reader (a reader serves many requests). */
export function createHistoryReader(store: Store): HistoryReader {
  const { sqlite } = store;
  const columns = sqlite.prepare("SELECT name FROM pragma_table_info('daily_messages')").pluck().all();
  if (!columns.includes("channel_key")) {
    throw new StoreError(
      `database ${store.path} still has the daily tables of an older discord-exporter; start the exporter on it once to convert them (migration 0006), then export`,
    );
  }
  const totalsBefore = sqlite.prepare(`SELECT c.id AS channelId, sum(d.human_messages) AS human,
      sum(d.bot_messages) AS bot FROM channels c JOIN daily_messages d ON d.channel_key = c.key
      WHERE d.day < ? GROUP BY c.key`);
  const days = sqlite.prepare(`SELECT c.id AS channelId, ${dayTextSql("d.day")} AS day, d.human_messages AS human,
      d.bot_messages AS bot FROM channels c JOIN daily_messages d ON d.channel_key = c.key
      WHERE d.day >= ? AND d.day <= ? ORDER BY c.id, d.day`);
  const guilds = sqlite.prepare("SELECT id, name FROM guilds ORDER BY id");
  const samples = sqlite.prepare(`SELECT guild_id AS guildId, sampled_at AS sampledAt, members, online
      FROM member_samples WHERE sampled_at >= ? AND sampled_at <= ? ORDER BY guild_id, sampled_at`);
  const first = sqlite.prepare(`SELECT ${dayTextSql("(SELECT min(day) FROM daily_messages)")} AS day,
      (SELECT min(sampled_at) FROM member_samples) AS sampledAt`);
  const guildStarts = sqlite.prepare(`SELECT c.guild_id AS guildId, ${dayTextSql("min(d.day)")} AS day
      FROM daily_messages d JOIN channels c ON c.key = d.channel_key WHERE ${COUNTED}
      GROUP BY c.guild_id ORDER BY c.guild_id`);
  // Author ids leave SQLite as text: as JavaScript numbers, ids that differ only past 2^53 would be one author.
  const authors = sqlite.prepare(`SELECT guildId, ${dayTextSql("day")} AS day, ${snowflakeTextSql("author")} AS authorId
      FROM (SELECT DISTINCT c.guild_id AS guildId, a.day AS day, a.author_id AS author
        FROM daily_authors a JOIN channels c ON c.key = a.channel_key WHERE ${COUNTED} AND a.day >= ? AND a.day <= ?)`);
  return {
    channelTotalsBefore: (day) => totalsBefore.all(toDayKey(day)) as ChannelTotalBefore[],
    channelDays: (since, until) => days.all(toDayKey(since), toDayKey(until)) as ChannelDayCount[],
    guildNames: () => guilds.all() as GuildName[],
    memberSamples: (fromMs, toMs) => samples.all(fromMs, toMs) as MemberSample[],
    firstData: () => first.get() as { day: string | null; sampledAt: number | null },
    guildFirstDays: () => guildStarts.all() as { guildId: string; day: string }[],
    guildAuthorDays: (since, until) => authors.all(toDayKey(since), toDayKey(until)) as GuildAuthorDay[],
    consistent: (read) => sqlite.transaction(read)(),
  };
}
