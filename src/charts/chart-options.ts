// What a caller chooses about a chart besides its data: language, colours, and what the chart is about.

export type ChartLocale = "ja" | "en";
export type ChartTheme = "dark" | "light";

export interface ChartBuildOptions {
  locale: ChartLocale;
  theme: ChartTheme;
  /** What the chart is about (a guild or channel name), shown under the title. */
  context?: string;
}

/** Japanese for any Japanese tag ("ja", "ja-JP": Discord sends "ja"), English for everything else. */
export function parseChartLocale(tag: string | null | undefined): ChartLocale {
  return tag?.toLowerCase().split(/[-_]/)[0] === "ja" ? "ja" : "en";
}

/** "dark" unless the caller knows better: a bot cannot see the user's theme, and dark is Discord's default. */
export function parseChartTheme(value: string | null | undefined): ChartTheme {
  return value === "light" ? "light" : "dark";
}
