/**
 * npx tsx bench/charts-render.ts [--runs N]
 *
 * Chart rendering cost on this machine: building each configuration (pure, on the caller's thread), drawing it to a
 * 1200×600 PNG (median and p99 of N runs, in-process), end-to-end latency through the worker pool, and the resident
 * memory the render worker adds to the process. The pool runs the worker as compiled JavaScript, as in production
 * (src/charts/ is transpiled into bench/tmp/charts-dist first: the tsx loader would add its own memory), in a child
 * process started with npm start's --max-semi-space-size=2 (V8 flags are per process: the worker gets it too).
 * Measures, never asserts.
 */
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import type { ChartConfig } from "../src/charts/chart-config.js";
import { membersChart } from "../src/charts/members-chart.js";
import type { ChartRenderer, ChartRendererOptions } from "../src/charts/render/chart-renderer.js";
import { sampleConfigs, sampleMembers } from "../test/charts/sample-data.js";
import { transpileForBrowser } from "../test/helpers/transpile-for-browser.js";

const { values } = parseArgs({
  options: { runs: { type: "string", default: "100" }, "worker-memory": { type: "boolean", default: false } },
});
const RUNS = Number(values.runs);
/** Rounds of all six charts through the worker pool. */
const ROUNDS = Number(process.env.ROUNDS ?? 100);
const ROOT = fileURLToPath(new URL("..", import.meta.url));
const OUT = path.join(ROOT, "bench/tmp/charts-dist");

const mib = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MiB`;
const ms = (value: number) => `${value.toFixed(1)} ms`;

function quantile(sorted: number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]!;
}

function summary(samples: number[]): { median: number; p99: number; max: number } {
  const sorted = [...samples].sort((a, b) => a - b);
  return { median: quantile(sorted, 0.5), p99: quantile(sorted, 0.99), max: sorted.at(-1)! };
}

/** src/charts/ as plain JavaScript, file by file, the way tsc lays it out in dist/. */
async function transpileCharts(): Promise<void> {
  const walk = (dir: string): string[] =>
    fs
      .readdirSync(dir, { withFileTypes: true })
      .flatMap((e) => (e.isDirectory() ? walk(path.join(dir, e.name)) : [path.join(dir, e.name)]));
  const source = path.join(ROOT, "src/charts");
  for (const file of walk(source).filter((f) => f.endsWith(".ts"))) {
    const target = path.join(OUT, path.relative(source, file)).replace(/\.ts$/, ".js");
    const outputText = transpileForBrowser(fs.readFileSync(file, "utf8"));
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.writeFileSync(target, outputText);
  }
}

async function time<T>(run: () => T | Promise<T>): Promise<number> {
  const start = performance.now();
  await run();
  return performance.now() - start;
}

const sleep = (delay: number) => new Promise((resolve) => setTimeout(resolve, delay));

/** Run in a child process of its own (plain node + tsx, nothing else loaded), so the RSS deltas are the worker's. */
async function measureWorker(configs: Record<string, ChartConfig>): Promise<void> {
  const { createChartRenderer } = (await import(pathToFileURL(path.join(OUT, "render/chart-renderer.js")).href)) as {
    createChartRenderer: (options: ChartRendererOptions) => ChartRenderer;
  };
  global.gc?.();
  await sleep(200);
  const before = process.memoryUsage().rss;
  const renderer = createChartRenderer({ maxQueued: 4 });
  await sleep(1500);
  const idle = process.memoryUsage().rss;
  const first = await time(() => renderer.render(configs.messages!));
  const afterFirst = process.memoryUsage().rss;
  let peak = afterFirst;
  const latency: Record<string, number[]> = {};
  // Rounds of every chart; RSS after each block of rounds shows whether it levels off.
  const rssByBlock: number[] = [];
  for (let round = 1; round <= ROUNDS; round++) {
    for (const [name, config] of Object.entries(configs)) {
      const samples = latency[name] ?? [];
      latency[name] = samples;
      samples.push(await time(() => renderer.render(config)));
      peak = Math.max(peak, process.memoryUsage().rss);
    }
    if (round % 20 === 0) rssByBlock.push(process.memoryUsage().rss);
  }
  const steady = process.memoryUsage().rss;
  await renderer.close();
  await sleep(500);
  const closed = process.memoryUsage().rss;

  console.log("\nWorker pool (1 worker, compiled JS), process RSS:");
  console.log(`  before the pool           ${mib(before)}`);
  console.log(`  worker started, idle      ${mib(idle)}  (+${mib(idle - before)}: chart.js, Skia, fonts registered)`);
  console.log(
    `  after the first render    ${mib(afterFirst)}  (+${mib(afterFirst - before)}; first render ${ms(first)})`,
  );
  const renders = ROUNDS * Object.keys(configs).length;
  console.log(`  every ${20 * Object.keys(configs).length} renders          ${rssByBlock.map(mib).join(", ")}`);
  console.log(`  after ${renders} renders         ${mib(steady)}  (+${mib(steady - before)}; peak ${mib(peak)})`);
  console.log(`  after close()             ${mib(closed)}`);
  console.log(`\nEnd-to-end latency through the pool, ${ROUNDS} renders each (median / p99 / max):`);
  for (const [name, samples] of Object.entries(latency)) {
    const s = summary(samples);
    console.log(
      `  ${name.padEnd(15)} ${ms(s.median).padStart(9)} / ${ms(s.p99).padStart(9)} / ${ms(s.max).padStart(9)}`,
    );
  }
}

async function measureInProcess(configs: Record<string, ChartConfig>): Promise<void> {
  const { renderChartPng } = await import("../src/charts/render/render-png.js");
  console.log(`\nIn-process renderChartPng, 1200×600, ${RUNS} runs after one warm-up (median / p99 / max; PNG size):`);
  for (const [name, config] of Object.entries(configs)) {
    const png = renderChartPng(config);
    const samples: number[] = [];
    for (let i = 0; i < RUNS; i++) samples.push(await time(() => renderChartPng(config)));
    const s = summary(samples);
    console.log(
      `  ${name.padEnd(15)} ${ms(s.median).padStart(9)} / ${ms(s.p99).padStart(9)} / ${ms(s.max).padStart(9)}; ${(png.length / 1024).toFixed(0)} KiB`,
    );
  }
}

function measureDefinitions(): void {
  console.log("\nBuilding configurations (pure, on the caller's thread), median of 10:");
  const cases: [string, () => unknown][] = [
    ["members 25,920 samples (90 d × 5 min)", () => membersChart(sampleMembers(), { locale: "ja", theme: "dark" })],
    [
      "members 129,600 samples (90 d × 1 min)",
      (() => {
        const start = Date.UTC(2024, 3, 1);
        const points = Array.from({ length: 129_600 }, (_, i) => ({
          at: start + i * 60_000,
          members: 12_000 + Math.floor(i / 150),
          online: 1500 + Math.round(600 * Math.sin(i / 230)),
        }));
        return () => membersChart({ points }, { locale: "ja", theme: "dark" });
      })(),
    ],
    ["all six sample charts", () => sampleConfigs({ locale: "ja", theme: "dark" })],
  ];
  for (const [name, build] of cases) {
    build();
    const samples = Array.from({ length: 10 }, () => {
      const start = performance.now();
      build();
      return performance.now() - start;
    });
    console.log(`  ${name.padEnd(40)} ${ms(summary(samples).median)}`);
  }
}

const configs = sampleConfigs({ locale: "ja", theme: "dark", context: "原神 日本コミュニティ" });
if (values["worker-memory"]) {
  await measureWorker(configs);
} else {
  console.log(`Node ${process.version}, ${process.arch}; sample charts: ${Object.keys(configs).join(", ")}`);
  await transpileCharts();
  execFileSync(
    process.execPath,
    ["--expose-gc", "--max-semi-space-size=2", "--import", "tsx", fileURLToPath(import.meta.url), "--worker-memory"],
    {
      stdio: "inherit",
    },
  );
  await measureInProcess(configs);
  measureDefinitions();
}
