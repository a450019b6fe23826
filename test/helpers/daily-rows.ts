// The daily tables by channel id and YYYY-MM-DD day, for tests that write or read them directly (the tables key
// them as channels.key and day numbers: src/store/daily-keys.ts).
import type Database from "better-sqlite3";
import { dayTextSql, toDayKey } from "../../src/store/daily-keys.js";

export interface StoredDay {
  day: string;
  human: number;
  bot: number;
}

/** A statement adding one channel's messages on one day; the channel row must exist. */
export function prepareInsertDay(
  sqlite: Database.Database,
): (channelId: string, day: string, human: number, bot: number) => void {
  const insert = sqlite.prepare(`INSERT INTO daily_messages (channel_key, day, human_messages, bot_messages)
    VALUES ((SELECT key FROM channels WHERE id = ?), ?, ?, ?)`);
  return (channelId, day, human, bot) => {
    insert.run(channelId, toDayKey(day), human, bot);
  };
}

/** One channel's (or thread's) stored days, oldest first. */
export function readStoredDays(sqlite: Database.Database, channelId: string): StoredDay[] {
  return sqlite
    .prepare(
      `SELECT ${dayTextSql("d.day")} AS day, d.human_messages AS human, d.bot_messages AS bot
       FROM daily_messages d JOIN channels c ON c.key = d.channel_key WHERE c.id = ? ORDER BY d.day`,
    )
    .all(channelId) as StoredDay[];
}

/** How many author rows one channel (or thread) has. */
export function countStoredAuthors(sqlite: Database.Database, channelId: string): number {
  return sqlite
    .prepare("SELECT count(*) FROM daily_authors a JOIN channels c ON c.key = a.channel_key WHERE c.id = ?")
    .pluck()
    .get(channelId) as number;
}
