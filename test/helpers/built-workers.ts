import { CHART_WORKER } from "../../src/charts/render/chart-renderer.js";
import type { WorkerEntries } from "../../src/exporter.js";
import { STORE_RENDER_WORKER } from "../../src/metrics/store-render-client.js";
import { workerEntry } from "../../src/package-root.js";

/**
 * dist/'s worker bundles, which the global setup built from these sources: what production runs. In-process exporters
 * use them, so that a test's worker thread does not start the TypeScript loader and compile its modules each time.
 * The source entries keep their own tests (test/charts/chart-renderer.test.ts, test/metrics/store-render-client.test.ts).
 */
export const BUILT_WORKERS: WorkerEntries = {
  storeRender: workerEntry(STORE_RENDER_WORKER, "built"),
  chart: workerEntry(CHART_WORKER, "built"),
};
