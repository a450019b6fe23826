// Members and online members over time, from the guild polls.
import type { MemberPoint, MembersChartData } from "./chart-data.js";
import type { ChartBuildOptions } from "./chart-options.js";
import { baseOptions, type ChartConfig, categoryAxis, countAxis, lineDataset, withScales } from "./chart-config.js";
import { formatTimeLabels, formatTimeRange } from "./date-labels.js";
import { downsampleMinMax } from "./downsample.js";
import { chartMessages } from "./i18n.js";
import { chartPalettes } from "./theme.js";

/** A 1200 px wide chart shows no more than this many samples (peaks kept). */
export const MEMBERS_MAX_POINTS = 1000;

export function membersChart(data: MembersChartData, options: ChartBuildOptions): ChartConfig {
  const text = chartMessages[options.locale];
  const palette = chartPalettes[options.theme];
  const sorted = [...data.points].sort((a, b) => a.at - b.at);
  const points = downsampleMinMax<MemberPoint>(sorted, MEMBERS_MAX_POINTS, [(p) => p.members, (p) => p.online]);
  const first = points[0];
  const last = points[points.length - 1];
  const range = first && last ? formatTimeRange(options.locale, first.at, last.at) : "";
  return {
    type: "line",
    data: {
      labels: formatTimeLabels(
        options.locale,
        points.map((p) => p.at),
      ),
      datasets: [
        lineDataset(
          text.members.members,
          points.map((p) => p.members),
          palette.people,
        ),
        // Without presence counts from Discord at all, an "online" legend over an empty line would only puzzle.
        ...(points.some((p) => p.online !== null)
          ? [
              lineDataset(
                text.members.online,
                points.map((p) => p.online),
                palette.online,
              ),
            ]
          : []),
      ],
    },
    options: withScales(baseOptions(options, text.members.title, range), {
      x: categoryAxis(palette, text.timeAxis, { stacked: false }),
      y: countAxis(palette, text.members.axis, { stacked: false, position: "left" }),
    }),
  };
}
