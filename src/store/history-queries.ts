// One guild's (or one channel's) history as the charts draw it: the reads behind the JSON API, the web dashboard and
// the bot's /stats. Which channel a row's messages count towards is message-attribution.ts's rule, through its SQL
// twins; nothing here restates it. Statements are prepared once per store (a query object serves many requests).
import type {
  ActiveDay,
  ActiveMembersDay,
  ChannelSourcesDay,
  DayRange,
  MemberPoint,
  MessagesDay,
  TopChannel,
} from "../charts/chart-data.js";
import { rankChannels } from "../charts/top-channels-chart.js";
import { ACTIVE_MEMBERS_LOOKBACK_DAYS, countActiveWindows } from "../history/active-members-history.js";
import { eachUtcDay, formatUtcDay, minDay } from "../history/utc-days.js";
import { BLOCKED_STATES, ChannelState, sqlState } from "./channel-states.js";
import { dayTextSql, toDayKey } from "./daily-keys.js";
import { attributedChannelSql, isCountedSql, messageSourceSql } from "./message-attribution.js";
import type { Store } from "./open.js";

export interface HistoryGuild {
  id: string;
  name: string;
  memberCount: number | null;
  presenceCount: number | null;
  /** ok | down */
  status: string;
  /** ms */
  lastSuccessAt: number | null;
  /** The earliest UTC day the guild has a counted message or a member sample on; null when it has neither. */
  firstDay: string | null;
}

/** A stored channel, thread or category, as the API needs it to check a `channel` parameter. */
export interface HistoryChannel {
  id: string;
  guildId: string;
  parentId: string | null;
  type: number;
  name: string;
  state: ChannelState;
}

/** Inclusive, ms since the epoch. */
export interface TimeRange {
  fromMs: number;
  toMs: number;
}

export interface HistoryQueries {
  guilds(): HistoryGuild[];
  guild(guildId: string): HistoryGuild | null;
  channel(channelId: string): HistoryChannel | null;
  /** The guild's member samples taken in the range, oldest first (not downsampled: membersChart does that). */
  memberPoints(guildId: string, range: TimeRange): MemberPoint[];
  /**
   * Messages per UTC day of the range, one entry per day that has any, oldest first: the guild's channels, threads
   * and forum posts, or (with `channelId`) one channel with its threads and posts. Excluded rows count nowhere;
   * deleted, forbidden and unreadable ones keep the messages counted before.
   */
  messagesPerDay(guildId: string, range: DayRange, channelId?: string): MessagesDay[];
  /**
   * Distinct people who posted on each UTC day of the range that has any, oldest first: in the guild, or (with
   * `channelId`) in one channel with its threads and posts.
   */
  activePerDay(guildId: string, range: DayRange, channelId?: string): ActiveDay[];
  /** Distinct people who posted in the 1, 7 and 30 days ending on each day of the range: every day, oldest first. */
  activeMembersPerDay(guildId: string, range: DayRange): ActiveMembersDay[];
  /**
   * The `limit` channels with the most messages over the range (threads and posts under their parent), most first.
   * Channels that are excluded, forbidden or unreadable now are left out, and so are channels without messages.
   */
  topChannels(guildId: string, range: DayRange, limit: number): TopChannel[];
  /** One channel's messages per day with any, split into its own and its threads' (and posts'), oldest first. */
  channelSourcesPerDay(channelId: string, range: DayRange): ChannelSourcesDay[];
  /** Runs several reads in one transaction, so that a sync's commit cannot land between them. */
  consistent<T>(read: () => T): T;
}

// Channels whose ranking would mislead: the user asked not to count them, or the bot cannot read them now (their
// old counts would freeze while every other channel moves on).
const UNRANKED_STATES = [ChannelState.Excluded, ...BLOCKED_STATES].map(sqlState).join(", ");

/** Answers of activeMembersPerDay kept: a page shows a handful of ranges per guild. */
const ACTIVE_CACHE_ENTRIES = 32;

interface GuildRow extends Omit<HistoryGuild, "firstDay"> {
  firstMessageDay: string | null;
  firstSampleAt: number | null;
}

export function createHistoryQueries(store: Store): HistoryQueries {
  const { sqlite } = store;
  const counted = isCountedSql("c");
  const attributed = attributedChannelSql("c");
  // Each channel's first day is one step down its (channel_key, day) key: no scan of years of rows per request.
  const firstMessageDay = `(SELECT min((SELECT min(d.day) FROM daily_messages d WHERE d.channel_key = c.key))
        FROM channels c WHERE c.guild_id = g.id AND ${counted})`;
  const guildColumns = `g.id, g.name, g.member_count AS memberCount, g.presence_count AS presenceCount, g.status,
      g.last_success_at AS lastSuccessAt, ${dayTextSql(firstMessageDay)} AS firstMessageDay,
      (SELECT min(s.sampled_at) FROM member_samples s WHERE s.guild_id = g.id) AS firstSampleAt`;
  const guilds = sqlite.prepare(`SELECT ${guildColumns} FROM guilds g ORDER BY g.id`);
  const guild = sqlite.prepare(`SELECT ${guildColumns} FROM guilds g WHERE g.id = ?`);
  const channel = sqlite.prepare(`SELECT id, guild_id AS guildId, parent_id AS parentId, type, name, state
      FROM channels WHERE id = ?`);
  const samples = sqlite.prepare(`SELECT sampled_at AS at, members, online FROM member_samples
      WHERE guild_id = ? AND sampled_at >= ? AND sampled_at <= ? ORDER BY sampled_at`);
  // Days are bound and grouped as the stored numbers and shown as YYYY-MM-DD only in each answer row.
  const day = (alias: string) => `${dayTextSql(`${alias}.day`)} AS day`;
  const guildDays = sqlite.prepare(`SELECT ${day("d")}, sum(d.human_messages) AS human, sum(d.bot_messages) AS bot
      FROM channels c JOIN daily_messages d ON d.channel_key = c.key
      WHERE c.guild_id = @guildId AND ${counted} AND d.day >= @from AND d.day <= @to
      GROUP BY d.day ORDER BY d.day`);
  // The id/parent test only narrows the rows through the indexes; the attribution test decides.
  const ofChannel = `(c.id = @channelId OR c.parent_id = @channelId) AND ${attributed} = @channelId AND ${counted}`;
  const channelDays = sqlite.prepare(`SELECT ${day("d")}, sum(d.human_messages) AS human, sum(d.bot_messages) AS bot
      FROM channels c JOIN daily_messages d ON d.channel_key = c.key
      WHERE c.guild_id = @guildId AND ${ofChannel} AND d.day >= @from AND d.day <= @to
      GROUP BY d.day ORDER BY d.day`);
  const sourceDays = sqlite.prepare(`SELECT ${day("d")},
        sum(CASE WHEN ${messageSourceSql("c")} = 'channel' THEN d.human_messages + d.bot_messages ELSE 0 END) AS channel,
        sum(CASE WHEN ${messageSourceSql("c")} = 'threads' THEN d.human_messages + d.bot_messages ELSE 0 END) AS threads
      FROM channels c JOIN daily_messages d ON d.channel_key = c.key
      WHERE ${ofChannel} AND d.day >= @from AND d.day <= @to
      GROUP BY d.day ORDER BY d.day`);
  const channelTotals = sqlite.prepare(`SELECT t.channelId, coalesce(p.name, '') AS name, t.human, t.bot
      FROM (SELECT ${attributed} AS channelId, sum(d.human_messages) AS human, sum(d.bot_messages) AS bot
              FROM channels c JOIN daily_messages d ON d.channel_key = c.key
             WHERE c.guild_id = @guildId AND ${counted} AND d.day >= @from AND d.day <= @to
             GROUP BY 1) t
      LEFT JOIN channels p ON p.id = t.channelId
      WHERE p.state IS NULL OR p.state NOT IN (${UNRANKED_STATES})`);
  // One row per author with all their days (repeats when they wrote in several channels): SQLite groups millions of
  // author rows in C, and the windows are counted in one pass over each author's days (countActiveWindows).
  const activeGuildDays = sqlite.prepare(`SELECT ${day("a")}, count(DISTINCT a.author_id) AS active
      FROM channels c JOIN daily_authors a ON a.channel_key = c.key
      WHERE c.guild_id = @guildId AND ${counted} AND a.day >= @from AND a.day <= @to
      GROUP BY a.day ORDER BY a.day`);
  const activeChannelDays = sqlite.prepare(`SELECT ${day("a")}, count(DISTINCT a.author_id) AS active
      FROM channels c JOIN daily_authors a ON a.channel_key = c.key
      WHERE c.guild_id = @guildId AND ${ofChannel} AND a.day >= @from AND a.day <= @to
      GROUP BY a.day ORDER BY a.day`);
  const authorDays = sqlite
    .prepare(`SELECT group_concat(a.day) FROM channels c JOIN daily_authors a ON a.channel_key = c.key
      WHERE c.guild_id = @guildId AND ${counted} AND a.day >= @from AND a.day <= @to GROUP BY a.author_id`)
    .pluck();
  // Years of author rows take seconds to read; the answer only changes when a commit lands, so the last few answers
  // are kept per database generation (every page view between two syncs is then free).
  const activeCache = new Map<string, { generation: string; days: ActiveMembersDay[] }>();

  /** A range's ends as the stored day numbers, the statements' @from and @to. */
  const bounds = (range: DayRange) => ({ from: toDayKey(range.from), to: toDayKey(range.to) });

  const toGuild = (row: GuildRow | undefined): HistoryGuild | null => {
    if (!row) return null;
    const { firstMessageDay, firstSampleAt, ...rest } = row;
    const sampleDay = firstSampleAt === null ? null : formatUtcDay(firstSampleAt);
    const firstDay =
      firstMessageDay === null ? sampleDay : sampleDay === null ? firstMessageDay : minDay(firstMessageDay, sampleDay);
    return { ...rest, firstDay };
  };

  return {
    guilds: () => (guilds.all() as GuildRow[]).map((row) => toGuild(row)!),
    guild: (guildId) => toGuild(guild.get(guildId) as GuildRow | undefined),
    channel: (channelId) => (channel.get(channelId) as HistoryChannel | undefined) ?? null,
    memberPoints: (guildId, range) => samples.all(guildId, range.fromMs, range.toMs) as MemberPoint[],
    messagesPerDay: (guildId, range, channelId) =>
      (channelId === undefined
        ? guildDays.all({ guildId, ...bounds(range) })
        : channelDays.all({ guildId, channelId, ...bounds(range) })) as MessagesDay[],
    activePerDay: (guildId, range, channelId) =>
      (channelId === undefined
        ? activeGuildDays.all({ guildId, ...bounds(range) })
        : activeChannelDays.all({ guildId, channelId, ...bounds(range) })) as ActiveDay[],
    activeMembersPerDay(guildId, range) {
      const key = `${guildId} ${range.from} ${range.to}`;
      const generation = store.generation();
      const cached = activeCache.get(key);
      if (cached?.generation === generation) return cached.days.slice();
      // The 30-day window of the range's first day reaches back 29 days before it.
      const { from, to } = bounds(range);
      const lists = authorDays.all({ guildId, from: from - ACTIVE_MEMBERS_LOOKBACK_DAYS, to }) as string[];
      // The stored days are the day numbers countActiveWindows counts in.
      const counts = countActiveWindows(
        lists.map((list) => Float64Array.from(list.split(","), Number).sort()),
        range.from,
        range.to,
      );
      const [d1, d7, d30] = (["1d", "7d", "30d"] as const).map((window) => counts.get(window)!);
      const days = [...eachUtcDay(range.from, range.to)].map((day, i) => ({
        day,
        d1: d1![i]!,
        d7: d7![i]!,
        d30: d30![i]!,
      }));
      activeCache.delete(key);
      activeCache.set(key, { generation, days });
      // Oldest first out: a Map iterates in insertion order.
      if (activeCache.size > ACTIVE_CACHE_ENTRIES) activeCache.delete(activeCache.keys().next().value!);
      return days.slice();
    },
    topChannels: (guildId, range, limit) =>
      rankChannels(channelTotals.all({ guildId, ...bounds(range) }) as TopChannel[], limit),
    channelSourcesPerDay: (channelId, range) => sourceDays.all({ channelId, ...bounds(range) }) as ChannelSourcesDay[],
    consistent: (read) => sqlite.transaction(read)(),
  };
}
