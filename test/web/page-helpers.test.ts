// The dashboard's pure helpers, with literal inputs: language choice, ranges, durations, the page's chart options,
// the API-answer-to-chart step, and the share of a channel's messages in threads.
import { describe, expect, it } from "vitest";
import { messagesChart } from "../../src/charts/messages-chart.js";
import { topChannelsChart } from "../../src/charts/top-channels-chart.js";
import { threadSharePercent } from "../../src/http/dashboard/channel-page.js";
import { pickLocale } from "../../src/http/dashboard/locale.js";
import { parseRangeKey, resolveRange } from "../../src/http/dashboard/page-range.js";
import { voiceChart } from "../../src/charts/voice-chart.js";
import { planVoicePanel } from "../../src/http/dashboard/voice-panel.js";
import { buildChart, isChartKind } from "../../src/web/chart-inputs.js";
import { fitToPage, fontScaleFor, scaleFonts } from "../../src/web/page-chart-options.js";
import { formatDuration } from "../../src/web/page-messages.js";

describe("pickLocale", () => {
  it.each([
    [undefined, undefined, "en"],
    ["ja", "en", "ja"],
    ["en", "ja", "en"],
    ["fr", "ja", "ja"],
    [undefined, "ja-JP", "ja"],
    [undefined, "JA", "ja"],
    [undefined, "en-GB,ja;q=0.9", "en"],
    [undefined, "ja;q=0.4,en;q=0.8", "en"],
    [undefined, "de, fr;q=0.8, ja;q=0.2", "ja"],
    [undefined, "de, fr", "en"],
    [undefined, "ja;q=0", "en"],
    [undefined, "*", "en"],
  ] as const)("lang=%s, Accept-Language %s: %s", (lang, header, expected) => {
    expect(pickLocale(lang, header)).toBe(expected);
  });
});

describe("ranges", () => {
  it("parses the five keys and falls back to 30 days", () => {
    expect(["7d", "30d", "90d", "1y", "all", "2d", undefined].map(parseRangeKey)).toEqual([
      "7d",
      "30d",
      "90d",
      "1y",
      "all",
      "30d",
      "30d",
    ]);
  });

  it("ends every range today; all starts at the first day, at most 3660 days back", () => {
    expect(resolveRange("7d", "2024-03-01", null)).toEqual({ from: "2024-02-24", to: "2024-03-01" });
    expect(resolveRange("1y", "2024-03-01", null)).toEqual({ from: "2023-03-03", to: "2024-03-01" });
    expect(resolveRange("all", "2024-03-01", "2019-05-05")).toEqual({ from: "2019-05-05", to: "2024-03-01" });
    expect(resolveRange("all", "2026-03-01", "2015-05-13")).toEqual({ from: "2016-02-23", to: "2026-03-01" });
    expect(resolveRange("all", "2024-03-01", null)).toEqual({ from: "2024-03-01", to: "2024-03-01" });
  });
});

describe("formatDuration", () => {
  it.each([
    [0, "under a minute", "1分未満"],
    [59, "under a minute", "1分未満"],
    [90, "about 2 min", "約2分"],
    [3540, "about 59 min", "約59分"],
    [3600, "about 1 h 0 min", "約1時間0分"],
    [7800, "about 2 h 10 min", "約2時間10分"],
    [86_400 + 5 * 3600, "about 1 d 5 h", "約1日5時間"],
  ])("%d s", (seconds, en, ja) => {
    expect(formatDuration("en", seconds)).toBe(en);
    expect(formatDuration("ja", seconds)).toBe(ja);
  });
});

describe("the page's chart options", () => {
  it("scales every font size, nothing else, and never below 9 px", () => {
    const options = { a: { font: { size: 24, weight: "bold" } }, b: [{ font: { size: 10 } }], size: 30, font: "x" };
    expect(scaleFonts(options, 0.5)).toEqual({
      a: { font: { size: 12, weight: "bold" } },
      b: [{ font: { size: 9 } }],
      size: 30,
      font: "x",
    });
    expect(options.a.font.size).toBe(24);
  });

  it("makes a definition fill its box at once, with smaller type on a phone, and keeps its data", () => {
    const config = messagesChart(
      { from: "2024-01-01", to: "2024-01-02", days: [{ day: "2024-01-02", human: 3, bot: 1 }] },
      { locale: "en", theme: "dark" },
    );
    const fitted = fitToPage(config, 375);
    expect(fitted.data).toEqual(config.data);
    expect(fitted.options).toMatchObject({ responsive: true, maintainAspectRatio: false, animation: false });
    expect(fitted.options?.plugins?.title?.font).toMatchObject({ size: 13 });
    expect([fontScaleFor(375), fontScaleFor(600), fontScaleFor(1200)]).toEqual([0.55, 0.7, 0.8]);
  });
});

describe("buildChart", () => {
  it("knows the six kinds", () => {
    expect(
      ["members", "messages", "activeMembers", "topChannels", "channelSources", "voice", "voices", undefined].map(
        isChartKind,
      ),
    ).toEqual([true, true, true, true, true, true, false, false]);
  });

  it("feeds the voice answer's seconds and people to the voice chart definition", () => {
    const options = { locale: "en", theme: "dark", context: "G" } as const;
    const built = buildChart(
      "voice",
      {
        guild_id: "1",
        from: "2024-01-01",
        to: "2024-01-03",
        people: 3,
        days: [
          { day: "2024-01-01", human_seconds: 90.5, bot_seconds: 600, people: 2 },
          { day: "2024-01-03", human_seconds: 0, bot_seconds: 0, people: 1 },
        ],
      },
      options,
    );
    expect(built).toEqual(
      voiceChart(
        {
          from: "2024-01-01",
          to: "2024-01-03",
          days: [
            { day: "2024-01-01", humanSeconds: 90.5, botSeconds: 600, people: 2 },
            { day: "2024-01-03", humanSeconds: 0, botSeconds: 0, people: 1 },
          ],
        },
        options,
      ),
    );
    // Minutes with one decimal, people on the second axis, a zero for the day without a row.
    expect(built.data.datasets.map((d) => d.data)).toEqual([
      [1.5, 0, 0],
      [10, 0, 0],
      [2, 0, 1],
    ]);
  });

  it("feeds an API answer to the chart definition, labelling channels by id when names are hidden", () => {
    const answer = {
      guild_id: "1",
      from: "2024-01-01",
      to: "2024-01-31",
      channels: [
        { channel_id: "11", name: "general", human: 5, bot: 1 },
        { channel_id: "12", name: null, human: 2, bot: 0 },
      ],
    };
    const options = { locale: "ja", theme: "light", context: "G" } as const;
    expect(buildChart("topChannels", answer, options)).toEqual(
      topChannelsChart(
        {
          from: "2024-01-01",
          to: "2024-01-31",
          channels: [
            { channelId: "11", name: "general", human: 5, bot: 1 },
            { channelId: "12", name: "12", human: 2, bot: 0 },
          ],
        },
        { ...options, limit: 10 },
      ),
    );
    const members = buildChart(
      "members",
      {
        guild_id: "1",
        from: "2024-01-01",
        to: "2024-01-01",
        samples: [{ time: "2024-01-01T10:00:00.000Z", members: 9, online: 2 }],
      },
      options,
    );
    expect(members.data.datasets.map((d) => d.data)).toEqual([[9], [2]]);
  });
});

describe("threadSharePercent", () => {
  it("is the threads' share of the range's messages, one decimal; null without messages", () => {
    expect(threadSharePercent([{ day: "d", channel: 2, threads: 1 }])).toBe(33.3);
    expect(
      threadSharePercent([
        { day: "d", channel: 0, threads: 4 },
        { day: "e", channel: 0, threads: 1 },
      ]),
    ).toBe(100);
    expect(threadSharePercent([])).toBeNull();
  });
});

describe("planVoicePanel", () => {
  const range = { from: "2024-06-01", to: "2024-06-30" };
  it.each([
    [
      { firstDay: null, recording: false },
      { kind: "note", reason: "off" },
    ],
    [
      { firstDay: null, recording: true },
      { kind: "note", reason: "none" },
    ],
    // A clock that went back: the first record lies after the range, so nothing of it can be drawn.
    [
      { firstDay: "2024-07-01", recording: true },
      { kind: "note", reason: "none" },
    ],
    [
      { firstDay: "2024-06-28", recording: true },
      { kind: "chart", range: { from: "2024-06-28", to: "2024-06-30" }, since: "2024-06-28", recording: true },
    ],
    [
      { firstDay: "2024-06-01", recording: false },
      { kind: "chart", range, since: null, recording: false },
    ],
    [
      { firstDay: "2023-01-01", recording: true },
      { kind: "chart", range, since: null, recording: true },
    ],
    [
      { firstDay: "2024-06-30", recording: true },
      { kind: "chart", range: { from: "2024-06-30", to: "2024-06-30" }, since: "2024-06-30", recording: true },
    ],
  ])("%j", (voice, panel) => {
    expect(planVoicePanel(range, voice)).toEqual(panel);
  });
});
