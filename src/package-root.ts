import fs from "node:fs";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

/**
 * The directory of the package's package.json: the repository, or /app in the image. Found by walking up from this
 * module, because where the module sits differs: src/ under a TypeScript loader, or one of the bundled files of dist/
 * (`npm run build`), at whatever depth the bundler put the code. Files the exporter reads at run time (package.json,
 * migrations/, dist/'s browser modules and worker entries) are named from here, never relative to a module.
 */
function findPackageRoot(moduleUrl: string): string {
  const start = path.dirname(fileURLToPath(moduleUrl));
  for (let dir = start; ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, "package.json"))) return dir;
    if (path.dirname(dir) === dir) throw new Error(`no package.json in ${start} or above it`);
  }
}

export const PACKAGE_ROOT = findPackageRoot(import.meta.url);

/** True under a TypeScript loader (tests, the demo, scripts); false in the build that `npm start` and the image run. */
export const RUNNING_FROM_SOURCE = import.meta.url.endsWith(".ts");

/**
 * A worker thread's entry. Built, it is the worker's own bundle in dist/; from source, worker threads do not inherit
 * the TypeScript loader, so the entry is a small .mjs that registers it first and then imports the worker.
 */
export function workerEntry(paths: { source: string; built: string }): URL {
  return pathToFileURL(path.join(PACKAGE_ROOT, RUNNING_FROM_SOURCE ? paths.source : paths.built));
}
