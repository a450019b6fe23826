// The pieces every chart shares: its type, the title block, axes, fonts and colours. All plain JSON (no callbacks),
// so a configuration can be built anywhere, sent to a browser or a worker, and compared in tests.
import type { ChartConfiguration, ChartDataset, ChartOptions, ScaleOptions } from "chart.js";
import type { ChartBuildOptions } from "./chart-options.js";
import { chartMessages } from "./i18n.js";
import { type ChartPalette, chartPalettes } from "./theme.js";

/** Every chart here: bars, lines, or bars with a line; category x axis with pre-formatted labels. */
export type ChartConfig = ChartConfiguration<"bar" | "line", (number | null)[], string>;
export type ChartConfigDataset = ChartDataset<"bar" | "line", (number | null)[]>;
type Options = NonNullable<ChartConfig["options"]>;
type Scales = NonNullable<Options["scales"]>;

// Sizes for a 1200×600 image that Discord shows at about half size: chart.js' default 12 px would be unreadable.
// No font family here: the server renderer and the web page each name their own fonts.
export const FONT_SIZES = { title: 24, subtitle: 16, legend: 16, ticks: 15, axisTitle: 15, tooltip: 15 } as const;

/** Dense lines get no point markers; a few weeks of days do. */
export function pointRadiusFor(points: number): number {
  return points <= 62 ? 3 : 0;
}

/** Title, subtitle (context and range), legend, tooltip, colours and the opaque background. */
export function baseOptions(options: ChartBuildOptions, title: string, range: string): Options {
  const palette = chartPalettes[options.theme];
  const subtitle = [options.context, range]
    .filter((part) => part)
    .join(chartMessages[options.locale].subtitleSeparator);
  return {
    // chart.js formats tick and tooltip numbers with Intl.NumberFormat(locale).
    locale: options.locale,
    color: palette.text,
    interaction: { mode: "index", intersect: false },
    plugins: {
      background: { color: palette.background },
      title: {
        display: true,
        text: title,
        color: palette.text,
        font: { size: FONT_SIZES.title, weight: "bold" },
        padding: { top: 8, bottom: 4 },
      },
      subtitle: {
        display: subtitle !== "",
        text: subtitle,
        color: palette.mutedText,
        font: { size: FONT_SIZES.subtitle },
        padding: { bottom: 8 },
      },
      legend: { labels: { color: palette.text, font: { size: FONT_SIZES.legend } } },
      tooltip: {
        titleFont: { size: FONT_SIZES.tooltip, weight: "bold" },
        bodyFont: { size: FONT_SIZES.tooltip },
        footerFont: { size: FONT_SIZES.tooltip },
      },
    },
  } satisfies ChartOptions<"bar" | "line">;
}

/**
 * A category axis (days, times or channel names) with its title, if any. Crowded dates may skip labels; channel
 * names are the chart's subject and are all shown (`skipLabels: false`).
 */
export function categoryAxis(
  palette: ChartPalette,
  title: string | null,
  place: { stacked: boolean; skipLabels?: boolean },
): ScaleOptions<"category"> {
  return {
    type: "category",
    stacked: place.stacked,
    title:
      title === null
        ? { display: false }
        : { display: true, text: title, color: palette.mutedText, font: { size: FONT_SIZES.axisTitle } },
    ticks: {
      color: palette.text,
      font: { size: FONT_SIZES.ticks },
      autoSkip: place.skipLabels ?? true,
      // Room between skipped labels, so "4月10日" and "4月14日" never touch.
      autoSkipPadding: 24,
      maxRotation: 0,
    },
    grid: { color: palette.grid },
  };
}

/** A count axis from zero with whole-number ticks; the second one sits on the right without its own grid. */
export function countAxis(
  palette: ChartPalette,
  title: string,
  place: { stacked: boolean; position: "left" | "right" | "bottom" },
): ScaleOptions<"linear"> {
  return {
    type: "linear",
    position: place.position,
    stacked: place.stacked,
    beginAtZero: true,
    title: { display: true, text: title, color: palette.mutedText, font: { size: FONT_SIZES.axisTitle } },
    ticks: { color: palette.text, font: { size: FONT_SIZES.ticks }, precision: 0 },
    grid: { color: palette.grid, drawOnChartArea: place.position !== "right" },
  };
}

export function withScales(options: Options, scales: Scales): Options {
  return { ...options, scales };
}

export function barDataset(label: string, data: number[], color: string, stack = "stack"): ChartConfigDataset {
  return { type: "bar", label, data, backgroundColor: color, borderWidth: 0, stack, order: 2 };
}

export function lineDataset(
  label: string,
  data: (number | null)[],
  color: string,
  extra: { yAxisID?: string } = {},
): ChartConfigDataset {
  return {
    type: "line",
    label,
    data,
    borderColor: color,
    backgroundColor: color,
    borderWidth: 2.5,
    // Round joins: with many points, miter joins draw spikes past the data.
    borderJoinStyle: "round",
    borderCapStyle: "round",
    tension: 0,
    pointRadius: pointRadiusFor(data.length),
    pointHoverRadius: 4,
    spanGaps: false,
    // Lines are drawn over the bars (lower order is drawn later).
    order: 1,
    ...extra,
  };
}
