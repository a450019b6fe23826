/** Latency samples summed up as the issues ask for them: p50, p99 and the worst, by nearest rank. Pure. */
import { fixed } from "./format.js";

export interface LatencySummary {
  n: number;
  p50: number;
  p99: number;
  max: number;
}

/** Nearest-rank quantile of ascending samples: an observed value, never an interpolated one. */
export function quantile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) throw new RangeError("no samples");
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!;
}

export function summarizeLatencies(samples: readonly number[]): LatencySummary | null {
  if (samples.length === 0) return null;
  const sorted = [...samples].sort((a, b) => a - b);
  return { n: sorted.length, p50: quantile(sorted, 0.5), p99: quantile(sorted, 0.99), max: sorted.at(-1)! };
}

/** Milliseconds as people read them: "850 ms", "2.31 s". */
export function duration(ms: number): string {
  if (ms < 1) return `${fixed(ms, 2)} ms`;
  if (ms < 1000) return `${fixed(ms, ms < 10 ? 1 : 0)} ms`;
  return `${fixed(ms / 1000, 2)} s`;
}

export function describeLatencies(summary: LatencySummary | null): string {
  if (summary === null) return "no samples";
  return `p50 ${duration(summary.p50)}, p99 ${duration(summary.p99)}`;
}

export function describeSpread(summary: LatencySummary | null): string {
  if (summary === null) return "no samples";
  return `max ${duration(summary.max)}, n = ${summary.n}`;
}
