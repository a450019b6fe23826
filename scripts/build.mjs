// npm run build: dist/ from the TypeScript sources (scripts/build-dist.mjs), in about a second. Inside the Docker
// image there are no sources, only the dist/ built in its build stage: nothing to do, so the npm scripts that build
// first (start, recount, ...) work there as well.
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
if (!fs.existsSync(path.join(root, "src"))) process.exit(0);
const { buildDist } = await import("./build-dist.mjs");
await buildDist(root);
