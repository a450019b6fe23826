// Proves that Japanese and emoji are drawn by the fonts from npm, not by whatever this machine has installed:
// the same drawing with our fonts not registered comes out as tofu, and with every system font hidden (as in the
// Docker image) comes out the same pixel for pixel.
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { beforeAll, describe, expect, it } from "vitest";
import { isCI } from "../helpers/ci.js";
import { runSmall } from "../helpers/small-spawn.js";
import type { GlyphProbe } from "./glyph-probe.js";

const PROBE = fileURLToPath(new URL("./fixtures/probe-glyphs.ts", import.meta.url));
/** @napi-rs/canvas reads system fonts from this one folder. */
const SYSTEM_FONTS = "/usr/share/fonts";

/** Runs a command that prints a GlyphProbe; fails with its stderr if it does not exit 0. */
async function runProbe(command: string, args: string[]): Promise<GlyphProbe> {
  const result = await runSmall(command, args);
  if (result.status !== 0) throw new Error(`${command} ${args.join(" ")} exited ${result.status}: ${result.stderr}`);
  return JSON.parse(result.stdout);
}

function probe(mode: "registered" | "unregistered"): Promise<GlyphProbe> {
  return runProbe(process.execPath, ["--import", "tsx", PROBE, mode]);
}

/** The probe in a mount namespace where the system font folder is empty: needs root and unshare(1). */
function probeWithoutSystemFonts(): Promise<GlyphProbe> {
  const script = `mount -t tmpfs tmpfs ${SYSTEM_FONTS} && exec "$0" --import tsx "$1" registered`;
  return runProbe("unshare", ["--mount", "sh", "-c", script, process.execPath, PROBE]);
}

// A mount namespace needs root (or user namespaces); .ci/run runs as root, so there a failure to make one fails the test.
const canHideSystemFonts = spawnSync("unshare", ["--mount", "true"]).status === 0;

describe("bundled fonts", () => {
  let ours: GlyphProbe;
  beforeAll(async () => {
    ours = await probe("registered");
  });

  it("draw 雑談 as real ideographs (1 em each) and 🌸 in colour", () => {
    expect(ours.kanjiWidth).toBeCloseTo(200, 0);
    expect(ours.kanjiInk).toBeGreaterThan(5000);
    expect(ours.emojiColourful).toBeGreaterThan(2000);
  });

  it("are what draws them: without them this machine's fonts give something else (tofu, no colour)", async () => {
    const fallback = await probe("unregistered");
    expect(fallback.families).not.toContain("Exporter Noto Sans JP");
    expect(fallback.kanjiHash).not.toBe(ours.kanjiHash);
    expect(fallback.emojiHash).not.toBe(ours.emojiHash);
    expect(fallback.emojiColourful).toBe(0);
  });

  it.skipIf(!canHideSystemFonts && !isCI())(
    "need no system font: with none installed the pixels are the same",
    async () => {
      if (!canHideSystemFonts) throw new Error("unshare --mount failed: hiding the system fonts needs root");
      const alone = await probeWithoutSystemFonts();
      expect(alone.families.every((family) => /Noto/.test(family))).toBe(true);
      expect(alone).toEqual({ ...ours, families: alone.families });
    },
  );
});
