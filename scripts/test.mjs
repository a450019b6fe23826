// npm test: the typecheck, then the test suite; fails when either fails (both always run).
//   npm test                  tsc --noEmit, then vitest run
//   npm test -- test/config   arguments go to vitest
// One after the other, not side by side: tsc alone takes 1-5 s, but beside vitest's start (four workers, the dist/
// build) it slowed the whole run by 10-20 s on two cores (npm test 67-76 s side by side, 54 s in turn). dist/ (the
// code the spawned exporters run) is built during the type check instead of in vitest's global setup. tsc's output
// is held back and printed after vitest's.
import { spawn } from "node:child_process";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { buildDist, DIST_PREBUILT_ENV } from "./build-dist.mjs";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const require = createRequire(path.join(root, "package.json"));
// TypeScript 7 exports no bin path: its package directory holds it.
const tscBin = path.join(path.dirname(require.resolve("typescript/package.json")), "bin", "tsc");
const vitestBin = path.join(path.dirname(require.resolve("vitest/package.json")), "vitest.mjs");

/** Runs node on a script; resolves with its exit code (1 when it died on a signal) and, if asked, its output. */
function run(script, args, { capture, env = process.env }) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [script, ...args], {
      cwd: root,
      env,
      stdio: capture ? ["ignore", "pipe", "pipe"] : "inherit",
    });
    let output = "";
    if (capture) {
      child.stdout.on("data", (chunk) => {
        output += chunk;
      });
      child.stderr.on("data", (chunk) => {
        output += chunk;
      });
    }
    child.once("error", reject);
    child.once("close", (code) => resolve({ code: code ?? 1, output }));
  });
}

const started = Date.now();
const [checked, built] = await Promise.all([
  run(tscBin, ["--noEmit", "-p", path.join(root, "tsconfig.json")], { capture: true }).then((result) => ({
    ...result,
    seconds: (Date.now() - started) / 1000,
  })),
  // A failed build is left to the global setup, which builds again and fails the run with esbuild's message.
  buildDist(root).then(
    () => true,
    () => false,
  ),
]);
const tests = await run(vitestBin, ["run", ...process.argv.slice(2)], {
  capture: false,
  env: built ? { ...process.env, [DIST_PREBUILT_ENV]: "1" } : process.env,
});

if (checked.output.trim() !== "") process.stdout.write(`\n${checked.output.trimEnd()}\n`);
process.stdout.write(
  `\ntsc --noEmit: ${checked.code === 0 ? "ok" : `failed (exit ${checked.code})`} in ${checked.seconds.toFixed(1)} s; ` +
    `vitest: ${tests.code === 0 ? "ok" : `failed (exit ${tests.code})`}; ` +
    `${((Date.now() - started) / 1000).toFixed(1)} s in all\n`,
);
process.exit(checked.code !== 0 ? checked.code : tests.code);
