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

/** A worker thread's two entries, relative to the package root. */
export interface WorkerPaths {
  /** A small .mjs that registers the TypeScript loader, which worker threads do not inherit, then imports the worker. */
  source: string;
  /** The worker's own bundle in dist/. */
  built: string;
}

/**
 * A worker thread's entry: the one that matches how this module runs, unless asked for. Tests ask for the built one
 * (dist/ is built once per run): a worker started from source loads the TypeScript loader and compiles its modules
 * anew each time, which over a test run's few dozen exporters costs more CPU than any test.
 */
export function workerEntry(
  paths: WorkerPaths,
  from: "source" | "built" = RUNNING_FROM_SOURCE ? "source" : "built",
): URL {
  return pathToFileURL(path.join(PACKAGE_ROOT, paths[from]));
}
