/**
 * What the docs tests read from a markdown page: its `##` sections with their `<!-- section: id -->` markers, the
 * first column of its tables, its relative links and the anchors its headings make. Pure: text in, values out.
 */

export interface Section {
  /** The id of the `<!-- section: id -->` marker on the line before the heading; null when it has none. */
  id: string | null;
  heading: string;
  /** The section's lines, from its heading to the next `##` heading (code blocks included). */
  text: string;
}

const SECTION_MARKER = /^<!-- section: ([a-z0-9-]+) -->$/;

/** The page with the inside of its fenced code blocks blanked, line for line: headings and links there are code. */
export function blankCodeBlocks(page: string): string {
  let fence: string | null = null;
  return page
    .split("\n")
    .map((line) => {
      const opening = /^\s*(`{3,}|~{3,})/.exec(line)?.[1];
      if (fence === null) {
        if (opening !== undefined) fence = opening;
        return line;
      }
      if (opening !== undefined && line.trim().startsWith(fence)) fence = null;
      return "";
    })
    .join("\n");
}

/** The `##` sections in order (what comes before the first one is not a section). */
export function readSections(page: string): Section[] {
  const lines = page.split("\n");
  const code = blankCodeBlocks(page).split("\n");
  const starts = code.flatMap((line, index) => (/^## /.test(line) ? [index] : []));
  return starts.map((start, i) => {
    const marker = SECTION_MARKER.exec(code[start - 1] ?? "");
    return {
      id: marker?.[1] ?? null,
      heading: (lines[start] ?? "").slice(3).trim(),
      text: lines.slice(start, starts[i + 1] ?? lines.length).join("\n"),
    };
  });
}

/** The section marked `<!-- section: id -->`; throws, naming the page, when there is none. */
export function sectionById(page: string, id: string, pageName: string): Section {
  const found = readSections(page).find((s) => s.id === id);
  if (!found) throw new Error(`${pageName} has no section marked <!-- section: ${id} -->`);
  return found;
}

/** Markers not directly followed by a `##` heading: a marker that lost its heading would go unnoticed otherwise. */
export function strayMarkers(page: string): string[] {
  const code = blankCodeBlocks(page).split("\n");
  return code.flatMap((line, index) =>
    SECTION_MARKER.test(line) && !/^## /.test(code[index + 1] ?? "") ? [`line ${index + 1}: ${line}`] : [],
  );
}

/** The backticked names in the first column of the tables in `text` (`| \`name\` | ... |`), in order. */
export function firstColumnCodes(text: string): string[] {
  return blankCodeBlocks(text)
    .split("\n")
    .flatMap((line) => {
      const cell = /^\|\s*`([^`]+)`\s*\|/.exec(line);
      return cell?.[1] === undefined ? [] : [cell[1]];
    });
}

/** Every backticked Prometheus metric name mentioned in `text`: `discord_x`, or with labels `discord_x{a}`. */
export function mentionedMetricNames(text: string): string[] {
  return [...new Set([...text.matchAll(/`(discord_[a-z_]+)(?:\{[^`}]*\})?`/g)].map((match) => match[1] ?? ""))];
}

/** The targets of the page's links and images that are not web addresses: `docs/x.md#y`, `#y`, `bench/`. */
export function relativeLinks(page: string): string[] {
  const text = blankCodeBlocks(page).replace(/`[^`\n]*`/g, "");
  const targets = [...text.matchAll(/!?\[[^\]\n]*\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g)].map((match) => match[1] ?? "");
  return targets.filter((target) => !/^[a-z][a-z0-9+.-]*:/i.test(target));
}

/**
 * The anchors GitHub makes for the page's headings: lowercased, without punctuation (Japanese punctuation included),
 * spaces as hyphens, repeats numbered `-1`, `-2`.
 */
export function headingAnchors(page: string): Set<string> {
  const seen = new Map<string, number>();
  const anchors = new Set<string>();
  for (const line of blankCodeBlocks(page).split("\n")) {
    const heading = /^#{1,6}\s+(.*?)\s*#*\s*$/.exec(line)?.[1];
    if (heading === undefined) continue;
    const base = heading
      .replace(/!?\[([^\]]*)\]\([^)]*\)/g, "$1")
      .toLowerCase()
      .replace(/[^\p{L}\p{M}\p{N}\s_-]/gu, "")
      .replace(/\s/g, "-");
    const count = seen.get(base) ?? 0;
    seen.set(base, count + 1);
    anchors.add(count === 0 ? base : `${base}-${count}`);
  }
  return anchors;
}
