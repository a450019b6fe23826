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

export interface StoreRenderClientEdges {
  log: Logger;
  /**
   * The worker failed (an error, or an exit nobody asked for) while no render was waiting on it. A failure during a
   * render rejects that render instead, and whoever asked for it counts it: each failure is counted once.
   */
  onIdleWorkerFailed: (error: Error) => void;
  /** package-root's choice unless given: tests pass dist/'s, or a scripted worker. */
  entry?: URL;
}

/** Talks to the render worker; starts a new one at the next render if it died. */
export function createStoreRenderClient(options: StoreRenderOptions, edges: StoreRenderClientEdges): StoreRenderClient {
  const entry = edges.entry ?? workerEntry(STORE_RENDER_WORKER);
  let worker: Worker | null = null;
  let nextId = 0;
  // Workers close() terminates: their exit is no failure.
  const closing = new WeakSet<Worker>();
  const pending = new Map<number, { resolve: (text: string) => void; reject: (error: Error) => void }>();

  function failAll(error: Error): void {
    for (const request of pending.values()) request.reject(error);
    pending.clear();
  }

  function ensureWorker(): Worker {
    if (worker) return worker;
    const started = new Worker(entry, { workerData: options });
    // Set once the worker failed, so that the exit following its error is not a second failure.
    let ended = false;
    const failed = (error: Error) => {
      ended = true;
      if (worker === started) worker = null;
      edges.log.error({ err: error }, "metrics render worker failed; starting a new one at the next render");
      if (pending.size === 0) edges.onIdleWorkerFailed(error);
      else failAll(error);
    };
    started.on("message", (response: RenderResponse) => {
      const request = pending.get(response.id);
      if (!request) return;
      pending.delete(response.id);
      if ("error" in response) request.reject(new Error(response.error));
      else request.resolve(response.text);
    });
    started.on("error", failed);
    started.on("exit", (code) => {
      if (ended || closing.has(started)) failAll(new Error("metrics render worker exited"));
      else failed(new Error(`metrics render worker exited with code ${code}`));
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
      if (current) {
        closing.add(current);
        await current.terminate();
      }
    },
  };
}
