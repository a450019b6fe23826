// Draws 雑談 and 🌸 with the chart font family and reports what came out, so a test can tell real glyphs from
// tofu boxes and colour emoji from monochrome ones, and compare runs with and without system fonts.
import { createCanvas, GlobalFonts } from "@napi-rs/canvas";
import { CHART_FONT_FAMILY } from "../../src/charts/render/chart-fonts.js";
import { canvasPixels, colourfulPixels, hashPixels, inkPixels } from "./pixels.js";

export interface GlyphProbe {
  /** Advance width of 雑談 at 100 px: Noto Sans JP's ideographs are 1 em each, so 200. */
  kanjiWidth: number;
  kanjiInk: number;
  kanjiHash: string;
  emojiColourful: number;
  emojiHash: string;
  families: string[];
}

function draw(text: string, family: string) {
  const canvas = createCanvas(240, 140);
  const ctx = canvas.getContext("2d");
  ctx.fillStyle = "#ffffff";
  ctx.fillRect(0, 0, canvas.width, canvas.height);
  ctx.fillStyle = "#000000";
  ctx.font = `100px ${family}`;
  ctx.fillText(text, 10, 110);
  return { width: ctx.measureText(text).width, pixels: canvasPixels(canvas) };
}

export function probeGlyphs(family = CHART_FONT_FAMILY): GlyphProbe {
  const kanji = draw("雑談", family);
  const emoji = draw("🌸", family);
  return {
    kanjiWidth: kanji.width,
    kanjiInk: inkPixels(kanji.pixels, [255, 255, 255]),
    kanjiHash: hashPixels(kanji.pixels),
    emojiColourful: colourfulPixels(emoji.pixels, { left: 0, top: 0, right: 240, bottom: 140 }),
    emojiHash: hashPixels(emoji.pixels),
    families: GlobalFonts.families.map((f) => f.family),
  };
}
