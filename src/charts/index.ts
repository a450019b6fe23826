// The chart definitions, for the bot (rendered by ./render/) and the web page (drawn by chart.js in the browser).
// Everything reachable from here is browser-safe: no Node imports, relative imports only, chart.js as types only.
// A page loads dist/charts/*.js (not dist/charts/render/) as ES modules, plus chart.js' own chart.umd.min.js as a
// script (window.Chart: its ESM build imports @kurkle/color by bare name, which would need an import map), then
// `Chart.register(backgroundPlugin)`, sets `Chart.defaults.font.family` to its own fonts, and draws
// `new Chart(canvas, messagesChart(rows, { locale, theme }))`. test/charts/browser.test.ts does exactly this.
export type * from "./chart-data.js";
export type { ChartBuildOptions, ChartLocale, ChartTheme } from "./chart-options.js";
export { parseChartLocale, parseChartTheme } from "./chart-options.js";
export type { ChartConfig } from "./chart-config.js";
export { type ChartMessages, chartMessages, formatMessage } from "./i18n.js";
export { backgroundPlugin } from "./background-plugin.js";
export { type ChartPalette, chartPalettes } from "./theme.js";
export { membersChart, MEMBERS_MAX_POINTS } from "./members-chart.js";
export { messagesChart } from "./messages-chart.js";
export { activeMembersChart } from "./active-members-chart.js";
export { type TopChannelsOptions, topChannelsChart } from "./top-channels-chart.js";
export { channelSourcesChart } from "./channel-sources-chart.js";
export { voiceChart } from "./voice-chart.js";
export { downsampleMinMax } from "./downsample.js";
