// Colours per theme. Discord's own palette, so a chart looks at home in a reply; the background is opaque because
// a bot cannot tell whether the reader uses the dark or the light theme.
import type { ChartTheme } from "./chart-options.js";

export interface ChartPalette {
  background: string;
  text: string;
  mutedText: string;
  grid: string;
  people: string;
  bots: string;
  online: string;
  d1: string;
  d7: string;
  d30: string;
  channel: string;
  threads: string;
  line: string;
}

export const chartPalettes: Readonly<Record<ChartTheme, ChartPalette>> = {
  dark: {
    background: "#313338",
    text: "#dbdee1",
    mutedText: "#b5bac1",
    grid: "rgba(255, 255, 255, 0.1)",
    people: "#5865f2",
    bots: "#80848e",
    online: "#23a55a",
    d1: "#5865f2",
    d7: "#23a55a",
    d30: "#f0b232",
    channel: "#5865f2",
    threads: "#eb459e",
    line: "#f0b232",
  },
  light: {
    background: "#ffffff",
    text: "#313338",
    mutedText: "#4e5058",
    grid: "rgba(0, 0, 0, 0.1)",
    people: "#5865f2",
    bots: "#949ba4",
    online: "#1a8a4a",
    d1: "#5865f2",
    d7: "#1a8a4a",
    d30: "#c27c0e",
    channel: "#5865f2",
    threads: "#d1307f",
    line: "#c27c0e",
  },
};
