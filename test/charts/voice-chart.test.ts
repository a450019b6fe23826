import { describe, expect, it } from "vitest";
import { secondsToMinutes, voiceChart } from "../../src/charts/voice-chart.js";

describe("voiceChart", () => {
  it("stacks people's and bots' minutes per day and draws voice users as a line on a second axis", () => {
    const config = voiceChart(
      {
        from: "2024-06-01",
        to: "2024-06-03",
        days: [
          { day: "2024-06-01", humanSeconds: 7200, botSeconds: 90, people: 4 },
          { day: "2024-06-03", humanSeconds: 20, botSeconds: 0, people: 1 },
        ],
      },
      { locale: "ja", theme: "dark" },
    );
    expect(config.data.labels).toEqual(["6月1日", "6月2日", "6月3日"]);
    expect(config.data.datasets.map((d) => [d.type, d.label, d.data])).toEqual([
      ["bar", "ユーザーの通話時間", [120, 0, 0.3]],
      ["bar", "Botの通話時間", [1.5, 0, 0]],
      ["line", "通話した人数", [4, 0, 1]],
    ]);
    expect(config.data.datasets[2]).toMatchObject({ yAxisID: "y1" });
    expect(config.options?.scales?.y?.title).toMatchObject({ text: "通話時間（分）" });
    expect(config.options?.scales?.y1?.title).toMatchObject({ text: "人数" });
  });

  it("rounds seconds to a tenth of a minute", () => {
    expect([secondsToMinutes(0), secondsToMinutes(3), secondsToMinutes(29), secondsToMinutes(3600)]).toEqual([
      0, 0.1, 0.5, 60,
    ]);
  });
});
