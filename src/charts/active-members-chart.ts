// People who posted in the last 1, 7 and 30 days, one point per day.
import type { ActiveMembersChartData } from "./chart-data.js";
import type { ChartBuildOptions } from "./chart-options.js";
import { baseOptions, type ChartConfig, categoryAxis, countAxis, lineDataset, withScales } from "./chart-config.js";
import { formatDayLabels, formatDayRange } from "./date-labels.js";
import { valuesByDay } from "./day-series.js";
import { chartMessages } from "./i18n.js";
import { chartPalettes } from "./theme.js";
import { listUtcDays } from "./utc-day.js";

export function activeMembersChart(data: ActiveMembersChartData, options: ChartBuildOptions): ChartConfig {
  const text = chartMessages[options.locale];
  const palette = chartPalettes[options.theme];
  const days = listUtcDays(data.from, data.to);
  // A missing day is a gap, not a zero: its 7- and 30-day windows cannot be told from the rows that are there.
  const active = valuesByDay(days, data.days, ["d1", "d7", "d30"]);
  return {
    type: "line",
    data: {
      labels: formatDayLabels(options.locale, days),
      datasets: [
        lineDataset(text.activeMembers.d1, active.d1, palette.d1),
        lineDataset(text.activeMembers.d7, active.d7, palette.d7),
        lineDataset(text.activeMembers.d30, active.d30, palette.d30),
      ],
    },
    options: withScales(
      baseOptions(options, text.activeMembers.title, formatDayRange(options.locale, data.from, data.to)),
      {
        x: categoryAxis(palette, text.dayAxis, { stacked: false }),
        y: countAxis(palette, text.activeMembers.axis, { stacked: false, position: "left" }),
      },
    ),
  };
}
