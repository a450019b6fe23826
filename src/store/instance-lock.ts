import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { StoreError } from "./errors.js";

export interface InstanceLock {
  release(): void;
}

/**
 * One exporter per database: two would both count every new message. The lock is an exclusive SQLite lock on a
 * side file, so the kernel drops it when the process dies, even by SIGKILL: no stale lock to clean up by hand.
 * Recount and the sqlite3 CLI do not take it and keep working beside a running exporter.
 */
export function acquireInstanceLock(databasePath: string): InstanceLock {
  const lockPath = `${databasePath}.lock`;
  let lock: Database.Database;
  try {
    fs.mkdirSync(path.dirname(path.resolve(databasePath)), { recursive: true });
  } catch (error) {
    throw new StoreError(`cannot create the directory for database ${databasePath}: ${(error as Error).message}`);
  }
  try {
    lock = new Database(lockPath);
    lock.pragma("busy_timeout = 0");
    lock.pragma("locking_mode = EXCLUSIVE");
    lock.exec("CREATE TABLE IF NOT EXISTS owner (pid INTEGER)");
    lock.exec("BEGIN EXCLUSIVE");
    lock.prepare("DELETE FROM owner").run();
    lock.prepare("INSERT INTO owner (pid) VALUES (?)").run(process.pid);
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    if (code === "SQLITE_BUSY" || code === "SQLITE_LOCKED") {
      throw new StoreError(
        `another discord-exporter is already running on database ${databasePath} (lock ${lockPath} is held)`,
      );
    }
    throw new StoreError(`cannot take the lock ${lockPath}: ${(error as Error).message}`);
  }
  return {
    release() {
      if (lock.open) lock.close();
    },
  };
}
