import { describe, expect, it } from "vitest";
import { messagesChart } from "../../src/charts/messages-chart.js";

const rows = [
  { day: "2024-06-01", human: 120, bot: 8 },
  // 06-02 has no messages at all: it has no row, and must still be a (zero) bar.
  { day: "2024-06-03", human: 95, bot: 0 },
];

describe("messagesChart", () => {
  it("draws one stacked bar pair per day of the range, zero on days without a row", () => {
    const config = messagesChart({ from: "2024-06-01", to: "2024-06-04", days: rows }, { locale: "ja", theme: "dark" });
    expect(config.type).toBe("bar");
    expect(config.data.labels).toEqual(["6月1日", "6月2日", "6月3日", "6月4日"]);
    expect(config.data.datasets.map((d) => [d.label, d.data, d.stack])).toEqual([
      ["ユーザー", [120, 0, 95, 0], "stack"],
      ["Bot", [8, 0, 0, 0], "stack"],
    ]);
    expect(config.options?.scales?.x).toMatchObject({ stacked: true, title: { text: "日付 (UTC)" } });
    expect(config.options?.scales?.y).toMatchObject({
      stacked: true,
      beginAtZero: true,
      title: { text: "メッセージ数" },
    });
    expect(config.options?.scales?.y1).toBeUndefined();
  });

  it("adds the people who posted as a line on a second axis when given", () => {
    const config = messagesChart(
      { from: "2024-06-01", to: "2024-06-03", days: rows, active: [{ day: "2024-06-01", active: 31 }] },
      { locale: "en", theme: "light" },
    );
    const line = config.data.datasets[2];
    expect(line).toMatchObject({ type: "line", label: "People who posted", data: [31, 0, 0], yAxisID: "y1" });
    expect(config.options?.scales?.y1).toMatchObject({ position: "right", title: { text: "People" } });
  });

  it("writes titles in the chart's language, with the context and the UTC range under the title", () => {
    const ja = messagesChart(
      { from: "2024-06-01", to: "2024-06-30", days: [] },
      { locale: "ja", theme: "dark", context: "原神 日本" },
    );
    expect(ja.options?.plugins?.title?.text).toBe("1日あたりのメッセージ数");
    expect(ja.options?.plugins?.subtitle?.text).toBe("原神 日本 | 2024年6月1日〜2024年6月30日");
    expect(ja.options?.locale).toBe("ja");
    const en = messagesChart({ from: "2024-06-01", to: "2024-06-30", days: [] }, { locale: "en", theme: "dark" });
    expect(en.options?.plugins?.title?.text).toBe("Messages per day");
    expect(en.options?.plugins?.subtitle?.text).toBe("Jun 1, 2024 – Jun 30, 2024");
    expect(en.options?.scales?.x?.title).toMatchObject({ text: "Day (UTC)" });
    expect(en.options?.locale).toBe("en");
  });
});
