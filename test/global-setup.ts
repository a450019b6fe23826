// Once per test run: the exporter compiled to dist/, as `npm start` and the Docker image run it. Tests that start
// real processes run this JavaScript with plain node (no TypeScript loader: ~1 s less per process, and the code path
// production takes). esbuild only strips types, file by file, in well under a second; `npm test` type-checks with
// tsc first, and the image check builds with `npm run build` (tsc) itself.
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

function listSources(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return listSources(full);
    return entry.name.endsWith(".ts") && !entry.name.endsWith(".d.ts") ? [full] : [];
  });
}

export async function setup(): Promise<void> {
  await build({
    entryPoints: listSources(path.join(ROOT, "src")),
    outdir: path.join(ROOT, "dist"),
    outbase: path.join(ROOT, "src"),
    format: "esm",
    platform: "node",
    target: "node20",
    sourcemap: true,
    logLevel: "warning",
  });
}
