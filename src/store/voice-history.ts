// One guild's (or one voice channel's) voice history as the charts, the bot's /stats voice and the JSON API read it:
// voice_daily's time and voice_daily_people's people, per UTC day or per channel. Excluded channels count nowhere,
// deleted ones keep their time (it was spent), as in the daily_voice and daily_voice_users views.
import type { DayRange, VoiceDay } from "../charts/chart-data.js";
import { ChannelState, sqlState } from "./channel-states.js";
import type { Store } from "./open.js";

/** One voice channel's time over a range, and the distinct people who were in it. */
export interface VoiceChannelTotal {
  channelId: string;
  name: string;
  humanSeconds: number;
  botSeconds: number;
  people: number;
}

export interface VoiceHistory {
  /**
   * Voice time and distinct people per UTC day that has either (a person present for under a millisecond adds
   * no time but is there), oldest first, and the distinct people over the whole range: the guild's voice and stage
   * channels, or (with `channelId`) one of them.
   */
  voicePerDay(guildId: string, range: DayRange, channelId?: string): { days: VoiceDay[]; people: number };
  /**
   * The `limit` channels with the most people's time over the range, most first (ties: bots' time, name, id);
   * channels without time in the range are left out.
   */
  topVoiceChannels(guildId: string, range: DayRange, limit: number): VoiceChannelTotal[];
  /**
   * The guild's first day with a voice record (time or a person present): the day voice recording began there, as
   * far as the database can tell; before it the days are unknown, not zero. null: never recorded.
   */
  firstVoiceDay(guildId: string): string | null;
}

const COUNTED = `c.state <> ${sqlState(ChannelState.Excluded)}`;

/** The rows of the guild's counted channels, or of one of them. */
function channelsWhere(oneChannel: boolean): string {
  return `c.guild_id = @guildId AND ${COUNTED}${oneChannel ? " AND c.id = @channelId" : ""}`;
}

function prepareDays(store: Store, oneChannel: boolean) {
  const where = channelsWhere(oneChannel);
  return store.sqlite.prepare(`WITH time AS (
      SELECT v.day, sum(v.human_ms) AS humanMs, sum(v.bot_ms) AS botMs
      FROM channels c JOIN voice_daily v ON v.channel_id = c.id
      WHERE ${where} AND v.day >= @from AND v.day <= @to GROUP BY v.day
    ), people AS (
      SELECT p.day, count(DISTINCT p.user_id) AS people
      FROM channels c JOIN voice_daily_people p ON p.channel_id = c.id
      WHERE ${where} AND p.day >= @from AND p.day <= @to GROUP BY p.day
    )
    SELECT d.day, coalesce(t.humanMs, 0) AS humanMs, coalesce(t.botMs, 0) AS botMs, coalesce(p.people, 0) AS people
    FROM (SELECT day FROM time UNION SELECT day FROM people) d
    LEFT JOIN time t ON t.day = d.day LEFT JOIN people p ON p.day = d.day
    ORDER BY d.day`);
}

function preparePeople(store: Store, oneChannel: boolean) {
  return store.sqlite
    .prepare(`SELECT count(DISTINCT p.user_id) FROM channels c JOIN voice_daily_people p ON p.channel_id = c.id
      WHERE ${channelsWhere(oneChannel)} AND p.day >= @from AND p.day <= @to`)
    .pluck();
}

const toSeconds = (ms: number) => ms / 1000;

export function createVoiceHistory(store: Store): VoiceHistory {
  const { sqlite } = store;
  const guildDays = prepareDays(store, false);
  const channelDays = prepareDays(store, true);
  const guildPeople = preparePeople(store, false);
  const channelPeople = preparePeople(store, true);
  const top = sqlite.prepare(`SELECT c.id AS channelId, c.name, sum(v.human_ms) AS humanMs, sum(v.bot_ms) AS botMs,
      (SELECT count(DISTINCT p.user_id) FROM voice_daily_people p
        WHERE p.channel_id = c.id AND p.day >= @from AND p.day <= @to) AS people
    FROM channels c JOIN voice_daily v ON v.channel_id = c.id
    WHERE ${channelsWhere(false)} AND v.day >= @from AND v.day <= @to
    GROUP BY c.id HAVING sum(v.human_ms) + sum(v.bot_ms) > 0
    ORDER BY humanMs DESC, botMs DESC, c.name, c.id LIMIT @limit`);
  // Each channel's first day is one step down its (channel_id, day) key: no scan of every voice row per page view.
  const firstDay = sqlite
    .prepare(`SELECT min(day) FROM (
      SELECT (SELECT min(v.day) FROM voice_daily v WHERE v.channel_id = c.id) AS day
        FROM channels c WHERE ${channelsWhere(false)}
      UNION ALL
      SELECT (SELECT min(p.day) FROM voice_daily_people p WHERE p.channel_id = c.id)
        FROM channels c WHERE ${channelsWhere(false)})`)
    .pluck();
  return {
    voicePerDay(guildId, range, channelId) {
      const params = { guildId, channelId, from: range.from, to: range.to };
      const one = channelId !== undefined;
      const rows = (one ? channelDays : guildDays).all(params) as {
        day: string;
        humanMs: number;
        botMs: number;
        people: number;
      }[];
      return {
        days: rows.map((row) => ({
          day: row.day,
          humanSeconds: toSeconds(row.humanMs),
          botSeconds: toSeconds(row.botMs),
          people: row.people,
        })),
        people: (one ? channelPeople : guildPeople).get(params) as number,
      };
    },
    topVoiceChannels(guildId, range, limit) {
      const rows = top.all({ guildId, from: range.from, to: range.to, limit }) as {
        channelId: string;
        name: string;
        humanMs: number;
        botMs: number;
        people: number;
      }[];
      return rows.map((row) => ({
        channelId: row.channelId,
        name: row.name,
        humanSeconds: toSeconds(row.humanMs),
        botSeconds: toSeconds(row.botMs),
        people: row.people,
      }));
    },
    firstVoiceDay: (guildId) => (firstDay.get({ guildId }) as string | null) ?? null,
  };
}
