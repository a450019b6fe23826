// The channels with the most messages over a range, as horizontal bars (people and bots stacked).
import type { TopChannel, TopChannelsChartData } from "./chart-data.js";
import type { ChartBuildOptions } from "./chart-options.js";
import { barDataset, baseOptions, type ChartConfig, categoryAxis, countAxis, withScales } from "./chart-config.js";
import { formatDayRange } from "./date-labels.js";
import { chartMessages } from "./i18n.js";
import { chartPalettes } from "./theme.js";
import { truncateLabel } from "./truncate-label.js";

export interface TopChannelsOptions extends ChartBuildOptions {
  /** How many channels to draw; 10 unless told, at most 25 (the bars of a 600 px chart get too thin past that). */
  limit?: number;
}

export const TOP_CHANNELS_DEFAULT = 10;
export const TOP_CHANNELS_MAX = 25;
/** Longer names are cut with "…", so the labels do not squeeze the bars. */
export const CHANNEL_LABEL_MAX = 24;

/** Most messages first; ties by name then id, so the order never depends on the query's. */
export function rankChannels(channels: readonly TopChannel[], limit: number): TopChannel[] {
  return channels
    .filter((c) => c.human + c.bot > 0)
    .sort(
      (a, b) =>
        b.human + b.bot - (a.human + a.bot) || compareText(a.name, b.name) || compareText(a.channelId, b.channelId),
    )
    .slice(0, limit);
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function topChannelsChart(data: TopChannelsChartData, options: TopChannelsOptions): ChartConfig {
  const text = chartMessages[options.locale];
  const palette = chartPalettes[options.theme];
  const limit = Math.min(Math.max(1, Math.floor(options.limit ?? TOP_CHANNELS_DEFAULT)), TOP_CHANNELS_MAX);
  const channels = rankChannels(data.channels, limit);
  const base = baseOptions(options, text.topChannels.title, formatDayRange(options.locale, data.from, data.to));
  return {
    type: "bar",
    data: {
      labels: channels.map((c) => truncateLabel(c.name, CHANNEL_LABEL_MAX)),
      datasets: [
        barDataset(
          text.people,
          channels.map((c) => c.human),
          palette.people,
        ),
        barDataset(
          text.bots,
          channels.map((c) => c.bot),
          palette.bots,
        ),
      ],
    },
    options: withScales(
      { ...base, indexAxis: "y", interaction: { mode: "index", intersect: false, axis: "y" } },
      {
        x: countAxis(palette, text.topChannels.axis, { stacked: true, position: "bottom" }),
        y: categoryAxis(palette, null, { stacked: true, skipLabels: false }),
      },
    ),
  };
}
