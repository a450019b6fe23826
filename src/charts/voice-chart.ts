// Time spent in voice channels per day (people and bots stacked, in minutes) and how many people joined one.
import type { VoiceChartData } from "./chart-data.js";
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

/** Seconds to minutes with one decimal: a short call still shows, and tooltips stay readable. */
export function secondsToMinutes(seconds: number): number {
  return Math.round(seconds / 6) / 10;
}

export function voiceChart(data: VoiceChartData, options: ChartBuildOptions): ChartConfig {
  const text = chartMessages[options.locale];
  const palette = chartPalettes[options.theme];
  const days = listUtcDays(data.from, data.to);
  const voice = sumByDay(days, data.days, ["humanSeconds", "botSeconds", "people"]);
  return {
    type: "bar",
    data: {
      labels: formatDayLabels(options.locale, days),
      datasets: [
        barDataset(text.voice.human, voice.humanSeconds.map(secondsToMinutes), palette.people),
        barDataset(text.voice.bot, voice.botSeconds.map(secondsToMinutes), palette.bots),
        lineDataset(text.voice.people, voice.people, palette.line, { yAxisID: "y1" }),
      ],
    },
    options: withScales(baseOptions(options, text.voice.title, formatDayRange(options.locale, data.from, data.to)), {
      x: categoryAxis(palette, text.dayAxis, { stacked: true }),
      y: countAxis(palette, text.voice.minutesAxis, { stacked: true, position: "left" }),
      y1: countAxis(palette, text.voice.peopleAxis, { stacked: false, position: "right" }),
    }),
  };
}
