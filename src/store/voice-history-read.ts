// The OpenMetrics history's reads of voice time and member joins/leaves (migration 0005's tables). Plain tables only,
// like history-read.ts; a database written before 0005 has none of them, and the export opens it read-only without
// migrating it, so every read answers "nothing recorded" instead of failing.
import { ChannelState, sqlState } from "./channel-states.js";
import type { GuildAuthorDay } from "./history-read.js";
import type { Store } from "./open.js";
import { createVoiceReader, type MemberFlowTotals, type VoiceChannelTotals } from "./voice-read.js";

/** One voice channel's time on one UTC day, as stored in voice_daily (ms). */
export interface VoiceDayMs {
  channelId: string;
  day: string;
  humanMs: number;
  botMs: number;
}

/** Sum of a voice channel's days before some day: where its cumulative totals begin. */
export interface VoiceMsBefore {
  channelId: string;
  humanMs: number;
  botMs: number;
}

/** One guild's joins and leaves (people and bots together, as the live counters) on one UTC day. */
export interface MemberFlowDay {
  guildId: string;
  day: string;
  joins: number;
  leaves: number;
}

export interface VoiceHistoryReader {
  /** The voice channels the live discord_voice_seconds_total shows (the same query), for their label sets. */
  voiceChannels(): VoiceChannelTotals[];
  voiceMsBefore(day: string): VoiceMsBefore[];
  voiceDays(since: string, until: string): VoiceDayMs[];
  /**
   * Each guild's first day with any voice record (time or a person present) in its counted channels: the day voice
   * recording began there, as far as the database can tell.
   */
  voiceFirstDays(): { guildId: string; day: string }[];
  /** The people present in the guild's counted voice channels per day (distinct per guild), as author rows. */
  voicePeopleDays(since: string, until: string): GuildAuthorDay[];
  memberFlowBefore(day: string): MemberFlowTotals[];
  memberFlowDays(since: string, until: string): MemberFlowDay[];
  /** The earliest day with voice time, a person in voice, or a join or leave; null when there is none. */
  firstDay(): string | null;
}

const TABLES = ["voice_daily", "voice_daily_people", "member_flow_daily"] as const;
// Deleted channels count (the time was spent, the people were there), excluded ones never: as the live gauges.
const COUNTED = `c.state <> ${sqlState(ChannelState.Excluded)}`;

const NOTHING: VoiceHistoryReader = {
  voiceChannels: () => [],
  voiceMsBefore: () => [],
  voiceDays: () => [],
  voiceFirstDays: () => [],
  voicePeopleDays: () => [],
  memberFlowBefore: () => [],
  memberFlowDays: () => [],
  firstDay: () => null,
};

export function createVoiceHistoryReader(store: Store): VoiceHistoryReader {
  const { sqlite } = store;
  const present = sqlite
    .prepare(
      `SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name IN (${TABLES.map(() => "?").join(", ")})`,
    )
    .pluck()
    .get(...TABLES) as number;
  if (present < TABLES.length) return NOTHING;

  const live = createVoiceReader(store);
  const msBefore = sqlite.prepare(`SELECT channel_id AS channelId, sum(human_ms) AS humanMs, sum(bot_ms) AS botMs
      FROM voice_daily WHERE day < ? GROUP BY channel_id`);
  const days = sqlite.prepare(`SELECT channel_id AS channelId, day, human_ms AS humanMs, bot_ms AS botMs
      FROM voice_daily WHERE day >= ? AND day <= ? ORDER BY channel_id, day`);
  const firstDays = sqlite.prepare(`SELECT c.guild_id AS guildId, min(v.day) AS day
      FROM (SELECT channel_id, day FROM voice_daily UNION ALL SELECT channel_id, day FROM voice_daily_people) v
      JOIN channels c ON c.id = v.channel_id WHERE ${COUNTED}
      GROUP BY c.guild_id ORDER BY c.guild_id`);
  const people = sqlite.prepare(`SELECT DISTINCT c.guild_id AS guildId, p.day, p.user_id AS authorId
      FROM voice_daily_people p JOIN channels c ON c.id = p.channel_id WHERE ${COUNTED} AND p.day >= ? AND p.day <= ?`);
  const flowBefore = sqlite.prepare(`SELECT guild_id AS guildId, sum(human_joins + bot_joins) AS joins,
      sum(human_leaves + bot_leaves) AS leaves FROM member_flow_daily WHERE day < ? GROUP BY guild_id ORDER BY guild_id`);
  const flowDays = sqlite.prepare(`SELECT guild_id AS guildId, day, human_joins + bot_joins AS joins,
      human_leaves + bot_leaves AS leaves FROM member_flow_daily WHERE day >= ? AND day <= ? ORDER BY guild_id, day`);
  const first = sqlite
    .prepare(`SELECT min(day) FROM (SELECT min(day) AS day FROM voice_daily UNION ALL
      SELECT min(day) FROM voice_daily_people UNION ALL SELECT min(day) FROM member_flow_daily)`)
    .pluck();
  return {
    voiceChannels: () => live.channels(),
    voiceMsBefore: (day) => msBefore.all(day) as VoiceMsBefore[],
    voiceDays: (since, until) => days.all(since, until) as VoiceDayMs[],
    voiceFirstDays: () => firstDays.all() as { guildId: string; day: string }[],
    voicePeopleDays: (since, until) => people.all(since, until) as GuildAuthorDay[],
    memberFlowBefore: (day) => flowBefore.all(day) as MemberFlowTotals[],
    memberFlowDays: (since, until) => flowDays.all(since, until) as MemberFlowDay[],
    firstDay: () => (first.get() as string | null) ?? null,
  };
}
