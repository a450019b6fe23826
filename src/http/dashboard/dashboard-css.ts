// The dashboard's stylesheet, served as /assets/dashboard.css (the Content-Security-Policy allows no inline style).
// Kept as a module so that it lands in dist/ with the code: the Docker image carries dist/ and no sources.
// Colours follow the charts' palettes (src/charts/theme.ts), light or dark as the reader's system prefers.
import { chartPalettes } from "../../charts/theme.js";
import { PAGE_FONT_FAMILY } from "../../web/page-fonts.js";

export const JAPANESE_FONT_URL = "/assets/fonts/noto-sans-jp-400.ttf";

const light = chartPalettes.light;
const dark = chartPalettes.dark;

export const DASHBOARD_CSS = `@font-face {
  font-family: "Dashboard Noto Sans JP";
  src: url(${JAPANESE_FONT_URL}) format("truetype");
  font-weight: 400;
  font-display: swap;
  /* Only for Japanese text a machine has no font for: Latin text never downloads it. */
  unicode-range: U+3000-30FF, U+3400-4DBF, U+4E00-9FFF, U+F900-FAFF, U+FF00-FFEF;
}
:root {
  color-scheme: light dark;
  --bg: ${light.background};
  --panel: #f2f3f5;
  --text: ${light.text};
  --muted: ${light.mutedText};
  --line: #dcdee3;
  --accent: ${light.people};
  --warn: #b25f00;
  --bad: #c0262d;
  --good: ${light.online};
}
@media (prefers-color-scheme: dark) {
  :root {
    --bg: ${dark.background};
    --panel: #2b2d31;
    --text: ${dark.text};
    --muted: ${dark.mutedText};
    --line: #3f4147;
    --accent: #949cf7;
    --warn: #f0b232;
    --bad: #f23f43;
    --good: ${dark.online};
  }
}
* { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; }
body {
  margin: 0;
  background: var(--bg);
  color: var(--text);
  font: 15px/1.5 ${PAGE_FONT_FAMILY};
}
a { color: var(--accent); }
header, main, footer { max-width: 84rem; margin: 0 auto; padding: 0 1rem; }
header { padding-top: 1rem; display: flex; flex-wrap: wrap; gap: .5rem 1.5rem; align-items: baseline; }
header h1 { font-size: 1.4rem; margin: 0; flex: 1 1 auto; }
nav.links { display: flex; flex-wrap: wrap; gap: .25rem 1rem; font-size: .9rem; }
nav.range { display: flex; flex-wrap: wrap; align-items: center; gap: .4rem; margin: 1rem 0 .5rem; }
nav.range a {
  padding: .25rem .7rem;
  border: 1px solid var(--line);
  border-radius: 999px;
  text-decoration: none;
  color: var(--text);
}
nav.range a[aria-current="page"] { background: var(--accent); border-color: var(--accent); color: #fff; }
section.guild { margin: 1.5rem 0 2.5rem; }
section.guild > h2 { font-size: 1.25rem; margin: 0 0 .25rem; overflow-wrap: anywhere; }
h2 small, .muted { color: var(--muted); font-weight: normal; }
p { margin: .25rem 0; }
.status-down { color: var(--bad); }
.first-count { background: var(--panel); border-radius: 8px; padding: .6rem .9rem; margin: .75rem 0; }
.first-count h3 { font-size: 1rem; margin: 0 0 .25rem; }
progress { width: 100%; height: .6rem; accent-color: var(--accent); }
.charts { display: grid; gap: 1rem; grid-template-columns: repeat(auto-fit, minmax(min(100%, 34rem), 1fr)); margin: 1rem 0; }
figure { margin: 0; min-width: 0; }
figure h3 { font-size: .95rem; margin: 0 0 .25rem; color: var(--muted); font-weight: 600; }
.chart-box { position: relative; height: 22rem; border-radius: 8px; overflow: hidden; }
.chart-box canvas { display: block; }
.chart-error { color: var(--bad); }
.chart-note { color: var(--muted); font-size: .85rem; }
.voice-note { background: var(--panel); border-radius: 8px; padding: .6rem .9rem; align-self: start; }
.table-scroll { overflow-x: auto; max-width: 100%; }
table { border-collapse: collapse; width: 100%; font-size: .9rem; }
th, td { padding: .3rem .6rem; border-bottom: 1px solid var(--line); text-align: left; white-space: nowrap; }
td.name { white-space: normal; overflow-wrap: anywhere; min-width: 8rem; }
td.n, th.n { text-align: right; font-variant-numeric: tabular-nums; }
.state-forbidden, .state-unreadable { color: var(--bad); }
.state-backfilling { color: var(--warn); }
.state-ready { color: var(--good); }
footer { color: var(--muted); font-size: .85rem; padding-bottom: 2rem; }
@media (max-width: 40rem) {
  body { font-size: 14px; }
  .chart-box { height: 17rem; }
  th.id, td.id, th.type, td.type { display: none; }
}
`;
