// Runs in a worker thread: draws charts, so tens of milliseconds of chart.js and Skia per chart never block the
// event loop that answers Discord interactions and scrapes.
import { parentPort } from "node:worker_threads";
import { registerChartFonts } from "./chart-fonts.js";
import { createPngDrawer } from "./render-png.js";
import type { ChartRenderRequest, ChartRenderResponse } from "./renderer-protocol.js";

// At start, not at the first render: a missing font fails the worker at once, before anyone waits on it.
registerChartFonts();
// One canvas for every chart this worker draws: see createPngDrawer.
const drawer = createPngDrawer();

parentPort?.on("message", (request: ChartRenderRequest) => {
  let response: ChartRenderResponse;
  try {
    response = { id: request.id, png: drawer.render(request.config, request.size) };
  } catch (error) {
    response = { id: request.id, error: error instanceof Error ? error.message : String(error) };
  }
  parentPort?.postMessage(response);
});
