// README.md and README.ja.md kept in step: the same sections in the same order, every setting in both, the same
// metrics, and no relative link or picture pointing at nothing. (The metrics tables against what /metrics really
// serves: test/e2e/readme-metrics.e2e.test.ts; the settings tables' contents: test/config/settings-table.test.ts.)
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { inviteUrl } from "../../src/bot/invite-url.js";
import { SETTING_NAMES, SETTING_SPECS } from "../../src/config/settings.js";
import {
  firstColumnCodes,
  headingAnchors,
  mentionedMetricNames,
  readSections,
  relativeLinks,
  sectionById,
  strayMarkers,
} from "../helpers/markdown-doc.js";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const PAGES = ["README.md", "README.ja.md"] as const;
const read = (file: string) => fs.readFileSync(path.join(ROOT, file), "utf8");
const pages = Object.fromEntries(PAGES.map((file) => [file, read(file)])) as Record<(typeof PAGES)[number], string>;

const section = (file: (typeof PAGES)[number], id: string) => sectionById(pages[file], id, file);
/** The metric families of a README's metrics table (the legacy subsection is not a table). */
const metricsTable = (file: (typeof PAGES)[number]) => firstColumnCodes(section(file, "metrics").text);

describe("README.md and README.ja.md", () => {
  it("have the same ## sections in the same order, each with its <!-- section: id --> marker", () => {
    const [en, ja] = PAGES.map((file) => readSections(pages[file]));
    for (const [file, sections] of [
      ["README.md", en],
      ["README.ja.md", ja],
    ] as const) {
      expect(
        sections?.filter((s) => s.id === null).map((s) => s.heading),
        `${file}: ## headings without a marker`,
      ).toEqual([]);
      expect(strayMarkers(pages[file]), `${file}: markers not followed by a ## heading`).toEqual([]);
    }
    expect(ja?.map((s) => s.id)).toEqual(en?.map((s) => s.id));
    expect(en?.map((s) => s.id)).toContain("metrics");
    expect(en?.length).toBeGreaterThanOrEqual(10);
  });

  it("link to each other at the top", () => {
    const top = (file: (typeof PAGES)[number]) => pages[file].split("\n## ")[0] ?? "";
    expect(relativeLinks(top("README.md"))).toContain("README.ja.md");
    expect(relativeLinks(top("README.ja.md"))).toContain("README.md");
  });

  it.each([...PAGES, "docs/monitoring-stack.md"])(
    "%s shows the invite URL the code builds (scopes, permissions)",
    (file) => {
      expect(read(file)).toContain(inviteUrl("APPLICATION_ID"));
    },
  );

  it.each(PAGES)("%s lists every setting in its configuration section", (file) => {
    const rows = firstColumnCodes(section(file, "configuration").text);
    expect(rows).toEqual(SETTING_NAMES.map((name) => SETTING_SPECS[name].env));
  });

  it("name the same metric families in their metrics tables, each once", () => {
    const en = metricsTable("README.md");
    const ja = metricsTable("README.ja.md");
    expect(en.length).toBeGreaterThan(20);
    expect(new Set(en).size, "a metric listed twice in README.md").toBe(en.length);
    expect(ja).toEqual(en);
  });

  it("mention the same metrics anywhere in their metrics sections (the legacy ones too)", () => {
    const names = (file: (typeof PAGES)[number]) => mentionedMetricNames(section(file, "metrics").text).sort();
    expect(names("README.ja.md")).toEqual(names("README.md"));
  });

  it.each(PAGES)("%s: every relative link and picture points at a file (and heading) that exists", (file) => {
    const broken: string[] = [];
    for (const link of relativeLinks(pages[file])) {
      const [target = "", anchor] = link.split("#", 2);
      const resolved = target === "" ? path.join(ROOT, file) : path.resolve(ROOT, path.dirname(file), target);
      if (!fs.existsSync(resolved)) {
        broken.push(`${link}: no such file`);
        continue;
      }
      if (anchor !== undefined && resolved.endsWith(".md")) {
        const anchors = headingAnchors(fs.readFileSync(resolved, "utf8"));
        if (!anchors.has(decodeURIComponent(anchor))) broken.push(`${link}: no such heading`);
      }
    }
    expect(broken).toEqual([]);
    expect(relativeLinks(pages[file]).some((link) => link.startsWith("docs/images/stats-"))).toBe(true);
  });
});
