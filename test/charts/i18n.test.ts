import { describe, expect, it } from "vitest";
import { parseChartLocale, parseChartTheme } from "../../src/charts/chart-options.js";
import { chartMessages, formatMessage } from "../../src/charts/i18n.js";

function shape(value: unknown): unknown {
  return typeof value === "object" && value !== null
    ? Object.fromEntries(Object.entries(value).map(([k, v]) => [k, shape(v)]))
    : typeof value;
}

function strings(value: unknown): string[] {
  return typeof value === "string" ? [value] : Object.values(value as object).flatMap(strings);
}

describe("chart messages", () => {
  it("has the same keys in both languages, and no empty text", () => {
    expect(shape(chartMessages.ja)).toEqual(shape(chartMessages.en));
    for (const text of [...strings(chartMessages.ja), ...strings(chartMessages.en)]) expect(text.trim()).not.toBe("");
  });

  it("is Japanese in ja (every title has kana or kanji) and has no Japanese in en", () => {
    const japanese = /[\u3040-\u30ff\u4e00-\u9fff]/;
    const titles = (locale: "ja" | "en") =>
      [chartMessages[locale].members, chartMessages[locale].messages, chartMessages[locale].voice].map((m) => m.title);
    for (const title of titles("ja")) expect(title).toMatch(japanese);
    for (const text of strings(chartMessages.en)) expect(text).not.toMatch(japanese);
  });

  it("fills placeholders and leaves unknown ones visible", () => {
    expect(formatMessage(chartMessages.ja.busy, { seconds: 5 })).toBe(
      "グラフの作成が混み合っています。5秒後にもう一度お試しください。",
    );
    expect(formatMessage(chartMessages.en.busy, {})).toContain("{seconds}");
  });
});

describe("parseChartLocale / parseChartTheme", () => {
  it("picks Japanese for any Japanese tag and English for the rest", () => {
    expect(["ja", "ja-JP", "JA_jp"].map(parseChartLocale)).toEqual(["ja", "ja", "ja"]);
    expect(["en-US", "fr", "", undefined, null, "jav"].map(parseChartLocale)).toEqual([
      "en",
      "en",
      "en",
      "en",
      "en",
      "en",
    ]);
  });

  it("is dark unless light is asked for", () => {
    expect([parseChartTheme("light"), parseChartTheme("dark"), parseChartTheme(undefined)]).toEqual([
      "light",
      "dark",
      "dark",
    ]);
  });
});
