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

/** The chart as a PNG of exactly `size` pixels, on a canvas of its own. */
export function renderChartPng(config: ChartConfig, size: PngSize = DEFAULT_PNG_SIZE): Buffer {
  return drawPng(createCanvas(size.width, size.height), config);
}

/** Draws chart after chart to PNGs; `render` is renderChartPng's twin. */
export interface PngDrawer {
  render(config: ChartConfig, size?: PngSize): Buffer;
  /** Canvases made so far (one per size asked for in a row): what the tests check reuse by. */
  canvasesCreated(): number;
}

/**
 * Draws every chart on one canvas, made again only when the size changes: for the render worker. A canvas's pixels
 * (1200×600×4 = 2.7 MiB) live outside the V8 heap, which does not see them, and are freed only when the collector
 * gets round to the small JavaScript object that holds them: with a canvas per chart, a burst of 60 charts left the
 * worker's process between 128 and 206 MiB of RSS depending on GC timing, against 107 MiB with one canvas
 * (bench/memory/chart-worker.ts). chart.js sets the canvas's size and clears it before it draws, so nothing of the
 * previous chart shows through (even without backgroundPlugin, tried): the PNGs are byte for byte a fresh canvas's.
 */
export function createPngDrawer(): PngDrawer {
  let canvas: Canvas | null = null;
  let created = 0;
  return {
    render(config, size = DEFAULT_PNG_SIZE) {
      if (canvas === null || canvas.width !== size.width || canvas.height !== size.height) {
        canvas = createCanvas(size.width, size.height);
        created++;
      }
      return drawPng(canvas, config);
    },
    canvasesCreated: () => created,
  };
}

function drawPng(canvas: Canvas, config: ChartConfig): Buffer {
  const chart = drawChart(canvas, config);
  try {
    return canvas.toBuffer("image/png");
  } finally {
    chart.destroy();
  }
}
