import { describe, expect, it } from "vitest";
import { channelSourcesChart } from "../../src/charts/channel-sources-chart.js";

describe("channelSourcesChart", () => {
  it("stacks messages in the channel and in its threads per day, zero on days without a row", () => {
    const config = channelSourcesChart(
      { from: "2024-06-01", to: "2024-06-03", days: [{ day: "2024-06-02", channel: 40, threads: 12 }] },
      { locale: "ja", theme: "dark", context: "#🎮ゲーム実況" },
    );
    expect(config.data.labels).toEqual(["6月1日", "6月2日", "6月3日"]);
    expect(config.data.datasets.map((d) => [d.label, d.data])).toEqual([
      ["チャンネル内", [0, 40, 0]],
      ["スレッド・フォーラム投稿", [0, 12, 0]],
    ]);
    expect(config.options?.plugins?.subtitle?.text).toBe("#🎮ゲーム実況 | 2024年6月1日〜2024年6月3日");
  });

  it("speaks English otherwise", () => {
    const config = channelSourcesChart(
      { from: "2024-06-01", to: "2024-06-01", days: [] },
      { locale: "en", theme: "dark" },
    );
    expect(config.data.datasets.map((d) => d.label)).toEqual(["In the channel", "In threads and forum posts"]);
  });
});
