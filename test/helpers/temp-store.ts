import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { openStore, type Store } from "../../src/store/open.js";

/**
 * Where test/global-setup.ts left a database the real migrations created. A copy opens in a tenth of the time the
 * migrations take (20 ms each, a few hundred stores a run); every spawned exporter and the store tests still migrate
 * anew. Unset outside vitest (the bench): the store is then migrated here.
 */
export const STORE_TEMPLATE_ENV = "DISCORD_EXPORTER_TEST_STORE_TEMPLATE";

/** A real SQLite file with the real migrations, in a fresh temp directory. */
export function openTempStore(): { store: Store; dir: string; file: string; cleanup: () => void } {
  const dir = makeTempDir();
  const file = path.join(dir, "test.db");
  const template = process.env[STORE_TEMPLATE_ENV];
  if (template && fs.existsSync(template)) fs.copyFileSync(template, file);
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
