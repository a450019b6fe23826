/** A process's resident memory by mapping, from /proc/PID/smaps (Linux): which files and heaps the RSS is made of. */
import fs from "node:fs";

export interface MappingRss {
  /** The mapped file's path, or [heap] / [stack] / "anonymous" for mappings without a name. */
  name: string;
  rssBytes: number;
}

/** Sums the Rss lines of each mapping by its name, largest first. Pure: `text` is the smaps file's content. */
export function parseSmapsByName(text: string): MappingRss[] {
  const byName = new Map<string, number>();
  let name = "";
  for (const row of text.split("\n")) {
    const header = /^[0-9a-f]+-[0-9a-f]+ \S+ \S+ \S+ \S+\s*(.*)$/.exec(row);
    if (header) {
      name = header[1] || "anonymous";
      continue;
    }
    const rss = /^Rss:\s+(\d+) kB/.exec(row);
    if (rss) byName.set(name, (byName.get(name) ?? 0) + Number(rss[1]) * 1024);
  }
  return [...byName].map(([name, rssBytes]) => ({ name, rssBytes })).sort((a, b) => b.rssBytes - a.rssBytes);
}

export function readSmapsByName(pid: number): MappingRss[] {
  return parseSmapsByName(fs.readFileSync(`/proc/${pid}/smaps`, "utf8"));
}
