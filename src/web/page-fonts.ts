// The page's and the charts' font list, shared by the stylesheet (server) and chart.js' defaults (browser): the
// systems' own UI and Japanese fonts by name, then the Japanese font the exporter serves itself (for machines that
// have none), then the generic family. Not `system-ui`: with it first, Chromium on Linux keeps showing boxes for
// text laid out before the served font arrived (reproduced in headless Chromium 156), and the names cover the
// same fonts on Windows, macOS, iOS and Android.
export const PAGE_FONT_FAMILY =
  '-apple-system, BlinkMacSystemFont, "Segoe UI", "Hiragino Sans", "Hiragino Kaku Gothic ProN", "Yu Gothic UI", Meiryo, Roboto, "Noto Sans CJK JP", "Noto Sans JP", "Dashboard Noto Sans JP", sans-serif';
