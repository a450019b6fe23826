// Runs in a worker thread: renders the metrics read from SQLite, so a render of 10,000 series (about 100 ms of
// prom-client work) never blocks the event loop that answers scrapes.
import { parentPort, workerData } from "node:worker_threads";
import { Registry } from "prom-client";
import { readActiveMembers } from "../store/active-members-read.js";
import { createMetricsReader } from "../store/metrics-read.js";
import { openReadStore } from "../store/connection.js";
import { registerActiveMembersMetric } from "./active-members.js";
import type { RenderRequest, RenderResponse, StoreRenderOptions } from "./store-render-protocol.js";
import { registerStoreMetrics } from "./store-metrics.js";
import { createVoiceReader } from "../store/voice-read.js";
import { registerVoiceMetrics } from "./voice-metrics.js";

const options = workerData as StoreRenderOptions;
/**
 * Present when the process was started with --expose-gc (npm start, the image). Each render leaves this isolate its
 * label strings and series objects, which otherwise pile up until V8's own next collection; collected after each
 * render, on this thread and not the one that answers scrapes, a 200-channel first count scraped every second peaked
 * at 100.2 instead of 103.1 MB (VmHWM, one run each).
 */
const collectGarbage = (globalThis as { gc?: () => void }).gc;
// A connection of its own, read-only: the exporter's writes and this reader never wait for each other in WAL mode.
const store = openReadStore(options.databasePath);
const registry = new Registry();
registerStoreMetrics(registry, createMetricsReader(store), store.generation, options);
let today = "";
let activeMembers: { key: string; rows: ReturnType<typeof readActiveMembers> } | null = null;
registerActiveMembersMetric(registry, () => {
  // The query scans 30 days of authors: once per data change or new day, not once per render.
  const key = `${store.generation()}:${today}`;
  if (activeMembers?.key !== key) activeMembers = { key, rows: readActiveMembers(store, today) };
  return activeMembers.rows;
});

if (options.voice || options.memberEvents) {
  registerVoiceMetrics(registry, createVoiceReader(store), {
    exportChannelNames: options.exportChannelNames,
    today: () => today,
    generation: () => `${store.generation()}:${today}`,
    voice: options.voice,
    memberEvents: options.memberEvents,
  });
}

parentPort?.on("message", (request: RenderRequest) => {
  today = request.today;
  registry.metrics().then(
    (text) => {
      parentPort?.postMessage({ id: request.id, text } satisfies RenderResponse);
      collectGarbage?.();
    },
    (error: unknown) =>
      parentPort?.postMessage({
        id: request.id,
        error: error instanceof Error ? error.message : String(error),
      } satisfies RenderResponse),
  );
});
