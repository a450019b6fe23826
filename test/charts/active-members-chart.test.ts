import { describe, expect, it } from "vitest";
import { activeMembersChart } from "../../src/charts/active-members-chart.js";

describe("activeMembersChart", () => {
  it("draws the 1, 7 and 30-day lines, with a gap (not a zero) for a day without a row", () => {
    const config = activeMembersChart(
      {
        from: "2024-06-01",
        to: "2024-06-03",
        days: [
          { day: "2024-06-01", d1: 10, d7: 40, d30: 90 },
          { day: "2024-06-03", d1: 12, d7: 41, d30: 92 },
        ],
      },
      { locale: "ja", theme: "dark" },
    );
    expect(config.type).toBe("line");
    expect(config.data.labels).toEqual(["6月1日", "6月2日", "6月3日"]);
    expect(config.data.datasets.map((d) => [d.label, d.data])).toEqual([
      ["過去1日", [10, null, 12]],
      ["過去7日", [40, null, 41]],
      ["過去30日", [90, null, 92]],
    ]);
    expect(config.options?.plugins?.title?.text).toBe("アクティブメンバー数（発言した人数）");
  });

  it("speaks English otherwise", () => {
    const config = activeMembersChart(
      { from: "2024-06-01", to: "2024-06-01", days: [] },
      { locale: "en", theme: "dark" },
    );
    expect(config.data.datasets.map((d) => d.label)).toEqual(["Last day", "Last 7 days", "Last 30 days"]);
    expect(config.options?.scales?.y?.title).toMatchObject({ text: "People" });
  });
});
