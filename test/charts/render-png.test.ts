import { createCanvas, type SKRSContext2D } from "@napi-rs/canvas";
import { describe, expect, it } from "vitest";
import type { ChartConfig } from "../../src/charts/chart-config.js";
import { topChannelsChart } from "../../src/charts/top-channels-chart.js";
import { CHART_EMOJI_FONT, CHART_TEXT_FONT } from "../../src/charts/render/chart-fonts.js";
import { createPngDrawer, drawChart, renderChartPng } from "../../src/charts/render/render-png.js";
import { chartPalettes } from "../../src/charts/theme.js";
import { canvasPixels, colourfulPixels, decodePng, pixelAt } from "./pixels.js";
import { sampleConfigs, sampleTopChannels } from "./sample-data.js";

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

function hex(colour: string): [number, number, number] {
  return [1, 3, 5].map((i) => Number.parseInt(colour.slice(i, i + 2), 16)) as [number, number, number];
}

/** Every value chart.js assigns to ctx.font while drawing. */
function recordFonts(ctx: SKRSContext2D): string[] {
  const seen: string[] = [];
  let proto: object | null = Object.getPrototypeOf(ctx);
  while (proto && !Object.getOwnPropertyDescriptor(proto, "font")) proto = Object.getPrototypeOf(proto);
  const native = Object.getOwnPropertyDescriptor(proto!, "font")!;
  Object.defineProperty(ctx, "font", {
    get: () => native.get!.call(ctx),
    set: (value: string) => {
      seen.push(value);
      native.set!.call(ctx, value);
    },
  });
  return seen;
}

describe("renderChartPng", () => {
  it("renders every chart as a 1200×600 PNG that decodes", async () => {
    for (const [name, config] of Object.entries(sampleConfigs({ locale: "ja", theme: "dark" }))) {
      const png = renderChartPng(config, { width: 1200, height: 600 });
      expect(png.subarray(0, 8).equals(PNG_SIGNATURE), name).toBe(true);
      const pixels = await decodePng(png);
      expect([name, pixels.width, pixels.height]).toEqual([name, 1200, 600]);
    }
  });

  it("paints an opaque background of the theme's colour (Discord's #313338 when dark)", async () => {
    for (const theme of ["dark", "light"] as const) {
      const pixels = await decodePng(renderChartPng(sampleConfigs({ locale: "en", theme }).messages));
      const background = [...hex(chartPalettes[theme].background), 255];
      for (const [x, y] of [
        [0, 0],
        [1199, 0],
        [0, 599],
        [1199, 599],
      ] as const) {
        expect(pixelAt(pixels, x, y)).toEqual(background);
      }
      let transparent = 0;
      for (let i = 3; i < pixels.data.length; i += 4) if (pixels.data[i] !== 255) transparent++;
      expect(transparent).toBe(0);
    }
    expect(chartPalettes.dark.background).toBe("#313338");
  });

  it("draws emoji in channel names in colour, next to Japanese text in grey", () => {
    const canvas = createCanvas(1200, 600);
    const chart = drawChart(canvas, topChannelsChart(sampleTopChannels(), { locale: "ja", theme: "dark" }));
    try {
      const pixels = canvasPixels(canvas);
      const labels = chart.data.labels ?? [];
      const labelArea = (name: string) => {
        const y = chart.scales.y!.getPixelForValue(labels.indexOf(name));
        return { left: 0, right: chart.scales.y!.right, top: y - 12, bottom: y + 12 };
      };
      expect(labels).toContain("イラスト🎨");
      // The palette emoji is all colour; the controller is grey with four coloured buttons.
      expect(colourfulPixels(pixels, labelArea("イラスト🎨"))).toBeGreaterThan(30);
      expect(colourfulPixels(pixels, labelArea("🎮ゲーム実況"))).toBeGreaterThan(3);
      expect(colourfulPixels(pixels, labelArea("雑談"))).toBe(0);
    } finally {
      chart.destroy();
    }
  });

  it("names both bundled fonts, and nothing else, in every font chart.js sets (tooltips included)", () => {
    const configs = Object.values(sampleConfigs({ locale: "ja", theme: "light", context: "🎮ゲーム実況" }));
    for (const config of configs) {
      const canvas = createCanvas(1200, 600);
      const fonts = recordFonts(canvas.getContext("2d"));
      const chart = drawChart(canvas, config);
      chart.tooltip!.setActiveElements([{ datasetIndex: 0, index: 1 }], { x: 600, y: 300 });
      chart.draw();
      chart.destroy();
      expect(fonts.length).toBeGreaterThan(5);
      for (const font of new Set(fonts)) {
        expect(font).toMatch(/^([a-z]+ )*\d+px 'Exporter Noto Sans JP', 'Exporter Noto Color Emoji'$/);
      }
    }
    expect([CHART_TEXT_FONT, CHART_EMOJI_FONT]).toEqual(["Exporter Noto Sans JP", "Exporter Noto Color Emoji"]);
  });

  it("keeps the server's settings whatever the configuration asks for", async () => {
    const config = sampleConfigs({ locale: "en", theme: "dark" }).messages;
    const wayward: ChartConfig = {
      ...config,
      options: {
        ...config.options,
        responsive: true,
        devicePixelRatio: 2,
        animation: { duration: 5000 },
        plugins: { ...config.options?.plugins, title: { display: true, text: "x", font: { family: "Comic Sans MS" } } },
      },
    };
    const canvas = createCanvas(1200, 600);
    const fonts = recordFonts(canvas.getContext("2d"));
    drawChart(canvas, wayward).destroy();
    expect(fonts.some((f) => f.includes("Comic"))).toBe(false);
    const pixels = await decodePng(renderChartPng(wayward));
    expect([pixels.width, pixels.height]).toEqual([1200, 600]);
    // The caller's configuration is left as it was.
    expect(wayward.options?.plugins?.title?.font).toEqual({ family: "Comic Sans MS" });
  });
});

describe("createPngDrawer", () => {
  it("draws chart after chart on one canvas per size, each PNG byte for byte what a fresh canvas gives", () => {
    const dark = sampleConfigs({ locale: "ja", theme: "dark", context: "🎮ゲーム実況" });
    const light = sampleConfigs({ locale: "en", theme: "light" });
    const drawer = createPngDrawer();
    // Dark after light and back: a chart that let the one before show through would differ from a fresh draw.
    const sequence = [light.messages, dark.topChannels, light.members];
    for (const [i, config] of sequence.entries()) {
      expect(drawer.render(config).equals(renderChartPng(config)), `chart ${i}`).toBe(true);
    }
    expect(drawer.canvasesCreated()).toBe(1);
    const small = { width: 600, height: 300 };
    expect(drawer.render(dark.activeMembers, small).equals(renderChartPng(dark.activeMembers, small))).toBe(true);
    expect(drawer.canvasesCreated()).toBe(2);
    expect(drawer.render(light.voice).equals(renderChartPng(light.voice))).toBe(true);
    expect(drawer.canvasesCreated()).toBe(3);
  });
});
