// Fonts for server-side rendering, from the npm packages only: the Docker image has no system fonts, and on a
// machine that has some, they must not stand in unnoticed. So the fonts are registered under names of our own,
// which no system font can have, and every font family the charts use names them (and nothing generic after them).
// @napi-rs/canvas does not fall back from one font to another by itself: the emoji font is in the same list.
import { createRequire } from "node:module";
import { GlobalFonts } from "@napi-rs/canvas";

export const CHART_TEXT_FONT = "Exporter Noto Sans JP";
export const CHART_EMOJI_FONT = "Exporter Noto Color Emoji";
/** The CSS font family list for everything a chart draws: Japanese and Latin text, then colour emoji. */
export const CHART_FONT_FAMILY = `'${CHART_TEXT_FONT}', '${CHART_EMOJI_FONT}'`;

// Regular for ticks and legends, bold for titles: each weight is 5.4 MB, so only these two.
const FONT_FILES = [
  { family: CHART_TEXT_FONT, module: "@expo-google-fonts/noto-sans-jp/400Regular/NotoSansJP_400Regular.ttf" },
  { family: CHART_TEXT_FONT, module: "@expo-google-fonts/noto-sans-jp/700Bold/NotoSansJP_700Bold.ttf" },
  {
    family: CHART_EMOJI_FONT,
    module: "@expo-google-fonts/noto-color-emoji/400Regular/NotoColorEmoji_400Regular.ttf",
  },
] as const;

/**
 * Registers the bundled fonts; throws if one is missing. The font registry is one per process, shared by all
 * threads: a restarted worker finds the fonts already there and registers nothing twice.
 */
export function registerChartFonts(): void {
  if (areChartFontsRegistered()) return;
  const require = createRequire(import.meta.url);
  for (const file of FONT_FILES) {
    const path = require.resolve(file.module);
    if (!GlobalFonts.registerFromPath(path, file.family)) throw new Error(`chart font could not be loaded: ${path}`);
  }
}

export function areChartFontsRegistered(): boolean {
  const weights = (family: string) =>
    GlobalFonts.families.find((f) => f.family === family)?.styles.map((s) => s.weight) ?? [];
  const text = weights(CHART_TEXT_FONT);
  return text.includes(400) && text.includes(700) && weights(CHART_EMOJI_FONT).length > 0;
}
