// What a chart on a page needs beyond its definition: it fills its box and follows its size (the definitions are
// sized for a 1200×600 image in a Discord reply), draws at once, and uses smaller type on a phone. Pure.
import type { ChartConfig } from "../charts/chart-config.js";

/** Font scale for a chart this many CSS pixels wide: the definitions' 24 px title is for a 1200 px image. */
export function fontScaleFor(widthPx: number): number {
  return widthPx < 480 ? 0.55 : widthPx < 800 ? 0.7 : 0.8;
}

/** A copy with every `font.size` in the options multiplied by `scale`, rounded to whole pixels. */
export function scaleFonts<T>(value: T, scale: number): T {
  if (Array.isArray(value)) return value.map((item) => scaleFonts(item, scale)) as T;
  if (value === null || typeof value !== "object") return value;
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    if (
      key === "font" &&
      item !== null &&
      typeof item === "object" &&
      typeof (item as { size?: unknown }).size === "number"
    ) {
      const font = item as { size: number };
      out[key] = { ...font, size: Math.max(9, Math.round(font.size * scale)) };
    } else {
      out[key] = scaleFonts(item, scale);
    }
  }
  return out as T;
}

export function fitToPage(config: ChartConfig, widthPx: number): ChartConfig {
  return {
    ...config,
    options: {
      ...scaleFonts(config.options ?? {}, fontScaleFor(widthPx)),
      responsive: true,
      maintainAspectRatio: false,
      // Years of days animate slowly on a phone, and nothing is gained by watching bars grow.
      animation: false,
    },
  };
}
