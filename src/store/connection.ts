// A SQLite connection as the exporter opens it, without drizzle: the metrics render worker reads through this alone,
// so its thread loads neither drizzle nor the schema. open.ts builds the store with drizzle (the exporter's writer,
// the CLI's commands) on the same connection.
import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { PACKAGE_ROOT } from "../package-root.js";
import { describeSqliteError, StoreError } from "./errors.js";

/**
 * SQLite's page cache per connection, in KiB (negative: a size, not a page count). better-sqlite3 compiles SQLite
 * with 16 MB (SQLITE_DEFAULT_CACHE_SIZE=-16000) instead of SQLite's 2 MB, and each connection (the writer, the
 * metrics render worker's reader, the web's reader) fills its cache as the database grows: on a 1,000,000-message
 * database that was +16 MB of resident memory each. A page's writes touch a few B-tree paths and the scans read from
 * the OS's file cache, so 2 MB costs them little.
 */
const CACHE_SIZE_KIB = 2048;

export const DEFAULT_MIGRATIONS_FOLDER = path.join(PACKAGE_ROOT, "migrations");

/** What a reader of the database needs: the connection and the key for caching what is derived from the data. */
export interface ReadStore {
  readonly path: string;
  readonly sqlite: Database.Database;
  /** Changes whenever this process or another one commits: the key for caching what is derived from the data. */
  readonly generation: () => string;
  readonly close: () => void;
}

export interface ConnectionOptions {
  path: string;
  /** How long a write waits for another writer before giving up (ms). */
  busyTimeoutMs?: number;
  readonly?: boolean;
}

/** Opens the file with the exporter's pragmas; any failure is a one-line StoreError naming the file. */
export function openConnection(options: ConnectionOptions): Database.Database {
  const file = options.path;
  let sqlite: Database.Database;
  try {
    if (file !== ":memory:") fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
    sqlite = new Database(file, { readonly: options.readonly ?? false, fileMustExist: options.readonly ?? false });
  } catch (error) {
    throw new StoreError(describeOpenError(file, error));
  }
  try {
    // Unset (the tests, the read-only opens): better-sqlite3's own timeout stays, 5 s. The exporter and the recount
    // pass DATABASE_BUSY_TIMEOUT.
    if (options.busyTimeoutMs !== undefined) sqlite.pragma(`busy_timeout = ${options.busyTimeoutMs}`);
    sqlite.pragma(`cache_size = -${CACHE_SIZE_KIB}`);
    // Touch the file first: a file that is not SQLite fails here, before anything could be written to it.
    sqlite.pragma("schema_version");
    if (!options.readonly) {
      sqlite.pragma("journal_mode = WAL");
      // WAL + NORMAL: a killed process loses nothing that was committed; only a power cut may drop the last commits.
      sqlite.pragma("synchronous = NORMAL");
    }
    return sqlite;
  } catch (error) {
    sqlite.close();
    throw new StoreError(describeSqliteError(file, error));
  }
}

/**
 * The data generation of a connection: this handle's own commits (`writes`) and SQLite's data_version, which moves
 * when another connection commits.
 */
export function dataGeneration(sqlite: Database.Database, writes: () => number): () => string {
  const dataVersion = sqlite.prepare("PRAGMA data_version").pluck();
  return () => `${writes()}:${dataVersion.get() as number}`;
}

/** A read-only connection for a reader that never writes (the metrics render worker). */
export function openReadStore(file: string, migrationsFolder = DEFAULT_MIGRATIONS_FOLDER): ReadStore {
  const sqlite = openConnection({ path: file, readonly: true });
  try {
    assertSchemaNotNewer(sqlite, file, migrationsFolder);
  } catch (error) {
    sqlite.close();
    throw error instanceof StoreError ? error : new StoreError(describeSqliteError(file, error));
  }
  return {
    path: file,
    sqlite,
    generation: dataGeneration(sqlite, () => 0),
    close: () => {
      if (sqlite.open) sqlite.close();
    },
  };
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
export function assertSchemaNotNewer(sqlite: Database.Database, file: string, migrationsFolder: string): void {
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
