import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { openStore, type Store } from "../../src/store/open.js";
import { makeTempDir, openTempStore, STORE_TEMPLATE_ENV } from "../helpers/temp-store.js";

function schemaOf(store: Store): unknown[] {
  return store.sqlite.prepare("SELECT type, name, sql FROM sqlite_master ORDER BY type, name").all();
}

// Most tests' stores are copies of one database the global setup migrated: it must be what migrating gives.
describe("the tests' store template", () => {
  it("is set for the test workers and equals a database migrated now, schema and migration records", () => {
    const template = process.env[STORE_TEMPLATE_ENV];
    expect(template && fs.existsSync(template)).toBe(true);
    const dir = makeTempDir();
    const fresh = openStore({ path: path.join(dir, "fresh.db") });
    const copy = openTempStore();
    try {
      expect(schemaOf(copy.store)).toEqual(schemaOf(fresh));
      const migrations = "SELECT hash, created_at FROM __drizzle_migrations ORDER BY id";
      expect(copy.store.sqlite.prepare(migrations).all()).toEqual(fresh.sqlite.prepare(migrations).all());
    } finally {
      fresh.close();
      copy.cleanup();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
