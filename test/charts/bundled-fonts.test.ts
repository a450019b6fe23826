// Proves that Japanese and emoji are drawn by the fonts from npm, not by whatever this machine has installed:
// the same drawing with our fonts not registered comes out as tofu, and with every system font hidden (as in the
// Docker image) comes out the same pixel for pixel.
import { execFileSync, spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import type { GlyphProbe } from "./glyph-probe.js";

const PROBE = fileURLToPath(new URL("./fixtures/probe-glyphs.ts", import.meta.url));
/** @napi-rs/canvas reads system fonts from this one folder. */
const SYSTEM_FONTS = "/usr/share/fonts";

function probe(mode: "registered" | "unregistered"): GlyphProbe {
  return JSON.parse(execFileSync(process.execPath, ["--import", "tsx", PROBE, mode], { encoding: "utf8" }));
}

/** The probe in a mount namespace where the system font folder is empty: needs root and unshare(1). */
function probeWithoutSystemFonts(): GlyphProbe {
  const script = `mount -t tmpfs tmpfs ${SYSTEM_FONTS} && exec "$0" --import tsx "$1" registered`;
  return JSON.parse(
    execFileSync("unshare", ["--mount", "sh", "-c", script, process.execPath, PROBE], { encoding: "utf8" }),
  );
}

const canHideSystemFonts = spawnSync("unshare", ["--mount", "true"]).status === 0;

describe("bundled fonts", () => {
  const ours = probe("registered");

  it("draw 雑談 as real ideographs (1 em each) and 🌸 in colour", () => {
    expect(ours.kanjiWidth).toBeCloseTo(200, 0);
    expect(ours.kanjiInk).toBeGreaterThan(5000);
    expect(ours.emojiColourful).toBeGreaterThan(2000);
  });

  it("are what draws them: without them this machine's fonts give something else (tofu, no colour)", () => {
    const fallback = probe("unregistered");
    expect(fallback.families).not.toContain("Exporter Noto Sans JP");
    expect(fallback.kanjiHash).not.toBe(ours.kanjiHash);
    expect(fallback.emojiHash).not.toBe(ours.emojiHash);
    expect(fallback.emojiColourful).toBe(0);
  });

  it.skipIf(!canHideSystemFonts)("need no system font: with none installed the pixels are the same", () => {
    const alone = probeWithoutSystemFonts();
    expect(alone.families.every((family) => /Noto/.test(family))).toBe(true);
    expect(alone).toEqual({ ...ours, families: alone.families });
  });
});
