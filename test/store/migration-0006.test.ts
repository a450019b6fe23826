// migrations/0006 on a database written by the layout before it (text ids and YYYY-MM-DD days): every row, every
// view and the history queries answer the same after the conversion; what it cannot convert exactly is refused with
// the database left as it was; a failure anywhere in it rolls the whole conversion back.
import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { afterEach, describe, expect, it } from "vitest";
import { createHistoryReader } from "../../src/store/history-read.js";
import { DEFAULT_MIGRATIONS_FOLDER } from "../../src/store/connection.js";
import { openStore } from "../../src/store/open.js";
import { readStoredDays } from "../helpers/daily-rows.js";
import { makeTempDir } from "../helpers/temp-store.js";

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

interface JournalEntry {
  idx: number;
  tag: string;
}

/** The repo's migrations up to and including `lastTag`, in a folder of their own; `edit` may change the last file. */
function migrationsUpTo(dir: string, lastTag: string, edit?: (sql: string) => string): string {
  const folder = path.join(dir, `migrations-${lastTag}`);
  fs.cpSync(DEFAULT_MIGRATIONS_FOLDER, folder, { recursive: true });
  const journalPath = path.join(folder, "meta", "_journal.json");
  const journal = JSON.parse(fs.readFileSync(journalPath, "utf8")) as { entries: JournalEntry[] };
  const last = journal.entries.findIndex((e) => e.tag === lastTag);
  expect(last).toBeGreaterThanOrEqual(0);
  journal.entries = journal.entries.slice(0, last + 1);
  fs.writeFileSync(journalPath, JSON.stringify(journal));
  if (edit) {
    const file = path.join(folder, `${lastTag}.sql`);
    fs.writeFileSync(file, edit(fs.readFileSync(file, "utf8")));
  }
  return folder;
}

const G = "1100000000000000001";
const GENERAL = "1200000000000000001";
const THREAD = "1200000000000000002";
const SECRET = "1200000000000000003";
const GONE = "1200000000000000004";
// One apart, past 2^53: as JavaScript numbers both are 1234567890123456768.
const BIG_A = "1234567890123456789";
const BIG_B = "1234567890123456788";
const LARGEST = "9223372036854775807";

/** A database as the exporter wrote it before 0006, filled with literal rows (written by hand, in the old layout). */
function writeOldDatabase(dir: string, extra = ""): string {
  const file = path.join(dir, "old.db");
  openStore({ path: file, migrationsFolder: migrationsUpTo(dir, "0005_live_voice_members") }).close();
  const db = new Database(file);
  db.exec(`
    INSERT INTO guilds (id, name) VALUES ('${G}', 'G');
    INSERT INTO channels (id, guild_id, parent_id, type, name, state, human_messages, bot_messages, last_seen_id,
      backfill_done, first_seen_at, updated_at) VALUES
      ('${GENERAL}', '${G}', NULL, 0, 'general', 'ready', 9, 2, '${GENERAL}9', 1, 10, 11),
      ('${THREAD}', '${G}', '${GENERAL}', 11, 'a thread', 'ready', 3, 0, '${THREAD}9', 1, 12, 13),
      ('${SECRET}', '${G}', NULL, 0, 'secret', 'excluded', 4, 0, NULL, 0, 14, 15),
      ('${GONE}', '${G}', NULL, 0, 'gone', 'deleted', 2, 1, '${GONE}9', 1, 16, 17);
    INSERT INTO daily_messages (channel_id, day, human_messages, bot_messages) VALUES
      ('${GENERAL}', '2023-12-31', 2, 1), ('${GENERAL}', '2024-01-01', 4, 0), ('${GENERAL}', '2024-02-29', 3, 1),
      ('${THREAD}', '2024-01-01', 3, 0), ('${SECRET}', '2024-01-01', 4, 0), ('${GONE}', '2024-01-07', 2, 1);
    INSERT INTO daily_authors (channel_id, day, author_id) VALUES
      ('${GENERAL}', '2023-12-31', '${BIG_A}'), ('${GENERAL}', '2023-12-31', '${BIG_B}'),
      ('${GENERAL}', '2024-01-01', '${BIG_A}'), ('${GENERAL}', '2024-01-01', '5'),
      ('${GENERAL}', '2024-02-29', '${LARGEST}'),
      ('${THREAD}', '2024-01-01', '${BIG_B}'), ('${THREAD}', '2024-01-01', '0'),
      ('${SECRET}', '2024-01-01', '777'), ('${GONE}', '2024-01-07', '${BIG_A}');
    INSERT INTO voice_daily (channel_id, day, human_ms, bot_ms) VALUES ('${GENERAL}', '2024-01-01', 60000, 0);
    ${extra}`);
  db.close();
  return file;
}

const VIEWS = [
  "daily_channel_messages",
  "daily_guild_messages",
  "weekly_guild_messages",
  "monthly_guild_messages",
  "channel_activity",
  "daily_active_members",
  "weekly_active_members",
  "monthly_active_members",
  "daily_voice",
];

/** Everything a reader can see: each view in full, and the stored rows by channel id, day text and id text. */
function readEverything(file: string): Record<string, unknown[]> {
  const db = new Database(file, { readonly: true });
  try {
    const out: Record<string, unknown[]> = {};
    for (const view of VIEWS) out[view] = db.prepare(`SELECT * FROM ${view} ORDER BY 1, 2, 3`).all();
    const columns = (db.prepare("SELECT name FROM pragma_table_info('channels')").pluck().all() as string[]).filter(
      (c) => c !== "key",
    );
    out.channels = db.prepare(`SELECT ${columns.join(", ")} FROM channels ORDER BY id`).all();
    const isNew =
      columns.length < (db.prepare("SELECT count(*) FROM pragma_table_info('channels')").pluck().get() as number);
    out.dailyMessages = isNew
      ? db
          .prepare(`SELECT c.id AS channel, date(d.day * 86400, 'unixepoch') AS day, d.human_messages, d.bot_messages
            FROM daily_messages d JOIN channels c ON c.key = d.channel_key ORDER BY 1, 2`)
          .all()
      : db
          .prepare("SELECT channel_id AS channel, day, human_messages, bot_messages FROM daily_messages ORDER BY 1, 2")
          .all();
    out.dailyAuthors = isNew
      ? db
          .prepare(`SELECT c.id AS channel, date(a.day * 86400, 'unixepoch') AS day, CAST(a.author_id AS TEXT) AS author
            FROM daily_authors a JOIN channels c ON c.key = a.channel_key ORDER BY 1, 2, 3`)
          .all()
      : db.prepare("SELECT channel_id AS channel, day, author_id AS author FROM daily_authors ORDER BY 1, 2, 3").all();
    return out;
  } finally {
    db.close();
  }
}

describe("migration 0006 (compact daily keys)", () => {
  it("converts a database of the previous layout in place: the same rows, the same view answers", () => {
    const dir = makeTempDir();
    dirs.push(dir);
    const file = writeOldDatabase(dir);
    const before = readEverything(file);
    // The literal rows are really in there, and the views saw them (so an empty answer could not pass).
    expect(before.dailyAuthors).toHaveLength(9);
    expect(before.daily_active_members).toEqual([
      { guild_id: G, day: "2023-12-31", active_members: 2 },
      { guild_id: G, day: "2024-01-01", active_members: 4 },
      { guild_id: G, day: "2024-01-07", active_members: 1 },
      { guild_id: G, day: "2024-02-29", active_members: 1 },
    ]);

    const store = openStore({ path: file });
    store.close();
    const after = readEverything(file);
    expect(after).toEqual(before);

    const db = new Database(file, { readonly: true });
    const types = db
      .prepare(
        "SELECT DISTINCT typeof(channel_key) || ' ' || typeof(day) || ' ' || typeof(author_id) FROM daily_authors",
      )
      .pluck()
      .all();
    expect(types).toEqual(["integer integer integer"]);
    const keys = db.prepare("SELECT id, key FROM channels ORDER BY key").all();
    // Keys follow the order the channels were first written in.
    expect(keys).toEqual([
      { id: GENERAL, key: 1 },
      { id: THREAD, key: 2 },
      { id: SECRET, key: 3 },
      { id: GONE, key: 4 },
    ]);
    db.close();
  });

  it("leaves the history readers exact on converted rows, ids past 2^53 included", () => {
    const dir = makeTempDir();
    dirs.push(dir);
    const file = writeOldDatabase(dir);
    const store = openStore({ path: file });
    try {
      const reader = createHistoryReader(store);
      const authors = reader
        .guildAuthorDays("2023-12-31", "2024-01-01")
        .map((r) => `${r.day} ${r.authorId}`)
        .sort();
      expect(authors).toEqual(
        [
          `2023-12-31 ${BIG_A}`,
          `2023-12-31 ${BIG_B}`,
          "2024-01-01 0",
          "2024-01-01 5",
          `2024-01-01 ${BIG_A}`,
          `2024-01-01 ${BIG_B}`,
        ].sort(),
      );
      expect(reader.guildAuthorDays("2024-02-29", "2024-02-29").map((r) => r.authorId)).toEqual([LARGEST]);
      expect(readStoredDays(store.sqlite, GENERAL)).toEqual([
        { day: "2023-12-31", human: 2, bot: 1 },
        { day: "2024-01-01", human: 4, bot: 0 },
        { day: "2024-02-29", human: 3, bot: 1 },
      ]);
      // A channel first seen after the conversion gets a key of its own, above every converted one.
      store.sqlite
        .prepare(
          `INSERT INTO channels (id, guild_id, type, name, state, first_seen_at, updated_at)
           VALUES ('1200000000000000009', '${G}', 0, 'new', 'backfilling', 0, 0)`,
        )
        .run();
      expect(store.sqlite.prepare("SELECT key FROM channels WHERE id = '1200000000000000009'").pluck().get()).toBe(5);
    } finally {
      store.close();
    }
  });

  it("leaves a database not yet converted alone when the export opens it read-only, and says what to do", () => {
    const dir = makeTempDir();
    dirs.push(dir);
    const file = writeOldDatabase(dir);
    const before = readEverything(file);
    const store = openStore({ path: file, readonly: true });
    try {
      expect(() => createHistoryReader(store)).toThrow(
        /^database .*old\.db still has the daily tables of an older discord-exporter; start the exporter on it once/,
      );
    } finally {
      store.close();
    }
    expect(readEverything(file)).toEqual(before);
  });

  for (const [problem, extra] of [
    ["an author id that is not a snowflake", `INSERT INTO daily_authors VALUES ('${GENERAL}', '2024-03-01', 'u1');`],
    [
      "an author id above 2^63 - 1",
      `INSERT INTO daily_authors VALUES ('${GENERAL}', '2024-03-01', '9223372036854775808');`,
    ],
    ["an author id with a leading zero", `INSERT INTO daily_authors VALUES ('${GENERAL}', '2024-03-01', '05');`],
    ["a day that is not a calendar day", `INSERT INTO daily_messages VALUES ('${GENERAL}', '2024-02-30', 1, 0);`],
    ["a daily row of a channel with no channels row", `INSERT INTO daily_messages VALUES ('999', '2024-03-01', 1, 0);`],
  ] as const) {
    it(`refuses ${problem} with one line naming the migration, and changes nothing`, () => {
      const dir = makeTempDir();
      dirs.push(dir);
      const file = writeOldDatabase(dir, extra);
      const before = readEverything(file);
      let message = "";
      try {
        openStore({ path: file }).close();
      } catch (error) {
        message = (error as Error).message;
      }
      expect(message).toMatch(/^database .*old\.db: .*migration 0006 refused, the database is unchanged/);
      expect(message).not.toContain("\n");
      expect(readEverything(file)).toEqual(before);
      // Still at 0005: nothing of 0006 was recorded as applied.
      const db = new Database(file, { readonly: true });
      expect(db.prepare("SELECT count(*) FROM __drizzle_migrations").pluck().get()).toBe(6);
      db.close();
    });
  }

  it("rolls everything back when it fails after the tables were already rebuilt", () => {
    const dir = makeTempDir();
    dirs.push(dir);
    const file = writeOldDatabase(dir);
    const before = readEverything(file);
    // The real 0006 with a failing statement at its very end: the drops, copies and renames all ran before it.
    const broken = migrationsUpTo(
      dir,
      "0006_compact_daily_keys",
      (sql) => `${sql}\n--> statement-breakpoint\nTHIS IS NOT SQL;`,
    );
    expect(() => openStore({ path: file, migrationsFolder: broken }).close()).toThrow(/database .*old\.db/);
    expect(readEverything(file)).toEqual(before);
    // And the real migration still converts it afterwards.
    openStore({ path: file }).close();
    expect(readEverything(file)).toEqual(before);
  });
});
