// Plain node, started by bench/memory/chart-worker.ts with the production launch's flags: starts the built chart
// worker (dist/charts/render/chart-worker.js) with nothing else loaded, renders each sample chart once, then rounds
// of all six queued at once. After each step it prints "STEP <what>" and waits for a line on stdin: the parent reads
// this process's /proc files meanwhile (bench/lib/proc.ts, smaps.ts), so nothing here allocates while it does.
import fs from "node:fs";
import { createInterface } from "node:readline";
import { pathToFileURL } from "node:url";
import { Worker } from "node:worker_threads";

const [workerPath, configsPath, roundsArg] = process.argv.slice(2);
const configs = JSON.parse(fs.readFileSync(configsPath, "utf8"));
const rounds = Number(roundsArg ?? 10);
const acks = createInterface({ input: process.stdin })[Symbol.asyncIterator]();

async function step(what) {
  process.stdout.write(`STEP ${what}\n`);
  await acks.next();
}

/** The worker's V8 heap, as its own isolate sees it. */
async function workerHeap() {
  const heap = await new Promise((resolve) => {
    pending.set("heap", resolve);
    worker.postMessage("heap");
  });
  const mib = (bytes) => `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
  return `worker's V8 heap ${mib(heap.totalBytes)} (${mib(heap.usedBytes)} used)`;
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
await step("before the worker");
const worker = new Worker(new URL("./chart-worker-heap.mjs", import.meta.url), {
  workerData: pathToFileURL(workerPath).href,
});
const pending = new Map();
let nextId = 0;
// Each PNG arrives here as a copy outside this thread's V8 heap, garbage once read, but collected only when V8 next
// needs to: without a collection per PNG, this driver's own garbage grew the process to 162 MiB after 300 rounds,
// which is not the worker's cost. The exporter collects after its chart answers too (src/gateway-features.ts, CHART_MEMORY_RELEASE_INTERVAL_MS).
worker.on("message", (response) => {
  pending.get(response.id)?.(response);
  pending.delete(response.id);
  globalThis.gc?.();
});
const render = (config) =>
  new Promise((resolve) => {
    const id = nextId++;
    pending.set(id, resolve);
    worker.postMessage({ id, config, size: { width: 1200, height: 600 } });
  });
await sleep(1500);
await step(`worker started, idle; ${await workerHeap()}`);
for (const [name, config] of Object.entries(configs)) {
  const t0 = performance.now();
  const response = await render(config);
  if (response.error) throw new Error(`${name}: ${response.error}`);
  await step(
    `after ${name} (${(performance.now() - t0).toFixed(0)} ms, PNG ${(response.png.length / 1024).toFixed(0)} KiB)`,
  );
}
const times = [];
for (let round = 0; round < rounds; round++) {
  const t0 = performance.now();
  await Promise.all(Object.values(configs).map(render));
  times.push(performance.now() - t0);
}
await step(
  `after ${rounds} rounds of all six queued at once (ms per round: ${times.map((t) => t.toFixed(0)).join(", ")}); ${await workerHeap()}`,
);
await step("mappings");
await worker.terminate();
await sleep(500);
await step("worker terminated");
process.exit(0);
