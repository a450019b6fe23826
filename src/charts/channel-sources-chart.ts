// One channel's messages per day, split by where they were posted: in the channel itself, or in its threads and
// forum posts (a forum channel has only the latter).
import type { ChannelSourcesChartData } from "./chart-data.js";
import type { ChartBuildOptions } from "./chart-options.js";
import { barDataset, baseOptions, type ChartConfig, categoryAxis, countAxis, withScales } from "./chart-config.js";
import { formatDayLabels, formatDayRange } from "./date-labels.js";
import { sumByDay } from "./day-series.js";
import { chartMessages } from "./i18n.js";
import { chartPalettes } from "./theme.js";
import { listUtcDays } from "./utc-day.js";

export function channelSourcesChart(data: ChannelSourcesChartData, options: ChartBuildOptions): ChartConfig {
  const text = chartMessages[options.locale];
  const palette = chartPalettes[options.theme];
  const days = listUtcDays(data.from, data.to);
  const messages = sumByDay(days, data.days, ["channel", "threads"]);
  return {
    type: "bar",
    data: {
      labels: formatDayLabels(options.locale, days),
      datasets: [
        barDataset(text.channelSources.channel, messages.channel, palette.channel),
        barDataset(text.channelSources.threads, messages.threads, palette.threads),
      ],
    },
    options: withScales(
      baseOptions(options, text.channelSources.title, formatDayRange(options.locale, data.from, data.to)),
      {
        x: categoryAxis(palette, text.dayAxis, { stacked: true }),
        y: countAxis(palette, text.channelSources.axis, { stacked: true, position: "left" }),
      },
    ),
  };
}
