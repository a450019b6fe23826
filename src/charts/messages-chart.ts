// Messages per day, people and bots stacked, and optionally the people who posted that day as a line.
import type { MessagesChartData } from "./chart-data.js";
import type { ChartBuildOptions } from "./chart-options.js";
import {
  barDataset,
  baseOptions,
  type ChartConfig,
  categoryAxis,
  countAxis,
  lineDataset,
  withScales,
} from "./chart-config.js";
import { formatDayLabels, formatDayRange } from "./date-labels.js";
import { sumByDay } from "./day-series.js";
import { chartMessages } from "./i18n.js";
import { chartPalettes } from "./theme.js";
import { listUtcDays } from "./utc-day.js";

export function messagesChart(data: MessagesChartData, options: ChartBuildOptions): ChartConfig {
  const text = chartMessages[options.locale];
  const palette = chartPalettes[options.theme];
  const days = listUtcDays(data.from, data.to);
  const messages = sumByDay(days, data.days, ["human", "bot"]);
  const datasets = [
    barDataset(text.people, messages.human, palette.people),
    barDataset(text.bots, messages.bot, palette.bots),
  ];
  if (data.active) {
    const active = sumByDay(days, data.active, ["active"]);
    datasets.push(lineDataset(text.messages.active, active.active, palette.line, { yAxisID: "y1" }));
  }
  return {
    type: "bar",
    data: { labels: formatDayLabels(options.locale, days), datasets },
    options: withScales(baseOptions(options, text.messages.title, formatDayRange(options.locale, data.from, data.to)), {
      x: categoryAxis(palette, text.dayAxis, { stacked: true }),
      y: countAxis(palette, text.messages.axis, { stacked: true, position: "left" }),
      ...(data.active
        ? { y1: countAxis(palette, text.messages.activeAxis, { stacked: false, position: "right" }) }
        : {}),
    }),
  };
}
