// The dashboard in a real browser (Debian's chromium through puppeteer-core) against the real exporter after a real
// count of the fake Discord: no console errors (CSP violations are console errors), every chart drawn, the data
// behind each chart (read from its chart.js instance) equal to the /api/v1 answer it was drawn from and to the
// fake's truth, the range picker, Japanese, dark and light, 375 px; the voice panel (a note without voice records,
// and the voice chart of a guild whose voice states the exporter recorded). UPDATE_SCREENSHOTS=1 writes the README's
// screenshots into docs/images/.
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { ConsoleMessage, HTTPRequest, HTTPResponse, Page } from "puppeteer-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ChartLocale, ChartTheme } from "../../src/charts/chart-options.js";
import { chartMessages } from "../../src/charts/i18n.js";
import { chartPalettes } from "../../src/charts/theme.js";
import { buildChart, type ChartAnswers, type ChartKind } from "../../src/web/chart-inputs.js";
import { browserTestsRun, hasChromium, inCi, type LaunchedChromium, launchChromium } from "../helpers/chromium.js";
import {
  addDays,
  daysOf,
  truthActiveMembers,
  truthChannelSources,
  truthDaySpan,
  truthMessagesPerDay,
  truthTopChannels,
} from "../helpers/history-truth.js";
import { type HistoryWorld, startHistoryWorld, TODAY } from "../helpers/history-world.js";
import { truthVoiceDaily } from "../helpers/voice-truth.js";
import { startVoiceWorld, VOICE_FIRST_DAY, VOICE_TODAY, type VoiceWorld } from "../helpers/voice-world.js";

const RUN = browserTestsRun("test/e2e/dashboard-browser.e2e.test.ts");
const IMAGES = fileURLToPath(new URL("../../docs/images/", import.meta.url));
const UPDATE_SCREENSHOTS = process.env.UPDATE_SCREENSHOTS === "1";

describe.runIf(inCi)("chromium in CI", () => {
  it("is installed (Debian package chromium): CI must not skip the browser tests", () => {
    expect(hasChromium).toBe(true);
  });
});

/** What a canvas on the page holds: its chart.js instance's data and options, and what it painted. */
interface DrawnChart {
  kind: ChartKind;
  api: string;
  context: string;
  data: { labels: string[]; datasets: { label: string; data: (number | null)[] }[] };
  title: string;
  background: string;
  /** Pixels differing from the top-left one (the chart's background). */
  painted: number;
  /** Pixels exactly in the first series' colour (#5865f2 in every chart and both themes). */
  firstSeries: number;
  cssWidth: number;
}

interface Opened {
  /** The file's one tab, navigated to the page; the next open() takes it over. */
  page: Page;
  /** Console errors and warnings, page errors, failed requests and error answers: all must stay empty. */
  problems: string[];
}

const READ_CHARTS = `[...document.querySelectorAll("canvas[data-chart]")].map((canvas) => {
  const chart = window.Chart.getChart(canvas);
  // Read from a copy: reading the page's own canvas twice makes Chromium warn (a console message of the test's).
  const copy = Object.assign(document.createElement("canvas"), { width: canvas.width, height: canvas.height });
  const context = copy.getContext("2d", { willReadFrequently: true });
  context.drawImage(canvas, 0, 0);
  const pixels = context.getImageData(0, 0, canvas.width, canvas.height).data;
  let painted = 0, firstSeries = 0;
  for (let i = 0; i < pixels.length; i += 4) {
    if (pixels[i] !== pixels[0] || pixels[i + 1] !== pixels[1] || pixels[i + 2] !== pixels[2]) painted++;
    if (pixels[i] === 0x58 && pixels[i + 1] === 0x65 && pixels[i + 2] === 0xf2) firstSeries++;
  }
  return {
    kind: canvas.dataset.chart,
    api: canvas.dataset.api,
    context: canvas.dataset.context,
    data: chart ? { labels: chart.data.labels, datasets: chart.data.datasets.map((d) => ({ label: d.label, data: d.data })) } : null,
    title: chart?.options.plugins.title.text,
    background: chart?.options.plugins.background.color,
    painted,
    firstSeries,
    cssWidth: canvas.getBoundingClientRect().width,
  };
})`;

describe.runIf(RUN)("the dashboard in Chromium", () => {
  let w: HistoryWorld;
  let v: VoiceWorld;
  let chromium: LaunchedChromium;
  // One tab for the whole file, navigated from page to page: a new tab costs Chromium a new renderer process, ~0.7
  // CPU-s more per page than a navigation in the same tab on this machine. The dashboard keeps no state in the browser
  // (no storage, no cookies) and leaves no request open (a page that did would show its aborted request among the next
  // page's problems), and open() sets the viewport, colour scheme and language again every time.
  let tab: Page;
  let stopListening = () => {};
  let first: string;
  beforeAll(async () => {
    // No emoji in the names here: this machine has no emoji font, and the screenshots would show boxes.
    [w, v] = await Promise.all([
      startHistoryWorld({}, { guildName: "原神 日本 コミュニティ" }),
      startVoiceWorld({ guildName: "ボイス部 Voice club" }),
    ]);
    chromium = await launchChromium();
    tab = await chromium.browser.newPage();
    first = truthDaySpan(w.truth, w.guildId).first;
  }, 120_000);
  afterAll(async () => {
    await chromium?.close();
    await w?.h.close();
    await v?.h.close();
  });

  async function open(
    urlPath: string,
    view: { width?: number; lang?: string; scheme?: ChartTheme } = {},
    exporterUrl = w.h.exporter.url,
  ): Promise<Opened> {
    stopListening();
    const page = tab;
    const problems: string[] = [];
    const onConsole = (message: ConsoleMessage) => {
      if (message.type() === "error" || message.type() === "warn")
        problems.push(`console ${message.type()}: ${message.text()}`);
    };
    const onPageError = (error: unknown) => problems.push(`page error: ${String(error)}`);
    const onRequestFailed = (request: HTTPRequest) => problems.push(`request failed: ${request.url()}`);
    const onResponse = (response: HTTPResponse) => {
      if (response.status() >= 400) problems.push(`${response.status()} ${response.url()}`);
    };
    page.on("console", onConsole);
    page.on("pageerror", onPageError);
    page.on("requestfailed", onRequestFailed);
    page.on("response", onResponse);
    stopListening = () => {
      page.off("console", onConsole);
      page.off("pageerror", onPageError);
      page.off("requestfailed", onRequestFailed);
      page.off("response", onResponse);
    };
    await page.setViewport({ width: view.width ?? 1280, height: 900 });
    await page.emulateMediaFeatures([{ name: "prefers-color-scheme", value: view.scheme ?? "light" }]);
    await page.setExtraHTTPHeaders({ "Accept-Language": view.lang ?? "en-US,en;q=0.9" });
    await page.goto(`${exporterUrl}${urlPath}`, { waitUntil: "load" });
    await waitForCharts(page);
    return { page, problems };
  }

  const waitForCharts = (page: Page) =>
    page.waitForFunction("document.documentElement.dataset.charts === 'ready'", { timeout: 30_000 });

  /**
   * An element with a margin of the page around it, as the README shows it. Captured only with UPDATE_SCREENSHOTS:
   * nothing checks the pictures; the element must exist either way.
   */
  async function screenshot(page: Page, selector: string, file: string) {
    const box = (await (await page.$(selector))!.boundingBox())!;
    if (!UPDATE_SCREENSHOTS) return;
    const margin = 16;
    await page.screenshot({
      path: path.join(IMAGES, file),
      clip: {
        x: Math.max(0, box.x - margin),
        y: Math.max(0, box.y - margin),
        width: box.width + 2 * margin,
        height: box.height + 2 * margin,
      },
    });
  }

  const readCharts = async (page: Page) => (await page.evaluate(READ_CHARTS)) as DrawnChart[];

  async function fetchAnswer<K extends ChartKind>(api: string): Promise<ChartAnswers[K]> {
    const response = await fetch(`${w.h.exporter.url}${api}`);
    expect(response.status, api).toBe(200);
    return (await response.json()) as ChartAnswers[K];
  }

  /** The chart as the same definition builds it in Node from the same API answer. */
  async function expectedFromApi(chart: DrawnChart, locale: ChartLocale, theme: ChartTheme) {
    const config = buildChart(chart.kind, await fetchAnswer(chart.api), { locale, theme, context: chart.context });
    return {
      labels: config.data.labels,
      datasets: config.data.datasets.map((d) => ({ label: d.label, data: d.data })),
    };
  }

  /** Each chart's numbers against the fake's messages and the samples the exporter took. */
  function expectTruth(chart: DrawnChart, guildId: string, from: string, to: string) {
    const days = daysOf(from, to);
    const values = (rows: { day: string }[], field: string, empty: number | null) => {
      const byDay = new Map(rows.map((row) => [row.day, (row as unknown as Record<string, number>)[field]!]));
      return days.map((day) => byDay.get(day) ?? empty);
    };
    const [one, two, three] = chart.data.datasets.map((d) => d.data);
    switch (chart.kind) {
      case "messages": {
        const channel = new URL(chart.api, "http://x").searchParams.get("channel") ?? undefined;
        const truth = truthMessagesPerDay(w.truth, guildId, from, to, channel);
        expect(one).toEqual(values(truth, "human", 0));
        expect(two).toEqual(values(truth, "bot", 0));
        expect(chart.data.labels).toHaveLength(days.length);
        break;
      }
      case "activeMembers": {
        const truth = truthActiveMembers(w.truth, guildId, from, to);
        expect([one, two, three]).toEqual([
          values(truth, "d1", null),
          values(truth, "d7", null),
          values(truth, "d30", null),
        ]);
        break;
      }
      case "topChannels": {
        const truth = truthTopChannels(w.truth, guildId, from, to, 10, w.unranked);
        expect(chart.data.labels).toEqual(truth.map((c) => c.name));
        expect([one, two]).toEqual([truth.map((c) => c.human), truth.map((c) => c.bot)]);
        break;
      }
      case "members": {
        const samples = guildId === w.guildId ? w.samples : w.samples.map((s) => ({ ...s, members: 30, online: 3 }));
        const shown = samples.filter((s) => new Date(s.at).toISOString().slice(0, 10) >= from);
        expect([one, two]).toEqual([shown.map((s) => s.members), shown.map((s) => s.online)]);
        break;
      }
      case "channelSources": {
        const channel = new URL(chart.api, "http://x").pathname.split("/")[6]!;
        const truth = truthChannelSources(w.truth, guildId, channel, from, to);
        expect([one, two]).toEqual([values(truth, "channel", 0), values(truth, "threads", 0)]);
        break;
      }
    }
  }

  async function expectCharts(page: Page, locale: ChartLocale, theme: ChartTheme, ranges: Map<string, string>) {
    const charts = await readCharts(page);
    expect(charts.length).toBeGreaterThan(0);
    for (const chart of charts) {
      const where = `${chart.kind} ${chart.api}`;
      expect(chart.data, where).not.toBeNull();
      expect(chart.painted, where).toBeGreaterThan(2000);
      expect(chart.firstSeries, where).toBeGreaterThan(20);
      expect(chart.background, where).toBe(chartPalettes[theme].background);
      expect(chart.data, where).toEqual(await expectedFromApi(chart, locale, theme));
      const api = new URL(chart.api, "http://x");
      const guildId = api.pathname.split("/")[4]!;
      const from = api.searchParams.get("from")!;
      expect(from, where).toBe(ranges.get(guildId));
      expect(api.searchParams.get("to"), where).toBe(TODAY);
      expectTruth(chart, guildId, from, TODAY);
    }
    return charts;
  }

  it("loads with no console errors, draws every chart, each from its API answer, equal to the truth", async () => {
    const { page, problems } = await open("/");
    const charts = await expectCharts(
      page,
      "en",
      "light",
      new Map([
        [w.guildId, addDays(TODAY, -29)],
        [w.otherGuildId, addDays(TODAY, -29)],
      ]),
    );
    expect(charts.map((c) => c.kind)).toEqual([
      "members",
      "messages",
      "activeMembers",
      "topChannels",
      "members",
      "messages",
      "activeMembers",
      "topChannels",
    ]);
    expect(charts[1]!.title).toBe(chartMessages.en.messages.title);
    // VOICE_ACTIVITY is off and nothing was recorded: a note in each guild, no empty voice chart.
    expect(
      await page.$$eval("figure.voice-note", (notes) => notes.map((n) => n.getAttribute("data-voice-note"))),
    ).toEqual(["off", "off"]);
    expect(problems).toEqual([]);
    await screenshot(page, "section.guild", "dashboard-en-light.png");
  });

  it("the range picker changes the URL and every chart's days", async () => {
    const { page, problems } = await open("/");
    await Promise.all([page.waitForNavigation(), page.click('nav.range a[data-range="7d"]')]);
    await waitForCharts(page);
    expect(new URL(page.url()).searchParams.get("range")).toBe("7d");
    expect(await page.$eval('nav.range a[aria-current="page"]', (a) => a.getAttribute("data-range"))).toBe("7d");
    const week = await expectCharts(
      page,
      "en",
      "light",
      new Map([
        [w.guildId, addDays(TODAY, -6)],
        [w.otherGuildId, addDays(TODAY, -6)],
      ]),
    );
    expect(week.find((c) => c.kind === "messages")!.data.labels).toHaveLength(7);
    await Promise.all([page.waitForNavigation(), page.click('nav.range a[data-range="all"]')]);
    await waitForCharts(page);
    expect(new URL(page.url()).searchParams.get("range")).toBe("all");
    const all = await expectCharts(
      page,
      "en",
      "light",
      new Map([
        [w.guildId, first],
        [w.otherGuildId, truthDaySpan(w.truth, w.otherGuildId).first],
      ]),
    );
    expect(all.find((c) => c.kind === "messages")!.data.labels.length).toBeGreaterThan(100);
    expect(problems).toEqual([]);
  });

  it("is in Japanese with Accept-Language ja, dark when the system prefers it, and follows a switch", async () => {
    const { page, problems } = await open("/?range=90d", { lang: "ja,en;q=0.5", scheme: "dark" });
    expect(await page.$eval("html", (html) => html.lang)).toBe("ja");
    expect(await page.$eval("h1", (h1) => h1.textContent)).toBe("Discord 統計");
    const charts = await expectCharts(
      page,
      "ja",
      "dark",
      new Map([
        [w.guildId, addDays(TODAY, -89)],
        [w.otherGuildId, addDays(TODAY, -89)],
      ]),
    );
    expect(charts[1]!.title).toBe(chartMessages.ja.messages.title);
    expect(await page.$eval("body", (body) => getComputedStyle(body).backgroundColor)).toBe("rgb(49, 51, 56)");
    await screenshot(page, "section.guild", "dashboard-ja-dark.png");
    await page.emulateMediaFeatures([{ name: "prefers-color-scheme", value: "light" }]);
    await page.waitForFunction(
      `window.Chart.getChart(document.querySelector("canvas")).options.plugins.background.color === "#ffffff"`,
    );
    for (const chart of await readCharts(page)) expect(chart.background).toBe(chartPalettes.light.background);
    expect(await page.$eval("body", (body) => getComputedStyle(body).backgroundColor)).toBe("rgb(255, 255, 255)");
    expect(problems).toEqual([]);
  });

  it("holds at 375 px: no horizontal overflow, every chart within the screen", async () => {
    for (const urlPath of ["/", `/channels/${w.ids.general}`]) {
      const { page, problems } = await open(urlPath, { width: 375, lang: "ja", scheme: "dark" });
      const widths = await page.evaluate(
        "[document.documentElement.scrollWidth, document.body.scrollWidth, innerWidth]",
      );
      expect(widths, urlPath).toEqual([375, 375, 375]);
      for (const chart of await readCharts(page)) {
        expect(chart.cssWidth).toBeGreaterThan(300);
        expect(chart.cssWidth).toBeLessThanOrEqual(375);
        expect(chart.painted).toBeGreaterThan(1000);
      }
      expect(problems).toEqual([]);
      if (urlPath === "/" && UPDATE_SCREENSHOTS) {
        await page.screenshot({ path: path.join(IMAGES, "dashboard-mobile-ja-dark.png") });
      }
    }
  });

  it("/channels/{id}: the channel's sources and messages per day, and the share in its threads", async () => {
    const { page, problems } = await open(`/channels/${w.ids.general}?range=all`);
    const charts = await expectCharts(page, "en", "light", new Map([[w.guildId, first]]));
    expect(charts.map((c) => c.kind)).toEqual(["channelSources", "messages"]);
    const sources = truthChannelSources(w.truth, w.guildId, w.ids.general, first, TODAY);
    const threads = sources.reduce((sum, d) => sum + d.threads, 0);
    const all = sources.reduce((sum, d) => sum + d.channel + d.threads, 0);
    const share = await page.$eval("[data-thread-share]", (p) => p.getAttribute("data-thread-share"));
    expect(Number(share)).toBe(Math.round((threads / all) * 1000) / 10);
    expect(threads).toBeGreaterThan(0);
    expect(problems).toEqual([]);
    await screenshot(page, "section.channel", "channel-en-light.png");
  });

  /** The voice chart on a page of the voice world: drawn, from its API answer, equal to the fake's record. */
  async function expectVoiceChart(page: Page, locale: ChartLocale, theme: ChartTheme, channelId?: string) {
    const voice = (await readCharts(page)).filter((chart) => chart.kind === "voice");
    expect(voice).toHaveLength(1);
    const chart = voice[0]!;
    expect(chart.painted).toBeGreaterThan(2000);
    expect(chart.firstSeries).toBeGreaterThan(20);
    expect(chart.background).toBe(chartPalettes[theme].background);
    expect(chart.title).toBe(chartMessages[locale].voice.title);
    // Voice was recorded from the first day on: the chart starts there, not at the range's 30 days back.
    const api = new URL(chart.api, "http://x");
    expect([api.searchParams.get("from"), api.searchParams.get("to"), api.searchParams.get("channel")]).toEqual([
      VOICE_FIRST_DAY,
      VOICE_TODAY,
      channelId ?? null,
    ]);
    const response = await fetch(`${v.h.exporter.url}${chart.api}`);
    expect(response.status).toBe(200);
    const answer = (await response.json()) as ChartAnswers["voice"];
    const truth = truthVoiceDaily(v.world, v.guildId, v.excluded, VOICE_FIRST_DAY, VOICE_TODAY, channelId);
    expect(answer).toMatchObject(truth);
    const built = buildChart("voice", answer, { locale, theme, context: chart.context });
    expect(chart.data).toEqual({
      labels: built.data.labels,
      datasets: built.data.datasets.map((d) => ({ label: d.label, data: d.data })),
    });
    const byDay = new Map(truth.days.map((day) => [day.day, day]));
    const days = daysOf(VOICE_FIRST_DAY, VOICE_TODAY).map((day) => byDay.get(day));
    const minutes = (seconds: number | undefined) => Math.round((seconds ?? 0) / 6) / 10;
    expect(chart.data.datasets.map((d) => d.data)).toEqual([
      days.map((day) => minutes(day?.human_seconds)),
      days.map((day) => minutes(day?.bot_seconds)),
      days.map((day) => day?.people ?? 0),
    ]);
    return chart;
  }

  it("the voice panel: the voice chart of a guild with voice history, equal to the fake's voice states", async () => {
    const { page, problems } = await open("/", {}, v.h.exporter.url);
    expect((await readCharts(page)).map((c) => c.kind)).toEqual([
      "members",
      "messages",
      "activeMembers",
      "topChannels",
      "voice",
    ]);
    await expectVoiceChart(page, "en", "light");
    expect(await page.$eval("figure:has(canvas[data-chart=voice]) .chart-note", (p) => p.textContent)).toBe(
      `Recorded since ${VOICE_FIRST_DAY} (unknown before).`,
    );
    expect(await page.$$("figure.voice-note")).toHaveLength(0);
    expect(problems).toEqual([]);
    await screenshot(page, "figure:has(canvas[data-chart=voice])", "voice-en-light.png");
  });

  it("the voice panel in Japanese, dark, at 375 px, and on a voice channel's page", async () => {
    const phone = await open("/?range=7d", { width: 375, lang: "ja", scheme: "dark" }, v.h.exporter.url);
    expect(await phone.page.evaluate("[document.documentElement.scrollWidth, innerWidth]")).toEqual([375, 375]);
    const chart = await expectVoiceChart(phone.page, "ja", "dark");
    expect(chart.cssWidth).toBeGreaterThan(300);
    expect(chart.cssWidth).toBeLessThanOrEqual(375);
    expect(phone.problems).toEqual([]);
    for (const channel of [v.ids.lounge, v.ids.stage]) {
      const { page, problems } = await open(`/channels/${channel}?range=all`, {}, v.h.exporter.url);
      expect((await readCharts(page)).map((c) => c.kind)).toEqual(["channelSources", "messages", "voice"]);
      await expectVoiceChart(page, "en", "light", channel);
      expect(problems).toEqual([]);
    }
  });
});
