// The pieces of the OpenMetrics text format the history needs (gauges with timestamps). Pure.
// https://github.com/prometheus/OpenMetrics/blob/main/specification/OpenMetrics.md

export const OPENMETRICS_EOF = "# EOF";

/** Escapes a label value or HELP text: backslash, double quote and line feed are the only escapes the spec has. */
export function escapeOpenMetricsText(text: string): string {
  return text.replace(/[\\"\n]/g, (char) => (char === "\n" ? "\\n" : `\\${char}`));
}

/** `{a="x",b="y"}` in the given key order; nothing at all for no labels. */
export function formatLabels(labels: Readonly<Record<string, string>>): string {
  const pairs = Object.entries(labels).map(([name, value]) => `${name}="${escapeOpenMetricsText(value)}"`);
  return pairs.length === 0 ? "" : `{${pairs.join(",")}}`;
}

/**
 * OpenMetrics timestamps are seconds. Built from integer ms with integer arithmetic, so 1704153600123 becomes
 * "1704153600.123" exactly, never 1704153600.1229999.
 */
export function formatTimestampSeconds(ms: number): string {
  if (!Number.isSafeInteger(ms) || ms < 0)
    throw new RangeError(`timestamp must be a whole, non-negative number of ms, got ${ms}`);
  const seconds = Math.floor(ms / 1000);
  const fraction = ms % 1000;
  return fraction === 0 ? String(seconds) : `${seconds}.${String(fraction).padStart(3, "0")}`;
}

export function formatValue(value: number): string {
  if (Number.isNaN(value)) return "NaN";
  if (value === Number.POSITIVE_INFINITY) return "+Inf";
  if (value === Number.NEGATIVE_INFINITY) return "-Inf";
  return String(value);
}

export function formatSampleLine(
  name: string,
  labels: Readonly<Record<string, string>>,
  value: number,
  ms: number,
): string {
  return `${name}${formatLabels(labels)} ${formatValue(value)} ${formatTimestampSeconds(ms)}`;
}

/** TYPE before HELP, both before the family's samples (the spec's order; promtool accepts it). */
export function formatGaugeHeader(name: string, help: string): string[] {
  return [`# TYPE ${name} gauge`, `# HELP ${name} ${escapeOpenMetricsText(help)}`];
}
