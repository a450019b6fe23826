/**
 * npm run bench [-- --only NAME[,NAME]] [--quick] [--out FILE]
 *
 * Runs the scenarios against the fake Discord (Discord-like rate limits), prints a table and writes a report with the
 * machine's details. A full run writes bench/results.md; --quick and --only runs write bench/tmp/results-*.md unless
 * --out says otherwise, so a smoke run never overwrites the committed figures. Measures, never asserts.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { describeLimits, DISCORD_LIKE } from "./lib/fake.js";
import { seconds } from "./lib/format.js";
import { goalLines } from "./lib/goals.js";
import { ISSUE_UNITS_NOTE } from "./lib/issue-units.js";
import { describeMachine, describeSource } from "./lib/machine.js";
import { ROOT, setCodeRoot } from "./lib/proc.js";
import { takeSnapshot } from "./lib/snapshot.js";
import type { Scenario, ScenarioResult } from "./lib/types.js";
import { scenario as bot } from "./scenarios/bot.js";
import { scenario as firstCount } from "./scenarios/first-count.js";
import { scenario as liveUpdates } from "./scenarios/live-updates.js";
import { scenario as manyGuilds } from "./scenarios/many-guilds.js";
import { scenario as memory } from "./scenarios/memory.js";
import { scenario as scrape } from "./scenarios/scrape.js";
import { scenario as steadyState } from "./scenarios/steady-state.js";
import { scenario as storage } from "./scenarios/storage.js";

const SCENARIOS: Scenario[] = [steadyState, firstCount, scrape, memory, storage, manyGuilds, bot, liveUpdates];

const { values } = parseArgs({
  options: {
    only: { type: "string", multiple: true },
    quick: { type: "boolean", default: false },
    out: { type: "string" },
    help: { type: "boolean", default: false },
  },
  strict: true,
});

if (values.help) {
  process.stdout.write(
    `usage: npm run bench -- [--only NAME[,NAME]] [--quick] [--out FILE]\nscenarios: ${SCENARIOS.map((s) => s.name).join(", ")}\n`,
  );
  process.exit(0);
}

const only = (values.only ?? [])
  .flatMap((v) => v.split(","))
  .map((v) => v.trim())
  .filter(Boolean);
for (const name of only) {
  if (!SCENARIOS.some((s) => s.name === name)) {
    process.stderr.write(`unknown scenario "${name}"; known: ${SCENARIOS.map((s) => s.name).join(", ")}\n`);
    process.exit(2);
  }
}
const selected = only.length > 0 ? SCENARIOS.filter((s) => only.includes(s.name)) : SCENARIOS;
const quick = values.quick;
const partial = quick || only.length > 0;
const outFile = path.resolve(
  ROOT,
  values.out ?? (partial ? `bench/tmp/results-${quick ? "quick" : "partial"}.md` : "bench/results.md"),
);

const TMP_ROOT = path.join(ROOT, "bench", "tmp");

function command(name: string): string {
  return `npm run bench -- --only ${name}${quick ? " --quick" : ""}`;
}

interface Done {
  scenario: Scenario;
  result: ScenarioResult | null;
  error: string | null;
  ms: number;
}

const machine = describeMachine();
const source = describeSource(ROOT);
fs.mkdirSync(TMP_ROOT, { recursive: true });
const snapshot = takeSnapshot(ROOT, TMP_ROOT);
setCodeRoot(snapshot.dir, snapshot.launch);
process.stdout.write(
  `exporter processes: node ${snapshot.launch.join(" ")}${snapshot.buildError ? ` (no compiled build: ${snapshot.buildError})` : ""}\n\n`,
);
const started = Date.now();
const done: Done[] = [];
process.stdout.write(
  `discord-exporter benchmarks${quick ? " (quick)" : ""}: ${selected.map((s) => s.name).join(", ")}\n`,
);
process.stdout.write(`${machine.cpu}, ${machine.cores} cores, ${machine.memory}, Node ${machine.node}\n\n`);

for (const scenario of selected) {
  fs.mkdirSync(TMP_ROOT, { recursive: true });
  const tmpDir = fs.mkdtempSync(path.join(TMP_ROOT, `${scenario.name}-`));
  const t0 = Date.now();
  process.stdout.write(`▶ ${scenario.title} (${scenario.name})\n`);
  try {
    const result = await scenario.run({
      quick,
      tmpDir,
      log: (message) => process.stdout.write(`  ${message}\n`),
    });
    done.push({ scenario, result, error: null, ms: Date.now() - t0 });
    for (const figure of result.figures) {
      const verdict = figure.met === undefined ? "" : figure.met ? "  ✔" : "  ✘";
      process.stdout.write(
        `  ${figure.label}: ${figure.value}${figure.target ? ` (target ${figure.target})` : ""}${verdict}\n`,
      );
    }
  } catch (error) {
    const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
    done.push({ scenario, result: null, error: message, ms: Date.now() - t0 });
    process.stdout.write(`  FAILED: ${message}\n`);
  } finally {
    fs.rmSync(tmpDir, { recursive: true, force: true });
  }
  process.stdout.write(`  (${seconds(Date.now() - t0)})\n\n`);
}

const cell = (text: string) => text.replaceAll("|", "\\|").replaceAll("\n", " ");
const verdict = (met: boolean | undefined) => (met === undefined ? "—" : met ? "✔ met" : "✘ missed");

const lines: string[] = [];
lines.push(`# Benchmarks${quick ? " (quick smoke run)" : ""}`, "");
lines.push(
  `Generated by \`npm run bench${quick ? " -- --quick" : ""}${only.length > 0 ? ` -- --only ${only.join(",")}` : ""}\` on ${machine.date} (total ${seconds(Date.now() - started)}).`,
  "",
);
lines.push("| Machine | |", "|---|---|");
lines.push(`| CPU | ${machine.cpu} |`, `| Cores | ${machine.cores} |`, `| Memory | ${machine.memory} |`);
lines.push(`| Node | ${machine.node} |`, `| OS | ${machine.os} |`, `| Date | ${machine.date} |`);
lines.push(`| Code measured | ${source.replaceAll("|", "\\|")} |`);
lines.push(
  `| Load average (1, 5, 15 min) at start / end | ${machine.load} / ${os
    .loadavg()
    .map((n) => n.toFixed(2))
    .join(", ")} |`,
  "",
);
lines.push(
  `Discord-like limits unless a scenario says otherwise — ${describeLimits(DISCORD_LIKE)}; the exporter's REST client`,
  "keeps its production settings (@discordjs/rest's global throttle of 50 requests/s, the adaptive rate-limit offset of src/discord/rate-limit-offset.ts) unless stated.",
  `Exporter processes run \`node ${snapshot.launch.join(" ")}\` (the production launch${snapshot.buildError ? "" : ", built by scripts/build-dist.mjs"}) from a copy of src/ taken when the run started, so edits made meanwhile do not mix in.`,
  "Every figure is reproduced by the command in its row (scenarios are independent; `--quick` gives smaller sizes).",
  `Units: sizes measured here are in MiB and KiB (2^20, 2^10 bytes; /proc's "kB" are KiB). ${ISSUE_UNITS_NOTE}`,
  "Where the memory goes (main heap, render workers, SQLite, code), with the commands that measure it: docs/memory.md.",
  "",
);
const goals = goalLines(
  done.map((entry) => ({ scenario: entry.scenario.name, figures: entry.result?.figures ?? null, error: entry.error })),
);
lines.push("## Goals (issue 16's performance table)", "");
lines.push(
  "| Goal | Go exporter (from issue 16) | Measured | Value | Target | Met | Reproduce |",
  "|---|---|---|---|---|---|---|",
);
for (const { goal, figure, missing } of goals) {
  lines.push(
    `| ${cell(goal.row)} | ${cell(goal.go)} | ${cell(figure?.label ?? "")} | ${cell(figure?.value ?? missing ?? "")} | ${cell(figure?.target ?? "")} | ${figure ? verdict(figure.met) : "✘ not measured"} | \`${command(goal.scenario)}\` |`,
  );
}
lines.push("");
lines.push("## Summary", "");
lines.push("| Scenario | Figure | Value | Target | Met | Reproduce |", "|---|---|---|---|---|---|");
for (const entry of done) {
  if (!entry.result) {
    lines.push(
      `| ${entry.scenario.title} | (failed) | ${cell(entry.error?.split("\n")[0] ?? "")} | | | \`${command(entry.scenario.name)}\` |`,
    );
    continue;
  }
  for (const figure of entry.result.figures) {
    lines.push(
      `| ${entry.scenario.title} | ${cell(figure.label)} | ${cell(figure.value)} | ${cell(figure.target ?? "")} | ${verdict(figure.met)} | \`${command(entry.scenario.name)}\` |`,
    );
  }
}
lines.push("");
for (const entry of done) {
  lines.push(
    `## ${entry.scenario.title}`,
    "",
    `Reproduce: \`${command(entry.scenario.name)}\` (took ${seconds(entry.ms)}).`,
    "",
  );
  if (!entry.result) {
    lines.push("Failed:", "", "```", entry.error ?? "", "```", "");
    continue;
  }
  for (const item of entry.result.setup) lines.push(`- ${item}`);
  lines.push("", "| Figure | Value | Target | Met | Notes |", "|---|---|---|---|---|");
  for (const figure of entry.result.figures) {
    lines.push(
      `| ${cell(figure.label)} | ${cell(figure.value)} | ${cell(figure.target ?? "")} | ${verdict(figure.met)} | ${cell(figure.note ?? "")} |`,
    );
  }
  lines.push("");
  for (const paragraph of entry.result.details ?? []) lines.push(paragraph, "");
}

fs.rmSync(snapshot.dir, { recursive: true, force: true });
fs.mkdirSync(path.dirname(outFile), { recursive: true });
fs.writeFileSync(outFile, `${lines.join("\n").trimEnd()}\n`);

process.stdout.write("Goals (issue 16):\n");
for (const { goal, figure, missing } of goals) {
  process.stdout.write(
    `  ${goal.row}: ${figure ? `${figure.label}: ${figure.value}${figure.target ? ` (target ${figure.target})` : ""} ${verdict(figure.met)}` : missing}\n`,
  );
}
process.stdout.write("\n| Scenario | Figure | Value | Target | Met |\n|---|---|---|---|---|\n");
for (const entry of done) {
  for (const figure of entry.result?.figures ?? []) {
    process.stdout.write(
      `| ${entry.scenario.name} | ${figure.label} | ${figure.value} | ${figure.target ?? ""} | ${verdict(figure.met)} |\n`,
    );
  }
  if (!entry.result) process.stdout.write(`| ${entry.scenario.name} | FAILED | | | |\n`);
}
process.stdout.write(`\nwritten to ${path.relative(ROOT, outFile)} (total ${seconds(Date.now() - started)})\n`);
process.exit(done.some((entry) => entry.error !== null) ? 1 : 0);
