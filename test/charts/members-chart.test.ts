import { describe, expect, it } from "vitest";
import { MEMBERS_MAX_POINTS, membersChart } from "../../src/charts/members-chart.js";

const at = (iso: string) => Date.parse(iso);

describe("membersChart", () => {
  it("draws members and online as lines in time order, with date and time labels over a short span", () => {
    const config = membersChart(
      {
        points: [
          { at: at("2024-06-01T12:00:00Z"), members: 1002, online: null },
          { at: at("2024-06-01T06:00:00Z"), members: 1000, online: 310 },
        ],
      },
      { locale: "ja", theme: "dark", context: "原神 日本" },
    );
    expect(config.type).toBe("line");
    expect(config.data.labels).toEqual(["6月1日 06:00", "6月1日 12:00"]);
    expect(config.data.datasets.map((d) => [d.label, d.data])).toEqual([
      ["メンバー", [1000, 1002]],
      // No presence count: a gap, not a zero.
      ["オンライン", [310, null]],
    ]);
    expect(config.data.datasets[0]).toMatchObject({ borderJoinStyle: "round", spanGaps: false });
    expect(config.options?.scales?.x?.title).toMatchObject({ text: "日時 (UTC)" });
    expect(config.options?.plugins?.title?.text).toBe("メンバー数の推移");
    expect(config.options?.plugins?.subtitle?.text).toBe("原神 日本 | 2024年6月1日 06:00〜2024年6月1日 12:00");
  });

  it("leaves out the online line when Discord reported no presence count at all", () => {
    const config = membersChart(
      { points: [{ at: at("2024-06-01T00:00:00Z"), members: 10, online: null }] },
      { locale: "en", theme: "dark" },
    );
    expect(config.data.datasets.map((d) => d.label)).toEqual(["Members"]);
  });

  it("labels by date alone over a long span", () => {
    const config = membersChart(
      {
        points: [
          { at: at("2024-04-01T00:00:00Z"), members: 1, online: 1 },
          { at: at("2024-06-01T00:00:00Z"), members: 2, online: 1 },
        ],
      },
      { locale: "en", theme: "light" },
    );
    expect(config.data.labels).toEqual(["Apr 1", "Jun 1"]);
    expect(config.options?.plugins?.title?.text).toBe("Members over time");
  });

  it("downsamples 90 days of 5-minute polls to at most 1,000 points and keeps the day the server filled up", () => {
    const start = at("2024-04-01T00:00:00Z");
    const points = Array.from({ length: 90 * 288 }, (_, i) => ({
      at: start + i * 300_000,
      members: 5000 + (i === 14_000 ? 800 : 0),
      online: i === 20_000 ? 2500 : 400,
    }));
    const config = membersChart({ points }, { locale: "ja", theme: "dark" });
    const [members, online] = config.data.datasets;
    expect(config.data.labels?.length).toBeLessThanOrEqual(MEMBERS_MAX_POINTS);
    expect(members?.data.length).toBe(config.data.labels?.length);
    expect(Math.max(...(members!.data as number[]))).toBe(5800);
    expect(Math.max(...(online!.data as number[]))).toBe(2500);
  });

  it("draws an empty chart for no samples", () => {
    const config = membersChart({ points: [] }, { locale: "en", theme: "dark" });
    expect(config.data.labels).toEqual([]);
    expect(config.options?.plugins?.subtitle).toMatchObject({ display: false });
  });
});
