import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { openStore, type Store } from "../../src/store/open.js";

let template: string | null = null;

/**
 * A database the real migrations created, once per test worker: a copy opens in a tenth of the time the migrations
 * take (20 ms each, a few hundred stores a run). Every spawned exporter, and the migration tests, still migrate anew.
 */
function migratedTemplate(): string {
  if (template !== null && fs.existsSync(template)) return template;
  const dir = makeTempDir();
  const file = path.join(dir, "template.db");
  // Closing the only connection checkpoints the WAL into the file: the copy is the whole database.
  openStore({ path: file }).close();
  process.once("exit", () => fs.rmSync(dir, { recursive: true, force: true }));
  template = file;
  return file;
}

/** A real SQLite file with the real migrations, in a fresh temp directory. */
export function openTempStore(): { store: Store; dir: string; file: string; cleanup: () => void } {
  const dir = makeTempDir();
  const file = path.join(dir, "test.db");
  fs.copyFileSync(migratedTemplate(), file);
  const store = openStore({ path: file });
  return {
    store,
    dir,
    file,
    cleanup: () => {
      store.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

export function makeTempDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), "discord-exporter-test-"));
}
