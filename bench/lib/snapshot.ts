/**
 * A copy of the code under test, taken when the run starts, that every exporter process of the run is started from:
 * others may edit src/ while a 20-minute run goes on, and the figures must all describe one version. When the
 * repository has a build (scripts/build-dist.mjs, what `npm start` and the Docker image run), the copy is built too,
 * and processes are launched the way package.json's `start` script launches dist/cli/main.js serve (node flags included).
 */
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { startNodeArgs } from "../../scripts/start-command.js";

const COPIED = ["src", "migrations", "package.json", "tsconfig.json", "scripts"];

export interface Snapshot {
  dir: string;
  /** Node arguments of the production launch, relative to dir: compiled `dist/cli/main.js serve`, or tsx on the sources. */
  launch: string[];
  /** Why there is no compiled launch, if there is none. */
  buildError: string | null;
}

export const TSX_LAUNCH = ["--import", "tsx", "src/cli/main.ts", "serve"];

export function takeSnapshot(root: string, into: string): Snapshot {
  const dir = fs.mkdtempSync(path.join(into, "code-"));
  for (const entry of COPIED) {
    const from = path.join(root, entry);
    if (fs.existsSync(from)) fs.cpSync(from, path.join(dir, entry), { recursive: true });
  }
  fs.symlinkSync(path.join(root, "node_modules"), path.join(dir, "node_modules"), "dir");
  if (!fs.existsSync(path.join(dir, "scripts", "build.mjs"))) {
    return { dir, launch: TSX_LAUNCH, buildError: "no scripts/build.mjs" };
  }
  const build = spawnSync(process.execPath, ["scripts/build.mjs"], { cwd: dir, encoding: "utf8" });
  if (build.status !== 0 || !fs.existsSync(path.join(dir, "dist", "cli", "main.js"))) {
    return { dir, launch: TSX_LAUNCH, buildError: `build failed: ${(build.stdout + build.stderr).slice(0, 500)}` };
  }
  return { dir, launch: startNodeArgs(dir) ?? ["dist/cli/main.js", "serve"], buildError: null };
}
