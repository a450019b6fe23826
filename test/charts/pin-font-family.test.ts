import { describe, expect, it } from "vitest";
import { pinFontFamily } from "../../src/charts/render/pin-font-family.js";

describe("pinFontFamily", () => {
  it("replaces the family of every font object, tooltip fonts included, and nothing else", () => {
    const options = {
      plugins: {
        title: { text: "family", font: { family: "Comic Sans MS", size: 20 } },
        tooltip: { titleFont: { family: "Arial" }, bodyFont: { size: 12 } },
        legend: { labels: { font: { family: "serif" } } },
      },
      scales: { x: { ticks: { font: { family: "monospace" } } } },
      family: "not a font",
    };
    expect(pinFontFamily(options, "'Ours'")).toEqual({
      plugins: {
        title: { text: "family", font: { family: "'Ours'", size: 20 } },
        tooltip: { titleFont: { family: "'Ours'" }, bodyFont: { size: 12 } },
        legend: { labels: { font: { family: "'Ours'" } } },
      },
      scales: { x: { ticks: { font: { family: "'Ours'" } } } },
      family: "not a font",
    });
    // A copy: the caller's options are left as they were.
    expect(options.plugins.title.font.family).toBe("Comic Sans MS");
  });
});
