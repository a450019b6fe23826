/** A database problem a user can act on; the message is one line that names the file and the problem. */
export class StoreError extends Error {
  override readonly name = "StoreError";
}

interface SqliteLikeError {
  code?: unknown;
  message?: unknown;
}

/** Translates better-sqlite3's errors into a sentence about the database file. */
export function describeSqliteError(path: string, error: unknown): string {
  const { code, message } = (error ?? {}) as SqliteLikeError;
  const text = typeof message === "string" ? message : String(error);
  switch (code) {
    case "SQLITE_NOTADB":
      return `database ${path} is not a SQLite database (refusing to touch it)`;
    case "SQLITE_CORRUPT":
      return `database ${path} is corrupt: ${text}`;
    case "SQLITE_BUSY":
    case "SQLITE_BUSY_SNAPSHOT":
    case "SQLITE_LOCKED":
      return `database ${path} is locked by another process (gave up after waiting): ${text}`;
    case "SQLITE_READONLY":
      return `database ${path} is read-only: ${text}`;
    case "SQLITE_CANTOPEN":
      return `cannot open database ${path}: check that the directory exists and is writable`;
    case "SQLITE_FULL":
      return `database ${path}: disk full`;
    default:
      return `database ${path}: ${text}`;
  }
}
