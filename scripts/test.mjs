// npm test: the typecheck and the test suite; fails when either fails (both always run).
//   npm test                  tsc --noEmit beside vitest run
//   npm test -- test/config   arguments go to vitest
// Side by side, with tsc at the lowest CPU priority (nice 19): the suite keeps both cores busy only ~85 % of the
// time, and tsc (2-10 s, several threads) runs in the rest. At the same priority it slowed the suite by 10-20 s on
// two cores; one after the other it added its own time (npm test 63.1/55.6 s side by side at nice 19, 65.2/57.5 s in
// turn, alternating runs). tsc starts first; dist/ (the code the spawned exporters run) is built beside it, before
// vitest, instead of in vitest's global setup. tsc's output is held back and printed after vitest's, and the last
// line says when each finished.
import { spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { buildDist, DIST_PREBUILT_ENV } from "./build-dist.mjs";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const require = createRequire(path.join(root, "package.json"));
// TypeScript 7 exports no bin path: its package directory holds it.
const tscBin = path.join(path.dirname(require.resolve("typescript/package.json")), "bin", "tsc");
const vitestBin = path.join(path.dirname(require.resolve("vitest/package.json")), "vitest.mjs");

/** `nice -n 19` where there is one (Linux, macOS): a process and every thread it starts yield to everything else. */
const LOWEST_PRIORITY = spawnSync("nice", ["-n", "19", "true"]).status === 0 ? ["nice", "-n", "19"] : [];

/** Runs node on a script; resolves with its exit code (1 when it died on a signal) and, if asked, its output. */
function run(script, args, { capture, env = process.env, prefix = [] }) {
  return new Promise((resolve, reject) => {
    const [command, ...commandArgs] = [...prefix, process.execPath, script, ...args];
    const child = spawn(command, commandArgs, {
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

/**
 * CPU seconds the whole machine has spent busy since boot (Linux's /proc/stat: user, nice, system, irq, softirq), or
 * null elsewhere: not every process of the suite is waited for by this one (the tests' spawner can outlive vitest), so
 * their own rusage would miss some. On two cores the CPU the suite takes, not its waits, sets how long it runs.
 */
function machineBusySeconds() {
  try {
    const [user, nice, system, , , irq, softirq] = fs
      .readFileSync("/proc/stat", "utf8")
      .split("\n")[0]
      .split(/\s+/)
      .slice(1)
      .map(Number);
    return (user + nice + system + irq + softirq) / 100;
  } catch {
    return null;
  }
}

const started = Date.now();
const busyAtStart = machineBusySeconds();
const secondsSinceStart = () => (Date.now() - started) / 1000;
// tsc needs no dist/: it starts at once. On a clean clone it has no incremental cache and takes ~13 CPU-s, against
// ~2.5 with one, so every second it gets before vitest fills both cores counts. In one thread it does the same work
// on a third less CPU (cold: 7.8-8.6 CPU-s against 11.2-13.3, in about the same time alone: its parallel checkers
// each resolve the shared library types again), and the CPU it takes is what the suite loses.
const checking = run(tscBin, ["--noEmit", "--singleThreaded", "-p", path.join(root, "tsconfig.json")], {
  capture: true,
  prefix: LOWEST_PRIORITY,
}).then((result) => ({ ...result, seconds: secondsSinceStart() }));
// Awaited in Promise.all below; until then, a tsc that cannot start must not count as an unhandled rejection.
checking.catch(() => {});
// A failed build is left to the global setup, which builds again and fails the run with esbuild's message.
const built = await buildDist(root).then(
  () => true,
  () => false,
);
const [checked, tests] = await Promise.all([
  checking,
  run(vitestBin, ["run", ...process.argv.slice(2)], {
    capture: false,
    env: built ? { ...process.env, [DIST_PREBUILT_ENV]: "1" } : process.env,
  }).then((result) => ({ ...result, seconds: secondsSinceStart() })),
]);

if (checked.output.trim() !== "") process.stdout.write(`\n${checked.output.trimEnd()}\n`);
process.stdout.write(
  `\ntsc --noEmit: ${checked.code === 0 ? "ok" : `failed (exit ${checked.code})`} in ${checked.seconds.toFixed(1)} s; ` +
    `vitest: ${tests.code === 0 ? "ok" : `failed (exit ${tests.code})`} at ${tests.seconds.toFixed(1)} s; ` +
    `${secondsSinceStart().toFixed(1)} s in all` +
    (busyAtStart === null ? "\n" : `, ${(machineBusySeconds() - busyAtStart).toFixed(0)} CPU-s on the machine\n`),
);
process.exit(checked.code !== 0 ? checked.code : tests.code);
