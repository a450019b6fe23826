import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { DrizzleError } from "drizzle-orm";
import { type BetterSQLite3Database, drizzle } from "drizzle-orm/better-sqlite3";
import { migrate } from "drizzle-orm/better-sqlite3/migrator";
import { describeSqliteError, StoreError } from "./errors.js";
import * as schema from "./schema.js";
import { PACKAGE_ROOT } from "../package-root.js";

export type Db = BetterSQLite3Database<typeof schema>;

/**
 * SQLite's page cache per connection, in KiB (negative: a size, not a page count). better-sqlite3 compiles SQLite
 * with 16 MB (SQLITE_DEFAULT_CACHE_SIZE=-16000) instead of SQLite's 2 MB, and each connection (the writer, the
 * metrics render worker's reader, the web's reader) fills its cache as the database grows: on a 1,000,000-message
 * database that was +16 MB of resident memory each. A page's writes touch a few B-tree paths and the scans read from
 * the OS's file cache, so 2 MB costs them little.
 */
const CACHE_SIZE_KIB = 2048;

export interface Store {
  readonly path: string;
  readonly sqlite: Database.Database;
  readonly db: Db;
  /** Changes whenever this process or another one commits: the key for caching what is derived from the data. */
  readonly generation: () => string;
  /** Called after every commit made through this handle. */
  readonly noteWrite: () => void;
  readonly close: () => void;
}

export interface OpenStoreOptions {
  path: string;
  /** How long a write waits for another writer before giving up (ms). */
  busyTimeoutMs?: number;
  migrationsFolder?: string;
  readonly?: boolean;
}

export const DEFAULT_MIGRATIONS_FOLDER = path.join(PACKAGE_ROOT, "migrations");

export function openStore(options: OpenStoreOptions): Store {
  const file = options.path;
  const migrationsFolder = options.migrationsFolder ?? DEFAULT_MIGRATIONS_FOLDER;
  let sqlite: Database.Database;
  try {
    if (file !== ":memory:") fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
    sqlite = new Database(file, { readonly: options.readonly ?? false, fileMustExist: options.readonly ?? false });
  } catch (error) {
    throw new StoreError(describeOpenError(file, error));
  }
  try {
    sqlite.pragma(`busy_timeout = ${options.busyTimeoutMs ?? 5000}`);
    sqlite.pragma(`cache_size = -${CACHE_SIZE_KIB}`);
    // Touch the file first: a file that is not SQLite fails here, before anything could be written to it.
    sqlite.pragma("schema_version");
    if (!options.readonly) {
      sqlite.pragma("journal_mode = WAL");
      // WAL + NORMAL: a killed process loses nothing that was committed; only a power cut may drop the last commits.
      sqlite.pragma("synchronous = NORMAL");
    }
    const db = drizzle(sqlite, { schema });
    assertSchemaNotNewer(sqlite, file, migrationsFolder);
    if (!options.readonly) {
      // Take the write lock once now: a database another writer holds fails here, clearly, after the busy timeout,
      // instead of in the middle of the first sync.
      sqlite.exec("BEGIN IMMEDIATE");
      sqlite.exec("COMMIT");
      migrate(db, { migrationsFolder });
    }
    let writes = 0;
    const dataVersion = sqlite.prepare("PRAGMA data_version").pluck();
    return {
      path: file,
      sqlite,
      db,
      generation: () => `${writes}:${dataVersion.get() as number}`,
      noteWrite: () => {
        writes++;
      },
      close: () => {
        if (sqlite.open) sqlite.close();
      },
    };
  } catch (error) {
    sqlite.close();
    if (error instanceof StoreError) throw error;
    // drizzle wraps a failing migration statement in an error that quotes the whole statement over many lines: the
    // SQLite error it carries is the one-line reason (a migration's own refusal included).
    const reason = error instanceof DrizzleError && error.cause !== undefined ? error.cause : error;
    throw new StoreError(describeSqliteError(file, reason));
  }
}

function describeOpenError(file: string, error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  if (code === "EACCES" || code === "EROFS" || code === "EPERM") {
    return `cannot create the directory for database ${file}: permission denied`;
  }
  if (code === "ENOTDIR") return `cannot open database ${file}: a parent path is not a directory`;
  return describeSqliteError(file, error);
}

interface JournalEntry {
  when: number;
  tag: string;
}

/** A database written by a newer exporter must not be "migrated" by an older one: refuse instead of guessing. */
function assertSchemaNotNewer(sqlite: Database.Database, file: string, migrationsFolder: string): void {
  const hasTable = sqlite
    .prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = '__drizzle_migrations'")
    .get();
  if (!hasTable) return;
  const newestApplied = sqlite.prepare("SELECT max(created_at) FROM __drizzle_migrations").pluck().get() as
    | number
    | null;
  if (newestApplied == null) return;
  const journal = JSON.parse(fs.readFileSync(path.join(migrationsFolder, "meta", "_journal.json"), "utf8")) as {
    entries: JournalEntry[];
  };
  const newestKnown = Math.max(0, ...journal.entries.map((entry) => entry.when));
  if (Number(newestApplied) > newestKnown) {
    throw new StoreError(
      `database ${file} was written by a newer version of discord-exporter (schema ${newestApplied} > ${newestKnown}); upgrade the exporter, the database was not changed`,
    );
  }
}
