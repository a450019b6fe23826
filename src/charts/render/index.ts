// Server-side rendering of the chart definitions (Node only: @napi-rs/canvas, worker threads). The bot uses the pool;
// renderChartPng draws on the calling thread, for scripts and tests.
export {
  type ChartRenderer,
  type ChartRendererOptions,
  type ChartRendererStatus,
  type ChartRenderFailure,
  createChartRenderer,
} from "./chart-renderer.js";
export {
  ChartQueueFullError,
  ChartRendererClosedError,
  ChartRendererError,
  type ChartRenderFailureKind,
  ChartRenderFailedError,
  ChartRenderTimeoutError,
  ChartWorkerCrashedError,
} from "./renderer-errors.js";
export { renderChartPng } from "./render-png.js";
export { DEFAULT_PNG_SIZE, type PngSize } from "./png-size.js";
export { CHART_FONT_FAMILY } from "./chart-fonts.js";
