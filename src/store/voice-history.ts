import type { DayRange, VoiceDay } from "../charts/chart-data.js";
import { ChannelState, sqlState } from "./channel-states.js";
import type { Store } from "./open.js";

export interface VoiceHistory {
  /** Voice time per UTC day with any (people and bots apart) and the distinct people over the whole range. */
  voicePerDay(guildId: string, range: DayRange): { days: VoiceDay[]; people: number };
}

const COUNTED = `c.state <> ${sqlState(ChannelState.Excluded)}`;

export function createVoiceHistory(store: Store): VoiceHistory {
  const { sqlite } = store;
  const days = sqlite.prepare(`SELECT v.day, sum(v.human_ms) AS humanMs, sum(v.bot_ms) AS botMs,
      (SELECT count(DISTINCT p.user_id) FROM voice_daily_people p JOIN channels pc ON pc.id = p.channel_id
        WHERE pc.guild_id = @guildId AND pc.state <> ${sqlState(ChannelState.Excluded)} AND p.day = v.day) AS people
    FROM voice_daily v JOIN channels c ON c.id = v.channel_id
    WHERE c.guild_id = @guildId AND ${COUNTED} AND v.day >= @from AND v.day <= @to
    GROUP BY v.day ORDER BY v.day`);
  const people = sqlite
    .prepare(`SELECT count(DISTINCT p.user_id) FROM voice_daily_people p
    JOIN channels c ON c.id = p.channel_id
    WHERE c.guild_id = @guildId AND ${COUNTED} AND p.day >= @from AND p.day <= @to`)
    .pluck();
  return {
    voicePerDay(guildId, range) {
      const params = { guildId, from: range.from, to: range.to };
      const rows = days.all(params) as { day: string; humanMs: number; botMs: number; people: number }[];
      return {
        days: rows.map((row) => ({
          day: row.day,
          humanSeconds: row.humanMs / 1000,
          botSeconds: row.botMs / 1000,
          people: row.people,
        })),
        people: people.get(params) as number,
      };
    },
  };
}
