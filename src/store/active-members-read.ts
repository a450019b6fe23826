import type Database from "better-sqlite3";
import { toDayKey } from "./daily-keys.js";
import type { ReadStore } from "./connection.js";
import { isCountedSql } from "./message-attribution.js";

export type ActiveMembersWindow = "1d" | "7d" | "30d";

/** Each window is the last N UTC days including today: 1d is today alone, 7d today and the 6 days before. */
export const ACTIVE_MEMBER_WINDOWS: readonly { window: ActiveMembersWindow; days: number }[] = [
  { window: "1d", days: 1 },
  { window: "7d", days: 7 },
  { window: "30d", days: 30 },
];

export interface ActiveMembersRow {
  guildId: string;
  window: ActiveMembersWindow;
  /** Distinct human authors in the guild's channels and threads (excluded ones left out) over the window. */
  count: number;
}

const DAY_PATTERN = /^\d{4}-\d{2}-\d{2}$/;

// Every guild we know gets all three windows, 0 included: a gauge that vanishes on a quiet day breaks alerts.
// One statement per store, prepared on first use (a scrape must not re-prepare it).
const statements = new WeakMap<Database.Database, Database.Statement>();

function prepareStatement(sqlite: Database.Database): Database.Statement {
  const windows = ACTIVE_MEMBER_WINDOWS.map((w) => `('${w.window}', ${w.days - 1}, ${w.days})`).join(", ");
  return sqlite.prepare(`
    WITH windows (name, days_back, ord) AS (VALUES ${windows}),
    known_guilds (guild_id) AS (SELECT id FROM guilds UNION SELECT guild_id FROM channels)
    SELECT
      g.guild_id AS guildId,
      w.name AS "window",
      (SELECT count(DISTINCT a.author_id)
         FROM daily_authors a
         JOIN channels c ON c.key = a.channel_key
        WHERE c.guild_id = g.guild_id
          AND ${isCountedSql("c")}
          AND a.day BETWEEN @today - w.days_back AND @today) AS count
    FROM known_guilds g CROSS JOIN windows w
    ORDER BY g.guild_id, w.ord`);
}

/** Reads the active member counts of every known guild for the windows ending on `today` (UTC, YYYY-MM-DD). */
export function readActiveMembers(store: ReadStore, today: string): ActiveMembersRow[] {
  if (!DAY_PATTERN.test(today))
    throw new RangeError(`readActiveMembers: today must be YYYY-MM-DD, got ${JSON.stringify(today)}`);
  let statement = statements.get(store.sqlite);
  if (!statement) {
    statement = prepareStatement(store.sqlite);
    statements.set(store.sqlite, statement);
  }
  return statement.all({ today: toDayKey(today) }) as ActiveMembersRow[];
}
