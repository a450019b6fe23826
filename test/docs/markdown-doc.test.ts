// The docs tests' markdown reader on literal pages: each check must be able to fail.
import { describe, expect, it } from "vitest";
import {
  blankCodeBlocks,
  firstColumnCodes,
  headingAnchors,
  mentionedMetricNames,
  readSections,
  relativeLinks,
  strayMarkers,
} from "../helpers/markdown-doc.js";

const PAGE = [
  "# Title",
  "",
  "Intro [日本語](README.ja.md).",
  "",
  "<!-- section: run -->",
  "## Run it",
  "",
  "```sh",
  "## not a heading",
  "[not](a-link.md)",
  "```",
  "",
  "## Unmarked",
  "",
  "| Metric | Meaning |",
  "| --- | --- |",
  "| `discord_a` | one, see `discord_b` and `discord_c{label}`, not `sum(discord_d)` |",
  "| plain | no code |",
  "",
  "<!-- section: orphan -->",
  "",
  "<!-- section: last -->",
  "## リアルタイム更新・削除：ボイス",
  "![pic](docs/images/x.png) [web](https://example.org) [here](#run-it) [code `x`](docs/a.md#b) `[in](code.md)`",
].join("\n");

describe("the markdown reader of the docs tests", () => {
  it("reads ## sections with their markers, ignoring headings inside code blocks", () => {
    expect(readSections(PAGE).map((s) => [s.id, s.heading])).toEqual([
      ["run", "Run it"],
      [null, "Unmarked"],
      ["last", "リアルタイム更新・削除：ボイス"],
    ]);
    expect(strayMarkers(PAGE)).toEqual(["line 20: <!-- section: orphan -->"]);
  });

  it("blanks code blocks line for line", () => {
    const blanked = blankCodeBlocks(PAGE).split("\n");
    expect(blanked).toHaveLength(PAGE.split("\n").length);
    expect(blanked[8]).toBe("");
    expect(blanked[7]).toBe("```sh");
  });

  it("reads the first column's code of tables and the metric names mentioned", () => {
    expect(firstColumnCodes(PAGE)).toEqual(["discord_a"]);
    expect(mentionedMetricNames(PAGE)).toEqual(["discord_a", "discord_b", "discord_c"]);
  });

  it("finds relative links and pictures, not web addresses, code or code blocks", () => {
    expect(relativeLinks(PAGE)).toEqual(["README.ja.md", "docs/images/x.png", "#run-it", "docs/a.md#b"]);
  });

  it("makes GitHub's heading anchors, Japanese punctuation dropped, repeats numbered", () => {
    const anchors = headingAnchors(`${PAGE}\n## Run it\n### The bot: \`/stats\``);
    expect([...anchors]).toEqual([
      "title",
      "run-it",
      "unmarked",
      "リアルタイム更新削除ボイス",
      "run-it-1",
      "the-bot-stats",
    ]);
  });
});
