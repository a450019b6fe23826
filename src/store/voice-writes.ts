import type { Store } from "./open.js";

/** One person (or bot) in one voice channel, as far as its time is already recorded. */
export interface StoredVoiceSession {
  guildId: string;
  userId: string;
  channelId: string;
  bot: boolean;
  startedAt: number;
  /** The session's time up to here is in voice_daily. */
  checkpointedAt: number;
}

/** A session's time from its checkpoint to `until`, already cut into UTC days by the caller. */
export interface VoiceTimeSlice {
  channelId: string;
  day: string;
  ms: number;
  bot: boolean;
  userId: string;
}

export interface VoiceWrite {
  /** Time to add (sessions checkpointed or ended), by channel and day. */
  slices: readonly VoiceTimeSlice[];
  /** Open sessions and their new checkpoint; a session not listed and not ended keeps its row as it is. */
  checkpoints: readonly { guildId: string; userId: string; checkpointedAt: number }[];
  ended: readonly { guildId: string; userId: string }[];
  started: readonly StoredVoiceSession[];
}

/**
 * Voice time in one transaction: the time since each checkpoint is added and the checkpoint moved together, so a crash
 * loses at most the time since the last checkpoint and never counts any twice. A person present on a day (for
 * however short) is in that day's people, bots are not people.
 */
export function writeVoice(store: Store, write: VoiceWrite): void {
  const { sqlite } = store;
  sqlite.transaction(() => {
    const addTime = sqlite.prepare(`INSERT INTO voice_daily (channel_id, day, human_ms, bot_ms) VALUES (?, ?, ?, ?)
      ON CONFLICT (channel_id, day) DO UPDATE SET human_ms = human_ms + excluded.human_ms, bot_ms = bot_ms + excluded.bot_ms`);
    const addPerson = sqlite.prepare(
      "INSERT OR IGNORE INTO voice_daily_people (channel_id, day, user_id) VALUES (?, ?, ?)",
    );
    for (const slice of write.slices) {
      if (slice.ms > 0) addTime.run(slice.channelId, slice.day, slice.bot ? 0 : slice.ms, slice.bot ? slice.ms : 0);
      if (!slice.bot) addPerson.run(slice.channelId, slice.day, slice.userId);
    }
    const move = sqlite.prepare("UPDATE voice_sessions SET checkpointed_at = ? WHERE guild_id = ? AND user_id = ?");
    for (const point of write.checkpoints) move.run(point.checkpointedAt, point.guildId, point.userId);
    const end = sqlite.prepare("DELETE FROM voice_sessions WHERE guild_id = ? AND user_id = ?");
    for (const session of write.ended) end.run(session.guildId, session.userId);
    const start =
      sqlite.prepare(`INSERT INTO voice_sessions (guild_id, user_id, channel_id, bot, started_at, checkpointed_at)
      VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (guild_id, user_id) DO UPDATE SET channel_id = excluded.channel_id,
      bot = excluded.bot, started_at = excluded.started_at, checkpointed_at = excluded.checkpointed_at`);
    for (const session of write.started) {
      start.run(
        session.guildId,
        session.userId,
        session.channelId,
        session.bot ? 1 : 0,
        session.startedAt,
        session.checkpointedAt,
      );
    }
  })();
  store.noteWrite();
}

/** Sessions a previous run left open: their time after the last checkpoint is unknown (the exporter was down). */
export function readStoredVoiceSessions(store: Store): StoredVoiceSession[] {
  const rows = store.sqlite
    .prepare(`SELECT guild_id AS guildId, user_id AS userId, channel_id AS channelId, bot, started_at AS startedAt,
      checkpointed_at AS checkpointedAt FROM voice_sessions`)
    .all() as (Omit<StoredVoiceSession, "bot"> & { bot: number })[];
  return rows.map((row) => ({ ...row, bot: row.bot === 1 }));
}

export function clearVoiceSessions(store: Store): void {
  store.sqlite.prepare("DELETE FROM voice_sessions").run();
  store.noteWrite();
}
