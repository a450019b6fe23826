import { DrizzleError } from "drizzle-orm";
import { type BetterSQLite3Database, drizzle } from "drizzle-orm/better-sqlite3";
import { migrate } from "drizzle-orm/better-sqlite3/migrator";
import {
  assertSchemaNotNewer,
  DEFAULT_MIGRATIONS_FOLDER,
  dataGeneration,
  openConnection,
  type ReadStore,
} from "./connection.js";
import { describeSqliteError, StoreError } from "./errors.js";
import * as schema from "./schema.js";

export type Db = BetterSQLite3Database<typeof schema>;

/** The writer's store: the connection, drizzle over it, and the count of its own commits. */
export interface Store extends ReadStore {
  readonly db: Db;
  /** Called after every commit made through this handle. */
  readonly noteWrite: () => void;
}

export interface OpenStoreOptions {
  path: string;
  /** How long a write waits for another writer before giving up (ms). */
  busyTimeoutMs?: number;
  migrationsFolder?: string;
  readonly?: boolean;
}

export function openStore(options: OpenStoreOptions): Store {
  const file = options.path;
  const migrationsFolder = options.migrationsFolder ?? DEFAULT_MIGRATIONS_FOLDER;
  const sqlite = openConnection(options);
  try {
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
    return {
      path: file,
      sqlite,
      db,
      generation: dataGeneration(sqlite, () => writes),
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
