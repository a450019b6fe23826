// dist/, as `npm start`, the CLI and the Docker image run it, and as the tests' global setup builds it: one function,
// so the tests run the build production runs.
//
// The Node side is bundled by esbuild into a few files: the CLI (dist/cli/main.js) and the two worker threads' own
// entries, with the code they share in dist/chunks/. A process then loads a handful of files instead of up to ~1,300
// modules: serve reaches its first Discord request on about half the CPU (~0.6 s instead of ~1.1 s) and ~13 MB less
// resident memory (`npx tsx bench/startup.ts`). Only native addons stay in node_modules, loaded as packages. The code
// finds its files from the package root (src/package-root.ts), not from a module's own path, since bundling moves it.
//
// The browser side (the dashboard's chart definitions and client) stays one ES module per source file, in
// dist/charts/*.js and dist/web/*.js: the page loads them as modules by URL.
//
// esbuild strips types only: `npm test` type-checks (tsc --noEmit).
import fs from "node:fs";
import path from "node:path";
import { build } from "esbuild";

/** The Node entry points, as src/ paths; each becomes dist/<same path>.js. */
/**
 * Set by `npm test` (scripts/test.mjs) when it has just built dist/ beside the type check: the tests' global setup
 * then does not build it again.
 */
export const DIST_PREBUILT_ENV = "DISCORD_EXPORTER_DIST_PREBUILT";

export const NODE_ENTRIES = [
  "src/cli/main.ts",
  "src/metrics/store-render-worker.ts",
  "src/charts/render/chart-worker.ts",
  // The chart renderer's module: the image check draws a chart with it, beside the bot's worker.
  "src/charts/render/index.ts",
];

/** Loaded as packages, not bundled: native addons (their .node binaries are found relative to their package). */
const EXTERNAL = ["better-sqlite3", "@napi-rs/canvas"];

/** Source folders whose files the browser loads one by one (not their subfolders: charts/render/ is Node's). */
const BROWSER_FOLDERS = ["src/charts", "src/web"];

// CommonJS packages bundled into ES modules still call require() on Node's modules and read __dirname: give every
// output file both, as Node gives a CommonJS module.
const NODE_BANNER = [
  'import { createRequire as __bundleCreateRequire } from "node:module";',
  'import { fileURLToPath as __bundleFileURLToPath } from "node:url";',
  "const require = __bundleCreateRequire(import.meta.url);",
  "const __filename = __bundleFileURLToPath(import.meta.url);",
  'const __dirname = __filename.slice(0, __filename.lastIndexOf("/"));',
].join(" ");

/** Builds dist/ of the package at `root` from scratch. */
export async function buildDist(root) {
  const outdir = path.join(root, "dist");
  // The demo's fake Discord (dist/fake-discord/, built by the Dockerfile) is not ours to remove.
  for (const entry of fs.existsSync(outdir) ? fs.readdirSync(outdir) : []) {
    if (entry !== "fake-discord") fs.rmSync(path.join(outdir, entry), { recursive: true, force: true });
  }
  const common = {
    absWorkingDir: root,
    outdir,
    outbase: "src",
    platform: "node",
    target: "node20",
    logLevel: "warning",
  };
  await build({
    ...common,
    entryPoints: NODE_ENTRIES,
    entryNames: "[dir]/[name]",
    chunkNames: "chunks/[name]-[hash]",
    bundle: true,
    splitting: true,
    format: "esm",
    external: EXTERNAL,
    banner: { js: NODE_BANNER },
    // V8 keeps every loaded script's source in the heap: without whitespace and with shorter syntax the Node side is
    // 3.9 MB instead of 6.2, and serve starts ~3 MB smaller. Names stay, so stack traces still name the functions.
    minifyWhitespace: true,
    minifySyntax: true,
    sourcemap: true,
  });
  const browserFiles = BROWSER_FOLDERS.flatMap((folder) =>
    fs
      .readdirSync(path.join(root, folder), { withFileTypes: true })
      .filter((entry) => entry.isFile() && entry.name.endsWith(".ts") && !entry.name.endsWith(".d.ts"))
      .map((entry) => `${folder}/${entry.name}`),
  );
  await build({
    ...common,
    entryPoints: browserFiles,
    format: "esm",
    target: "es2022",
    platform: "neutral",
    // As tsc emits them: every import kept as written (type-only imports are marked `import type`).
    tsconfigRaw: { compilerOptions: { verbatimModuleSyntax: true } },
    sourcemap: true,
  });
}
