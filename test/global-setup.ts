// Once per test run: dist/ built exactly as `npm run build` builds it (scripts/build-dist.mjs), which `npm start`, the
// CLI and the Docker image run; npm test has built it already, beside the type check (scripts/test.mjs). Tests that
// start real processes run this JavaScript with plain node, the code path production takes. And a database the real
// migrations created, which test/helpers/temp-store.ts copies.
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { buildDist, DIST_PREBUILT_ENV } from "../scripts/build-dist.mjs";
import { openStore } from "../src/store/open.js";
import { makeTempDir, STORE_TEMPLATE_ENV } from "./helpers/temp-store.js";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
let templateDir: string | null = null;

export async function setup(): Promise<void> {
  if (process.env[DIST_PREBUILT_ENV] !== "1") await buildDist(ROOT);
  templateDir = makeTempDir();
  const template = path.join(templateDir, "migrated.db");
  // Closing the only connection checkpoints the WAL into the file: a copy of it is the whole database.
  openStore({ path: template }).close();
  // Test workers start after this and take a copy of the environment.
  process.env[STORE_TEMPLATE_ENV] = template;
}

export function teardown(): void {
  if (templateDir) fs.rmSync(templateDir, { recursive: true, force: true });
}
