/** Read-only looks at the exporter's database from outside, and its size on disk. */
import fs from "node:fs";
import Database from "better-sqlite3";

export function openReadonly(file: string): Database.Database {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  db.pragma("busy_timeout = 5000");
  return db;
}

export interface ChannelProgress {
  channels: number;
  backfilling: number;
  counted: number;
}

/** Text-like channels stored, how many still backfill, and the messages counted so far. */
export function readProgress(db: Database.Database): ChannelProgress {
  return db
    .prepare(
      `SELECT count(*) AS channels,
              coalesce(sum(state = 'backfilling'), 0) AS backfilling,
              coalesce(sum(human_messages + bot_messages), 0) AS counted
       FROM channels WHERE type IN (0, 5)`,
    )
    .get() as ChannelProgress;
}

export interface DbSize {
  fileBytes: number;
  walBytes: number;
  totalBytes: number;
}

export function dbSize(file: string): DbSize {
  const size = (f: string) => (fs.existsSync(f) ? fs.statSync(f).size : 0);
  const fileBytes = size(file);
  const walBytes = size(`${file}-wal`);
  return { fileBytes, walBytes, totalBytes: fileBytes + walBytes };
}

/** Folds the WAL into the file on a separate connection (the exporter must be stopped or idle). */
export function checkpoint(file: string): DbSize {
  const db = new Database(file, { fileMustExist: true });
  try {
    db.pragma("wal_checkpoint(TRUNCATE)");
  } finally {
    db.close();
  }
  return dbSize(file);
}

export interface TableSize {
  name: string;
  rows: number;
  bytes: number;
}

/** Bytes per table and index (SQLite's dbstat), with the row counts of the tables. */
export function tableSizes(file: string): TableSize[] {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    const pages = db
      .prepare("SELECT name, sum(pgsize) AS bytes FROM dbstat GROUP BY name ORDER BY bytes DESC")
      .all() as {
      name: string;
      bytes: number;
    }[];
    const tables = new Set(
      (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as { name: string }[]).map(
        (t) => t.name,
      ),
    );
    return pages.map((page) => ({
      name: page.name,
      bytes: page.bytes,
      rows: tables.has(page.name)
        ? (db.prepare(`SELECT count(*) AS n FROM "${page.name}"`).get() as { n: number }).n
        : -1,
    }));
  } finally {
    db.close();
  }
}
