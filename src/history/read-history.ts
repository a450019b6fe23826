import type { Store } from "../store/open.js";
import { createMetricsReader } from "../store/metrics-read.js";
import {
  ACTIVE_MEMBERS_LOOKBACK_DAYS,
  type GuildAuthorDay,
  countActiveMembersByDay,
} from "./active-members-history.js";
import type { ChannelDayCount, ChannelTotalBefore, GuildName, HistoryInput, MemberSample } from "./history-input.js";
import { addUtcDays, endOfUtcDayMs, formatUtcDay, isUtcDay, maxDay, startOfUtcDayMs } from "./utc-days.js";

export interface ReadHistoryOptions {
  /** First UTC day to export (YYYY-MM-DD); default: the first day the database has anything for. */
  since?: string;
  /** Last UTC day to export, included. */
  until: string;
  exportChannelNames: boolean;
}

/**
 * Reads everything the OpenMetrics history needs, in one read transaction so that a running exporter's commits
 * cannot land between two of the queries. Works on a read-only handle: it only reads tables (not the views), which
 * every schema version has.
 */
export function readHistoryInput(store: Store, options: ReadHistoryOptions): HistoryInput {
  if (!isUtcDay(options.until))
    throw new RangeError(`until must be a YYYY-MM-DD day, got ${JSON.stringify(options.until)}`);
  if (options.since !== undefined && !isUtcDay(options.since)) {
    throw new RangeError(`since must be a YYYY-MM-DD day, got ${JSON.stringify(options.since)}`);
  }
  const { sqlite } = store;
  return sqlite.transaction((): HistoryInput => {
    const since = options.since ?? readFirstDay(store) ?? options.until;
    const channelTotalsBefore = sqlite
      .prepare(`SELECT channel_id AS channelId, sum(human_messages) AS human, sum(bot_messages) AS bot
                FROM daily_messages WHERE day < ? GROUP BY channel_id`)
      .all(since) as ChannelTotalBefore[];
    const channelDays = sqlite
      .prepare(`SELECT channel_id AS channelId, day, human_messages AS human, bot_messages AS bot
                FROM daily_messages WHERE day >= ? AND day <= ? ORDER BY channel_id, day`)
      .all(since, options.until) as ChannelDayCount[];
    const guilds = sqlite.prepare("SELECT id, name FROM guilds ORDER BY id").all() as GuildName[];
    const memberSamples = sqlite
      .prepare(`SELECT guild_id AS guildId, sampled_at AS sampledAt, members, online
                FROM member_samples WHERE sampled_at >= ? AND sampled_at <= ? ORDER BY guild_id, sampled_at`)
      .all(startOfUtcDayMs(since), endOfUtcDayMs(options.until) + 999) as MemberSample[];
    return {
      since,
      until: options.until,
      exportChannelNames: options.exportChannelNames,
      channels: createMetricsReader(store).readChannels(),
      channelTotalsBefore,
      channelDays,
      guilds,
      memberSamples,
      activeMembers: readActiveMembersHistory(store, since, options.until),
    };
  })();
}

/** The earliest day with a message count or a member sample; null for an empty database. */
function readFirstDay(store: Store): string | null {
  const row = store.sqlite
    .prepare(
      "SELECT (SELECT min(day) FROM daily_messages) AS day, (SELECT min(sampled_at) FROM member_samples) AS sampledAt",
    )
    .get() as { day: string | null; sampledAt: number | null };
  const sampleDay = row.sampledAt === null ? null : formatUtcDay(row.sampledAt);
  if (row.day === null) return sampleDay;
  if (sampleDay === null) return row.day;
  // biome-ignore lint/complexity/useMathMinMax: these are YYYY-MM-DD strings, not numbers
  return row.day < sampleDay ? row.day : sampleDay;
}

/**
 * Active members for every day from `since` (or the guild's first counted message, if later) to `until`. Channels
 * excluded from counting are left out, as in the live gauge.
 */
function readActiveMembersHistory(store: Store, since: string, until: string) {
  const firstDays = new Map<string, string>();
  const guildStarts = store.sqlite
    .prepare(`SELECT c.guild_id AS guildId, min(d.day) AS day FROM daily_messages d JOIN channels c ON c.id = d.channel_id
              WHERE c.state <> 'excluded' GROUP BY c.guild_id ORDER BY c.guild_id`)
    .all() as { guildId: string; day: string }[];
  for (const { guildId, day } of guildStarts) {
    const first = maxDay(since, day);
    if (first <= until) firstDays.set(guildId, first);
  }
  const authors = store.sqlite
    .prepare(`SELECT DISTINCT c.guild_id AS guildId, a.day, a.author_id AS authorId
              FROM daily_authors a JOIN channels c ON c.id = a.channel_id
              WHERE c.state <> 'excluded' AND a.day >= ? AND a.day <= ?`)
    .all(addUtcDays(since, -ACTIVE_MEMBERS_LOOKBACK_DAYS), until) as GuildAuthorDay[];
  return countActiveMembersByDay(authors, firstDays, until);
}
