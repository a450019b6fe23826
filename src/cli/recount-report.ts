import type { RecountResult } from "../counter/recount.js";

/** Pure: the table recount prints, one line per channel, old and new totals and their difference. */
export function formatRecountReport(results: readonly RecountResult[], names: ReadonlyMap<string, string>): string {
  const rows = [...results]
    .sort(
      (a, b) =>
        (names.get(a.channelId) ?? "").localeCompare(names.get(b.channelId) ?? "") ||
        a.channelId.localeCompare(b.channelId),
    )
    .map((r) => [
      names.get(r.channelId) ?? "",
      r.channelId,
      String(r.oldTotal),
      String(r.newTotal),
      signed(r.difference),
    ]);
  const header = ["channel", "id", "old", "new", "deleted"];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i]!.length)));
  const line = (cells: string[]) =>
    cells
      .map((cell, i) => (i >= 2 ? cell.padStart(widths[i]!) : cell.padEnd(widths[i]!)))
      .join("  ")
      .trimEnd();
  const total = results.reduce((sum, r) => sum + r.difference, 0);
  return [
    line(header),
    ...rows.map(line),
    `${results.length} channel(s) recounted, ${signed(total)} messages deleted since they were counted`,
    "",
  ].join("\n");
}

function signed(n: number): string {
  return n > 0 ? `${n}` : n < 0 ? `${n}` : "0";
}
