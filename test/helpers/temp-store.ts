import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { openStore, type Store } from "../../src/store/open.js";

/** A real SQLite file with the real migrations, in a fresh temp directory. */
export function openTempStore(): { store: Store; dir: string; file: string; cleanup: () => void } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "discord-exporter-test-"));
  const file = path.join(dir, "test.db");
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
