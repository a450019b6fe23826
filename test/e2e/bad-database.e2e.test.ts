import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { afterAll, describe, expect, it } from "vitest";
import { openStore } from "../../src/store/open.js";
import { TEST_TOKEN } from "../helpers/exporter-harness.js";
import { spawnExporter } from "../helpers/exporter-process.js";
import { freePort } from "../helpers/free-port.js";
import { makeTempDir } from "../helpers/temp-store.js";

const dirs: string[] = [];
const tempDir = () => {
  const dir = makeTempDir();
  dirs.push(dir);
  return dir;
};
afterAll(() => {
  for (const dir of dirs) {
    fs.chmodSync(dir, 0o755);
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

const hash = (file: string) => crypto.createHash("sha256").update(fs.readFileSync(file)).digest("hex");

/** Starts the real exporter on a database path and returns how it ended. Discord is never reached in these cases. */
async function runExporter(databasePath: string, extraEnv: Record<string, string> = {}) {
  const exporter = spawnExporter(
    {
      DISCORD_TOKEN: TEST_TOKEN,
      DISCORD_GUILD_ID: "111111111111111111",
      DISCORD_API_URL: "http://127.0.0.1:9/api",
      DATABASE_PATH: databasePath,
      ...extraEnv,
    },
    await freePort(),
  );
  const exit = await exporter.exited;
  const lines = exporter.output().trim().split("\n");
  return { code: exit.code, lines };
}

describe("a bad database gets a clear one-line error and is never overwritten", () => {
  it("a file that is not SQLite", async () => {
    const file = path.join(tempDir(), "notes.db");
    fs.writeFileSync(file, "these are my notes, not a database\n".repeat(200));
    const before = hash(file);
    const { code, lines } = await runExporter(file);
    expect(code).toBe(1);
    expect(lines).toEqual([`discord-exporter: database ${file} is not a SQLite database (refusing to touch it)`]);
    expect(hash(file)).toBe(before);
  });

  it("a database written by a newer exporter", async () => {
    const file = path.join(tempDir(), "newer.db");
    const store = openStore({ path: file });
    store.sqlite.prepare("INSERT INTO __drizzle_migrations (hash, created_at) VALUES ('future', 99999999999999)").run();
    store.sqlite.pragma("wal_checkpoint(TRUNCATE)");
    store.close();
    const before = hash(file);
    const { code, lines } = await runExporter(file);
    expect(code).toBe(1);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(
      new RegExp(
        `^discord-exporter: database ${file} was written by a newer version of discord-exporter .*the database was not changed$`,
      ),
    );
    expect(hash(file)).toBe(before);
  });

  it("a database path whose directory cannot be created", async () => {
    // A regular file where a directory should be: fails for root too (root ignores permission bits).
    const blocker = path.join(tempDir(), "file-not-dir");
    fs.writeFileSync(blocker, "x");
    const { code, lines } = await runExporter(path.join(blocker, "exporter.db"));
    expect(code).toBe(1);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(
      /^discord-exporter: cannot create the directory for database .*file-not-dir\/exporter\.db/,
    );
    expect(fs.readFileSync(blocker, "utf8")).toBe("x");
  });

  it("a database locked by another writer: waits, then says so", async () => {
    const file = path.join(tempDir(), "locked.db");
    openStore({ path: file }).close();
    const holder = new Database(file);
    holder.exec("BEGIN EXCLUSIVE");
    try {
      // A short wait instead of the default 5 s: the same give-up path, as DATABASE_BUSY_TIMEOUT lets a user choose.
      const { code, lines } = await runExporter(file, { DATABASE_BUSY_TIMEOUT: "500ms" });
      expect(code).toBe(1);
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(new RegExp(`^discord-exporter: database ${file} is locked by another process`));
    } finally {
      holder.exec("ROLLBACK");
      holder.close();
    }
  }, 30_000);
});
