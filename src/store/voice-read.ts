import type Database from "better-sqlite3";
import { ChannelType } from "discord-api-types/v10";
import { ACTIVE_MEMBER_WINDOWS, type ActiveMembersWindow } from "./active-members-read.js";
import { ChannelState, sqlState } from "./channel-states.js";
import type { ReadStore } from "./connection.js";

/** The channel types with voice sessions, in SQL: voice and stage channels. */
const VOICE_TYPES_SQL = `(${ChannelType.GuildVoice}, ${ChannelType.GuildStageVoice})`;

export interface VoiceChannelTotals {
  guildId: string;
  channelId: string;
  name: string;
  humanMs: number;
  botMs: number;
  /** People (not bots) in the channel now. */
  peopleNow: number;
}

export interface VoiceActiveRow {
  guildId: string;
  window: ActiveMembersWindow;
  count: number;
}

export interface MemberFlowTotals {
  guildId: string;
  joins: number;
  leaves: number;
}

export interface VoiceReader {
  channels(): VoiceChannelTotals[];
  /** Distinct people in any voice channel of the guild over the last 1, 7, 30 UTC days ending on `today`. */
  active(today: string): VoiceActiveRow[];
  memberFlow(): MemberFlowTotals[];
}

const COUNTED = `c.state <> ${sqlState(ChannelState.Excluded)}`;

/** Prepared once: the render worker reads these at every render of a changed database. */
export function createVoiceReader(store: ReadStore): VoiceReader {
  const { sqlite } = store;
  const channels = sqlite.prepare(`
    SELECT c.guild_id AS guildId, c.id AS channelId, c.name,
      coalesce((SELECT sum(v.human_ms) FROM voice_daily v WHERE v.channel_id = c.id), 0) AS humanMs,
      coalesce((SELECT sum(v.bot_ms) FROM voice_daily v WHERE v.channel_id = c.id), 0) AS botMs,
      (SELECT count(*) FROM voice_sessions s WHERE s.channel_id = c.id AND s.bot = 0) AS peopleNow
    FROM channels c
    WHERE c.type IN ${VOICE_TYPES_SQL} AND c.state NOT IN (${sqlState(ChannelState.Excluded)}, ${sqlState(ChannelState.Deleted)})
    ORDER BY c.guild_id, c.id`);
  const active = prepareActive(sqlite);
  const flow = sqlite.prepare(`SELECT guild_id AS guildId, sum(human_joins + bot_joins) AS joins,
      sum(human_leaves + bot_leaves) AS leaves FROM member_flow_daily GROUP BY guild_id ORDER BY guild_id`);
  return {
    channels: () => channels.all() as VoiceChannelTotals[],
    active: (today) => active.all({ today }) as VoiceActiveRow[],
    memberFlow: () => flow.all() as MemberFlowTotals[],
  };
}

function prepareActive(sqlite: Database.Database): Database.Statement {
  const windows = ACTIVE_MEMBER_WINDOWS.map((w) => `('${w.window}', ${w.days - 1}, ${w.days})`).join(", ");
  return sqlite.prepare(`
    WITH windows (name, days_back, ord) AS (VALUES ${windows}),
    voice_guilds (guild_id) AS (SELECT DISTINCT guild_id FROM channels WHERE type IN ${VOICE_TYPES_SQL})
    SELECT g.guild_id AS guildId, w.name AS "window",
      (SELECT count(DISTINCT p.user_id) FROM voice_daily_people p JOIN channels c ON c.id = p.channel_id
        WHERE c.guild_id = g.guild_id AND ${COUNTED}
          AND p.day BETWEEN date(@today, '-' || w.days_back || ' days') AND @today) AS count
    FROM voice_guilds g CROSS JOIN windows w ORDER BY g.guild_id, w.ord`);
}
