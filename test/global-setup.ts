// Once per test run: dist/ built exactly as `npm run build` builds it (scripts/build-dist.mjs), which `npm start`, the
// CLI and the Docker image run. Tests that start real processes run this JavaScript with plain node, the code path
// production takes.
import path from "node:path";
import { fileURLToPath } from "node:url";
import { buildDist } from "../scripts/build-dist.mjs";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

export async function setup(): Promise<void> {
  await buildDist(ROOT);
}
