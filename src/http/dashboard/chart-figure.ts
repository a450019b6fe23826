// One chart's place on a page: a canvas that the client (src/web/dashboard.ts) fills, told by data attributes which
// chart definition to draw and which /api/v1 answer to draw it from.
import { html } from "hono/html";
import type { DayRange } from "../../charts/chart-data.js";
import type { ChartKind } from "../../web/chart-inputs.js";

export type { ChartKind };

export interface ChartFigure {
  kind: ChartKind;
  heading: string;
  /** The API path and query the chart's data comes from. */
  api: string;
  range: DayRange;
  /** Shown under the chart's title (a guild or channel name). */
  context: string;
  /** A line under the chart (what its days cover, when that is not plain). */
  note?: string;
}

export function apiUrl(path: string, params: Record<string, string | number | undefined>): string {
  const query = new URLSearchParams();
  for (const [name, value] of Object.entries(params)) if (value !== undefined) query.set(name, String(value));
  return `${path}?${query}`;
}

export function renderChartFigure(figure: ChartFigure) {
  return html`<figure>
<h3>${figure.heading}</h3>
<div class="chart-box"><canvas data-chart="${figure.kind}" data-api="${figure.api}" data-from="${figure.range.from}" data-to="${figure.range.to}" data-context="${figure.context}" role="img" aria-label="${figure.heading}"></canvas></div>
${figure.note === undefined ? "" : html`<p class="chart-note">${figure.note}</p>`}
<p class="chart-error" hidden></p>
</figure>`;
}
