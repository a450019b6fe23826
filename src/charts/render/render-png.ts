// Draws a chart configuration to a PNG with chart.js on @napi-rs/canvas (Skia, prebuilt in the npm package).
// Synchronous and CPU-bound (tens of ms): the bot calls it through the worker pool (chart-renderer.ts), not on the
// event loop.
import { type Canvas, createCanvas } from "@napi-rs/canvas";
import { Chart, type ChartItem, registerables } from "chart.js";
import { backgroundPlugin } from "../background-plugin.js";
import type { ChartConfig } from "../chart-config.js";
import { CHART_FONT_FAMILY, registerChartFonts } from "./chart-fonts.js";
import { pinFontFamily } from "./pin-font-family.js";
import { DEFAULT_PNG_SIZE, type PngSize } from "./png-size.js";

Chart.register(...registerables);
// Everything chart.js draws without a family of its own (titles, ticks, legend, tooltip) resolves to this.
Chart.defaults.font.family = CHART_FONT_FAMILY;

/**
 * Draws the configuration on a canvas and leaves the chart alive (the caller destroys it): for tests that inspect
 * what was drawn. Server-only settings are forced, whatever the configuration says: no animation (one frame is
 * all there is), no resize observer, one canvas pixel per image pixel, our fonts, and an opaque background.
 */
export function drawChart(canvas: Canvas, config: ChartConfig): Chart<"bar" | "line", (number | null)[], string> {
  registerChartFonts();
  const own = pinFontFamily(structuredClone(config), CHART_FONT_FAMILY);
  return new Chart(canvas as unknown as ChartItem, {
    ...own,
    options: { ...own.options, responsive: false, maintainAspectRatio: false, animation: false, devicePixelRatio: 1 },
    plugins: [...(own.plugins ?? []), backgroundPlugin],
  });
}

/** The chart as a PNG of exactly `size` pixels. */
export function renderChartPng(config: ChartConfig, size: PngSize = DEFAULT_PNG_SIZE): Buffer {
  const canvas = createCanvas(size.width, size.height);
  const chart = drawChart(canvas, config);
  try {
    return canvas.toBuffer("image/png");
  } finally {
    chart.destroy();
  }
}
