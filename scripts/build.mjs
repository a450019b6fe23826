// npm run build: the TypeScript sources compiled into dist/ (incremental: a second build without changes takes about
// a second). Inside the Docker image there are no sources, only the dist/ built in its build stage: nothing to do,
// so the npm scripts that build first (start, recount, ...) work there as well.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
if (!fs.existsSync(path.join(root, "src"))) process.exit(0);
const tsc = path.join(root, "node_modules", "typescript", "bin", "tsc");
const result = spawnSync(process.execPath, [tsc, "-p", path.join(root, "tsconfig.build.json")], { stdio: "inherit" });
process.exit(result.status ?? 1);
