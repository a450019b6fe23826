import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { afterEach, describe, expect, it } from "vitest";
import { DEFAULT_MIGRATIONS_FOLDER, openReadStore } from "../../src/store/connection.js";
import { StoreError } from "../../src/store/errors.js";
import { openStore } from "../../src/store/open.js";
import { makeTempDir } from "../helpers/temp-store.js";

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

function tempDir() {
  const dir = makeTempDir();
  dirs.push(dir);
  return dir;
}

describe("openStore", () => {
  it("applies the real migrations to a fresh file, in WAL mode, and again is a no-op", () => {
    const file = path.join(tempDir(), "a.db");
    const store = openStore({ path: file });
    expect(store.sqlite.pragma("journal_mode", { simple: true })).toBe("wal");
    const tables = store.sqlite
      .prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
      .pluck()
      .all();
    expect(tables).toEqual(
      expect.arrayContaining(["channels", "daily_messages", "daily_authors", "guilds", "member_samples"]),
    );
    const applied = store.sqlite.prepare("SELECT count(*) FROM __drizzle_migrations").pluck().get();
    store.close();
    const again = openStore({ path: file });
    expect(again.sqlite.prepare("SELECT count(*) FROM __drizzle_migrations").pluck().get()).toBe(applied);
    again.close();
  });

  it("bounds SQLite's page cache to 2 MB on the writer and on readers (better-sqlite3 builds SQLite with 16 MB)", () => {
    const file = path.join(tempDir(), "cache.db");
    const writer = openStore({ path: file });
    const reader = openStore({ path: file, readonly: true });
    const raw = new Database(file, { readonly: true });
    expect(raw.pragma("cache_size", { simple: true })).toBe(-16000);
    expect(writer.sqlite.pragma("cache_size", { simple: true })).toBe(-2048);
    expect(reader.sqlite.pragma("cache_size", { simple: true })).toBe(-2048);
    raw.close();
    reader.close();
    writer.close();
  });

  it("applies a migration all or nothing: one failing statement leaves the previous schema intact", () => {
    const dir = tempDir();
    const migrations = path.join(dir, "migrations");
    fs.cpSync(DEFAULT_MIGRATIONS_FOLDER, migrations, { recursive: true });
    const file = path.join(dir, "b.db");
    openStore({ path: file, migrationsFolder: migrations }).close();
    // A broken next migration: its first statement would succeed on its own.
    const journalPath = path.join(migrations, "meta", "_journal.json");
    const journal = JSON.parse(fs.readFileSync(journalPath, "utf8")) as {
      entries: { idx: number; when: number; tag: string; version: string; breakpoints: boolean }[];
    };
    const last = journal.entries.at(-1)!;
    journal.entries.push({
      idx: last.idx + 1,
      version: last.version,
      when: last.when + 1,
      tag: "9999_broken",
      breakpoints: true,
    });
    fs.writeFileSync(journalPath, JSON.stringify(journal));
    fs.writeFileSync(
      path.join(migrations, "9999_broken.sql"),
      "CREATE TABLE half_done (x);\n--> statement-breakpoint\nTHIS IS NOT SQL;",
    );
    expect(() => openStore({ path: file, migrationsFolder: migrations })).toThrow(/database .*b\.db/);
    const check = openStore({ path: file });
    expect(check.sqlite.prepare("SELECT name FROM sqlite_master WHERE name = 'half_done'").get()).toBeUndefined();
    check.close();
  });

  it("bumps its version on every write made through it and on commits from another connection", () => {
    const file = path.join(tempDir(), "c.db");
    const store = openStore({ path: file });
    const other = openStore({ path: file });
    const v0 = store.generation();
    other.sqlite.prepare("INSERT INTO guilds (id) VALUES ('x')").run();
    const v1 = store.generation();
    expect(v1).not.toBe(v0);
    store.noteWrite();
    expect(store.generation()).not.toBe(v1);
    store.close();
    other.close();
  });
});

describe("openReadStore (the metrics render worker's connection, without drizzle)", () => {
  it("reads what the writer commits, sees its commits in its generation, and cannot write", () => {
    const file = path.join(tempDir(), "r.db");
    const writer = openStore({ path: file });
    const reader = openReadStore(file);
    expect(reader.sqlite.pragma("cache_size", { simple: true })).toBe(-2048);
    const before = reader.generation();
    writer.sqlite.prepare("INSERT INTO guilds (id, name) VALUES ('1', 'g')").run();
    expect(reader.generation()).not.toBe(before);
    expect(reader.sqlite.prepare("SELECT name FROM guilds").pluck().all()).toEqual(["g"]);
    expect(() => reader.sqlite.prepare("DELETE FROM guilds").run()).toThrow(/readonly/);
    reader.close();
    reader.close();
    writer.close();
  });

  it("a missing file: one line naming it, and no file is created", () => {
    const file = path.join(tempDir(), "missing.db");
    expect(() => openReadStore(file)).toThrow(StoreError);
    expect(() => openReadStore(file)).toThrow(
      new RegExp(`^[^\\n]*${file.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}[^\\n]*$`),
    );
    expect(fs.existsSync(file)).toBe(false);
  });

  it("a file that is not SQLite, and a database of a newer exporter: refused with one line, the file untouched", () => {
    const dir = tempDir();
    const text = path.join(dir, "notes.db");
    fs.writeFileSync(text, "not a database\n".repeat(100));
    expect(() => openReadStore(text)).toThrow(/is not a SQLite database/);
    expect(fs.readFileSync(text, "utf8")).toBe("not a database\n".repeat(100));

    const newer = path.join(dir, "newer.db");
    openStore({ path: newer }).close();
    const raw = new Database(newer);
    raw
      .prepare("INSERT INTO __drizzle_migrations (hash, created_at) VALUES ('future', ?)")
      .run(Number.MAX_SAFE_INTEGER);
    raw.close();
    const size = fs.statSync(newer).size;
    expect(() => openReadStore(newer)).toThrow(/written by a newer version of discord-exporter/);
    expect(fs.statSync(newer).size).toBe(size);
  });
});
