import { describe, expect, it } from "vitest";
import { rankChannels, topChannelsChart } from "../../src/charts/top-channels-chart.js";

const channels = [
  { channelId: "3", name: "🎮ゲーム実況", human: 50, bot: 5 },
  { channelId: "1", name: "雑談", human: 1200, bot: 100 },
  { channelId: "4", name: "空っぽ", human: 0, bot: 0 },
  { channelId: "2", name: "ゲーム募集", human: 300, bot: 20 },
];

describe("topChannelsChart", () => {
  it("draws horizontal stacked bars, busiest channel first, names as they are (Japanese and emoji)", () => {
    const config = topChannelsChart(
      { from: "2024-06-01", to: "2024-06-30", channels },
      { locale: "ja", theme: "dark", context: "原神 日本" },
    );
    expect(config.type).toBe("bar");
    expect(config.options?.indexAxis).toBe("y");
    expect(config.data.labels).toEqual(["雑談", "ゲーム募集", "🎮ゲーム実況"]);
    expect(config.data.datasets.map((d) => [d.label, d.data])).toEqual([
      ["ユーザー", [1200, 300, 50]],
      ["Bot", [100, 20, 5]],
    ]);
    expect(config.options?.scales?.y).toMatchObject({ stacked: true, ticks: { autoSkip: false } });
    expect(config.options?.scales?.x).toMatchObject({ stacked: true, title: { text: "メッセージ数" } });
    expect(config.options?.plugins?.title?.text).toBe("メッセージの多いチャンネル");
  });

  it("keeps the `limit` busiest, ties broken by name then id, and cuts long names without splitting an emoji", () => {
    const many = Array.from({ length: 30 }, (_, i) => ({ channelId: String(i), name: `c${i}`, human: 10, bot: 0 }));
    expect(rankChannels(many, 3).map((c) => c.name)).toEqual(["c0", "c1", "c10"]);
    const config = topChannelsChart(
      {
        from: "2024-06-01",
        to: "2024-06-30",
        channels: [{ channelId: "9", name: "👨‍👩‍👧".repeat(30), human: 11, bot: 0 }, ...many],
      },
      { locale: "en", theme: "light", limit: 99 },
    );
    expect(config.data.labels).toHaveLength(25);
    expect(config.data.labels?.[0]).toBe(`${"👨‍👩‍👧".repeat(23)}…`);
  });
});
