/** What a scenario reports: figures with their target, and the setup that produced them. */

export interface Figure {
  /** What was measured, e.g. "idle sync: Discord requests". */
  label: string;
  /** The measured value, formatted for the table. */
  value: string;
  /** The target from the issue, when there is one. */
  target?: string;
  /** Whether the target was met (undefined: no target). */
  met?: boolean;
  /** Why it missed, or what the figure means. */
  note?: string;
  /** The row of issue 16's performance table this figure measures (a key of GOALS in goals.ts). */
  goal?: string;
}

export interface ScenarioResult {
  /** One line per parameter: sizes, rate limits, exporter settings. */
  setup: string[];
  figures: Figure[];
  /** Free-form paragraphs appended to results.md under the scenario (analysis, raw series). */
  details?: string[];
}

export interface ScenarioContext {
  quick: boolean;
  /** A fresh directory under bench/tmp/ for this scenario, removed afterwards. */
  tmpDir: string;
  log(message: string): void;
}

export interface Scenario {
  /** The --only name, also the file name under bench/scenarios/. */
  name: string;
  title: string;
  run(ctx: ScenarioContext): Promise<ScenarioResult>;
}
