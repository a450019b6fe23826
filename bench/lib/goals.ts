/**
 * The performance table of issue 16, one row per goal, with the Go exporter's figure as the anchor. Scenarios tag
 * the figures that measure a goal (Figure.goal); the report lists every row here, measured or not, so a scenario
 * that failed or was not selected shows as a gap instead of vanishing from the summary.
 */
import type { Figure } from "./types.js";

export interface Goal {
  key: string;
  row: string;
  /** What the Go exporter this tool replaces measured, from the issue. */
  go: string;
  /** The scenario whose figures measure it (--only NAME). */
  scenario: string;
}

export const GOALS: readonly Goal[] = [
  {
    key: "first-count-time",
    row: "first full count, wall ÷ floor",
    go: "600.7 s (1.00× floor)",
    scenario: "first-count",
  },
  { key: "first-count-429", row: "first full count, 429 answers", go: "2 × 429", scenario: "first-count" },
  {
    key: "memory",
    row: "peak resident memory (VmHWM) during the first count",
    go: "17.9 MB",
    scenario: "first-count",
  },
  { key: "memory-bot", row: "the same with BOT_ENABLED=true", go: "—", scenario: "first-count" },
  {
    key: "scrape-gzip",
    row: "/metrics p99, 10,000 series, 1 connection, gzip",
    go: "84 ms",
    scenario: "scrape",
  },
  { key: "scrape-plain", row: "the same without gzip", go: "82 ms", scenario: "scrape" },
  { key: "storage", row: "database per 1,000,000 messages", go: "—", scenario: "storage" },
];

export interface GoalLine {
  goal: Goal;
  figure: Figure | null;
  /** Why there is no figure: the scenario failed or was not run. */
  missing: string | null;
}

/** Every goal's figures, in the table's order; a goal without one gets a line saying why. */
export function goalLines(
  ran: ReadonlyArray<{ scenario: string; figures: readonly Figure[] | null; error: string | null }>,
): GoalLine[] {
  const lines: GoalLine[] = [];
  for (const goal of GOALS) {
    const run = ran.find((entry) => entry.scenario === goal.scenario);
    const figures = run?.figures?.filter((figure) => figure.goal === goal.key) ?? [];
    if (figures.length > 0) {
      for (const figure of figures) lines.push({ goal, figure, missing: null });
      continue;
    }
    const missing =
      run === undefined
        ? "not run (scenario not selected)"
        : run.error !== null
          ? `scenario failed: ${run.error.split("\n")[0]}`
          : "no figure (see the scenario's section)";
    lines.push({ goal, figure: null, missing });
  }
  return lines;
}
