// The pieces of the OpenMetrics text format the history needs (gauges and counters with timestamps). Pure.
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

const COUNTER_SUFFIX = "_total";

/**
 * A counter's MetricFamily name: the sample name without `_total`. OpenMetrics names the family `foo` and its samples
 * `foo_total`, where the classic text format (and prom-client) name both `foo_total`; promtool 2.42 accepts either
 * spelling without a word, so this is held to the spec here, not by the tool.
 */
export function counterFamilyName(sampleName: string): string {
  if (!sampleName.endsWith(COUNTER_SUFFIX) || sampleName.length === COUNTER_SUFFIX.length)
    throw new RangeError(`a counter's samples are named *_total, got ${JSON.stringify(sampleName)}`);
  return sampleName.slice(0, -COUNTER_SUFFIX.length);
}

/**
 * TYPE, UNIT (when given) and HELP of a counter, under the family name; its samples keep the `_total` name. The unit,
 * if any, must end the family name (`discord_voice_seconds` has unit `seconds`), as the spec requires.
 */
export function formatCounterHeader(sampleName: string, help: string, unit?: string): string[] {
  const family = counterFamilyName(sampleName);
  if (unit !== undefined && !family.endsWith(`_${unit}`))
    throw new RangeError(`unit ${JSON.stringify(unit)} must end the family name ${JSON.stringify(family)}`);
  return [
    `# TYPE ${family} counter`,
    ...(unit === undefined ? [] : [`# UNIT ${family} ${unit}`]),
    `# HELP ${family} ${escapeOpenMetricsText(help)}`,
  ];
}
