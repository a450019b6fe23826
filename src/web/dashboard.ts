// The dashboard's client: for each canvas the server put on the page, fetch its /api/v1 answer and draw it with the
// chart definitions the bot uses (src/charts/), through chart.js' own build (window.Chart, a same-origin script).
// Redraws when the reader's system switches between light and dark. Sets <html data-charts="ready"> when done.
import { backgroundPlugin } from "../charts/background-plugin.js";
import type { ChartLocale, ChartTheme } from "../charts/chart-options.js";
import type { Chart as ChartJs, ChartConfiguration } from "chart.js";
import { buildChart, type ChartAnswers, type ChartKind, isChartKind } from "./chart-inputs.js";
import { fitToPage } from "./page-chart-options.js";
import { PAGE_FONT_FAMILY } from "./page-fonts.js";
import { pageMessages } from "./page-messages.js";

declare global {
  interface Window {
    Chart: typeof ChartJs;
  }
}

interface Loaded {
  canvas: HTMLCanvasElement;
  kind: ChartKind;
  answer: ChartAnswers[ChartKind];
}

const { Chart } = window;
Chart.register(backgroundPlugin);
Chart.defaults.font.family = PAGE_FONT_FAMILY;

const locale: ChartLocale = document.body.dataset.lang === "ja" ? "ja" : "en";
const darkScheme = window.matchMedia("(prefers-color-scheme: dark)");
const theme = (): ChartTheme => (darkScheme.matches ? "dark" : "light");

function draw({ canvas, kind, answer }: Loaded): void {
  Chart.getChart(canvas)?.destroy();
  const config = buildChart(kind, answer, { locale, theme: theme(), context: canvas.dataset.context ?? "" });
  const box = canvas.parentElement ?? canvas;
  // The definitions are plain JSON typed for the bar/line mix; chart.js takes them as they are.
  new Chart(canvas, fitToPage(config, box.clientWidth) as ChartConfiguration);
}

async function load(canvas: HTMLCanvasElement): Promise<Loaded | null> {
  const kind = canvas.dataset.chart;
  const url = canvas.dataset.api;
  try {
    if (!isChartKind(kind) || url === undefined) throw new Error(`unknown chart ${kind}`);
    const response = await fetch(url, { headers: { Accept: "application/json" } });
    if (!response.ok) throw new Error(`${url} answered ${response.status}`);
    return { canvas, kind, answer: (await response.json()) as ChartAnswers[ChartKind] };
  } catch (error) {
    const message = canvas.closest("figure")?.querySelector<HTMLElement>(".chart-error");
    if (message) {
      message.textContent = pageMessages[locale].loadFailed;
      message.hidden = false;
    }
    console.error("dashboard: chart not drawn", error);
    return null;
  }
}

async function main(): Promise<void> {
  const canvases = [...document.querySelectorAll<HTMLCanvasElement>("canvas[data-chart]")];
  const answers = Promise.all(canvases.map(load));
  // Canvas text does not wait for web fonts: let the page's own text start loading any it needs, then wait for them.
  void document.body.offsetHeight;
  await document.fonts.ready;
  const loaded = (await answers).filter((entry): entry is Loaded => entry !== null);
  for (const entry of loaded) draw(entry);
  darkScheme.addEventListener("change", () => {
    for (const entry of loaded) draw(entry);
  });
  document.documentElement.dataset.charts = "ready";
}

void main();
