// Reads sample lines back, for assertions: OpenMetrics `name{a="x"} 1 1704153599` and promtool's dump format
// `{__name__="name", a="x"} 1 1704153599000`.
export interface ParsedSample {
  name: string;
  labels: Record<string, string>;
  value: number;
  /** ms */
  ms: number;
}

const LABEL = /\s*([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"\s*,?/y;

function unescapeLabelValue(text: string): string {
  return text.replace(/\\(.)/g, (_, char: string) => (char === "n" ? "\n" : char));
}

function parseLabels(text: string): Record<string, string> {
  const labels: Record<string, string> = {};
  LABEL.lastIndex = 0;
  while (LABEL.lastIndex < text.length) {
    const match = LABEL.exec(text);
    if (!match) throw new Error(`bad labels: ${text}`);
    labels[match[1]!] = unescapeLabelValue(match[2]!);
  }
  return labels;
}

/** Splits `name{labels} value ts`, minding braces and spaces inside quoted label values. */
function splitLine(line: string): { name: string; labels: string; rest: string } {
  const open = line.indexOf("{");
  if (open < 0) {
    const [name, ...rest] = line.split(" ");
    return { name: name!, labels: "", rest: rest.join(" ") };
  }
  let inQuote = false;
  for (let i = open + 1; i < line.length; i++) {
    const char = line[i];
    if (char === "\\") i++;
    else if (char === '"') inQuote = !inQuote;
    else if (char === "}" && !inQuote)
      return { name: line.slice(0, open), labels: line.slice(open + 1, i), rest: line.slice(i + 1).trim() };
  }
  throw new Error(`unterminated labels: ${line}`);
}

export function parseOpenMetricsSamples(text: string): ParsedSample[] {
  return text
    .split("\n")
    .filter((line) => line !== "" && !line.startsWith("#"))
    .map((line) => {
      const { name, labels, rest } = splitLine(line);
      const [value, seconds] = rest.split(" ");
      return { name, labels: parseLabels(labels), value: Number(value), ms: Math.round(Number(seconds) * 1000) };
    });
}

export function parseDumpSamples(text: string): ParsedSample[] {
  return text
    .split("\n")
    .filter((line) => line.startsWith("{"))
    .map((line) => {
      const { labels, rest } = splitLine(line);
      const { __name__: name, ...others } = parseLabels(labels);
      const [value, ms] = rest.split(" ");
      return { name: name ?? "", labels: others, value: Number(value), ms: Number(ms) };
    });
}
