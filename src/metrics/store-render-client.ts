import { Worker } from "node:worker_threads";
import type { Logger } from "../log.js";
import { type WorkerPaths, workerEntry } from "../package-root.js";
import type { RenderRequest, RenderResponse, StoreRenderOptions } from "./store-render-protocol.js";

export interface StoreRenderClient {
  /** The store metrics as text, rendered in the worker. */
  render(today: string): Promise<string>;
  close(): Promise<void>;
}

export const STORE_RENDER_WORKER: WorkerPaths = {
  source: "src/metrics/store-render-worker-entry.mjs",
  built: "dist/metrics/store-render-worker.js",
};

/** Talks to the render worker; starts a new one if it died. */
export function createStoreRenderClient(
  options: StoreRenderOptions,
  log: Logger,
  entry: URL = workerEntry(STORE_RENDER_WORKER),
): StoreRenderClient {
  let worker: Worker | null = null;
  let nextId = 0;
  const pending = new Map<number, { resolve: (text: string) => void; reject: (error: Error) => void }>();

  function failAll(error: Error): void {
    for (const request of pending.values()) request.reject(error);
    pending.clear();
  }

  function ensureWorker(): Worker {
    if (worker) return worker;
    const started = new Worker(entry, { workerData: options });
    started.on("message", (response: RenderResponse) => {
      const request = pending.get(response.id);
      if (!request) return;
      pending.delete(response.id);
      if ("error" in response) request.reject(new Error(response.error));
      else request.resolve(response.text);
    });
    started.on("error", (error) => {
      log.error({ err: error }, "metrics render worker failed; starting a new one at the next scrape");
      failAll(error);
      worker = null;
    });
    started.on("exit", () => {
      if (worker === started) worker = null;
      failAll(new Error("metrics render worker exited"));
    });
    worker = started;
    return started;
  }

  return {
    render(today) {
      const id = nextId++;
      return new Promise<string>((resolve, reject) => {
        pending.set(id, { resolve, reject });
        ensureWorker().postMessage({ id, today } satisfies RenderRequest);
      });
    },
    async close() {
      const current = worker;
      worker = null;
      if (current) await current.terminate();
    },
  };
}
