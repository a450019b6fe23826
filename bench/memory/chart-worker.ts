/**
 * npx tsx bench/memory/chart-worker.ts [--rounds N]
 *
 * What the bot's chart worker costs in resident memory, alone: a plain node process with the production launch's
 * flags (package.json's start script) starts the built worker and draws the six sample charts (test/charts/
 * sample-data.ts, Japanese, dark, emoji in a channel name) once each, then N rounds of all six queued at once (a
 * burst: the worker draws one at a time). Prints RSS, its anonymous / file-backed split and VmHWM after each step,
 * the worker's own V8 heap (chart-worker-heap.mjs) and the resident pages per mapping (node binary, Skia, fonts,
 * heaps). Builds dist/ first: do not run it while exporters started from this dist/ run. Measures, never asserts.
 */
import { execFileSync, spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { startNodeArgs } from "../../scripts/start-command.js";
import { sampleConfigs } from "../../test/charts/sample-data.js";
import { mib } from "../lib/format.js";
import { readProcMemory } from "../lib/proc.js";
import { readSmapsByName } from "../lib/smaps.js";

const { values } = parseArgs({ options: { rounds: { type: "string", default: "10" } } });
const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const TMP = path.join(ROOT, "bench/tmp");

execFileSync(process.execPath, [path.join(ROOT, "scripts/build.mjs")], { cwd: ROOT, stdio: "inherit" });
fs.mkdirSync(TMP, { recursive: true });
const configsPath = path.join(TMP, "chart-worker-configs.json");
fs.writeFileSync(
  configsPath,
  JSON.stringify(sampleConfigs({ locale: "ja", theme: "dark", context: "原神 日本コミュニティ" })),
);
// The launch's node flags without its script: V8 flags are per process, the worker gets them too.
const flags = (startNodeArgs(ROOT) ?? []).filter((arg) => arg.startsWith("--"));
console.log(`node ${flags.join(" ")} bench/memory/chart-worker-child.mjs (${process.version})`);
const child = spawn(
  process.execPath,
  [
    ...flags,
    path.join(ROOT, "bench/memory/chart-worker-child.mjs"),
    path.join(ROOT, "dist/charts/render/chart-worker.js"),
    configsPath,
    values.rounds,
  ],
  { cwd: ROOT, stdio: ["pipe", "pipe", "inherit"] },
);
const pid = child.pid ?? 0;
for await (const row of createInterface({ input: child.stdout! })) {
  const what = /^STEP (.*)$/.exec(row)?.[1];
  if (what === undefined) {
    console.log(row);
    continue;
  }
  if (what === "mappings") {
    console.log("  resident by mapping (largest 10):");
    for (const m of readSmapsByName(pid).slice(0, 10)) console.log(`    ${mib(m.rssBytes).padStart(10)}  ${m.name}`);
  } else {
    const m = readProcMemory(pid);
    console.log(
      m === null
        ? `${what}: process gone`
        : `${what}\n  RSS ${mib(m.rssBytes)} (anonymous ${mib(m.anonBytes)}, file-backed ${mib(m.fileBytes)}), VmHWM ${mib(m.hwmBytes)}`,
    );
  }
  child.stdin?.write("\n");
}
