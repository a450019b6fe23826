import type { RecountResult } from "../counter/recount.js";

type Recounted = Extract<RecountResult, { kind: "recounted" }>;
type Skipped = Extract<RecountResult, { kind: "skipped" }>;

/**
 * Pure: the report recount prints. One aligned line per recounted channel (old and new totals and their difference),
 * then the channels it skipped and why: those were not changed, their counts and history are kept.
 */
export function formatRecountReport(results: readonly RecountResult[], names: ReadonlyMap<string, string>): string {
  const byName = (a: RecountResult, b: RecountResult) =>
    (names.get(a.channelId) ?? "").localeCompare(names.get(b.channelId) ?? "") ||
    a.channelId.localeCompare(b.channelId);
  const recounted = results.filter((r): r is Recounted => r.kind === "recounted").sort(byName);
  const skipped = results.filter((r): r is Skipped => r.kind === "skipped").sort(byName);
  const rows = recounted.map((r) => [
    names.get(r.channelId) ?? "",
    r.channelId,
    String(r.oldTotal),
    String(r.newTotal),
    String(r.difference),
  ]);
  const header = ["channel", "id", "old", "new", "deleted"];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i]!.length)));
  const line = (cells: string[]) =>
    cells
      .map((cell, i) => (i >= 2 ? cell.padStart(widths[i]!) : cell.padEnd(widths[i]!)))
      .join("  ")
      .trimEnd();
  const total = recounted.reduce((sum, r) => sum + r.difference, 0);
  const summary = `${recounted.length} channel(s) recounted, ${total} messages deleted since they were counted`;
  if (skipped.length === 0) return [line(header), ...rows.map(line), summary, ""].join("\n");
  const skippedLines = skipped.map(
    (r) => `  ${names.get(r.channelId) || r.channelId} (${r.channelId}): ${r.state}: ${r.reason}`,
  );
  return [
    line(header),
    ...rows.map(line),
    "skipped, nothing changed (their counts and daily history are kept):",
    ...skippedLines,
    `${summary}; ${skipped.length} skipped`,
    "",
  ].join("\n");
}
