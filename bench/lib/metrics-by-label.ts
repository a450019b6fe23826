/** Samples of one metric summed per value of one label, and the size of a body: read back from /metrics. Pure. */

/** e.g. sumByLabel(text, "discord_channel_messages", "channel_id"): each channel's total over author and source. */
export function sumByLabel(text: string, name: string, label: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const line of text.split("\n")) {
    if (!line.startsWith(`${name}{`)) continue;
    // The label itself, not one whose name ends with it (channel_id, not parent_channel_id).
    const first = line.startsWith(`${name}{${label}="`);
    const start = first ? name.length + 1 : line.indexOf(`,${label}="`);
    if (start < 0) continue;
    const valueStart = start + (first ? 0 : 1) + label.length + 2;
    const key = line.slice(valueStart, line.indexOf('"', valueStart));
    const value = Number(line.slice(line.lastIndexOf(" ") + 1));
    out.set(key, (out.get(key) ?? 0) + value);
  }
  return out;
}

/** Samples in the body (lines that are not comments), histogram buckets included: what Prometheus stores. */
export function countAllSamples(text: string): number {
  let n = 0;
  for (const line of text.split("\n")) if (line !== "" && !line.startsWith("#")) n++;
  return n;
}
