// Renders charts in worker threads, off the event loop, with a bounded queue: under a burst of /stats commands the
// bot refuses at once ("try again in N s") instead of piling up renders and memory. A worker that dies or hangs
// is replaced; every failure is reported to the caller's callback (a metric counts them).
import { Worker } from "node:worker_threads";
import { type WorkerPaths, workerEntry } from "../../package-root.js";
import type { ChartConfig } from "../chart-config.js";
import { DEFAULT_PNG_SIZE, type PngSize } from "./png-size.js";
import {
  ChartQueueFullError,
  ChartRendererClosedError,
  type ChartRendererError,
  type ChartRenderFailureKind,
  ChartRenderFailedError,
  ChartRenderTimeoutError,
  ChartWorkerCrashedError,
} from "./renderer-errors.js";
import type { ChartRenderRequest, ChartRenderResponse } from "./renderer-protocol.js";

export interface ChartRenderFailure {
  kind: Exclude<ChartRenderFailureKind, "closed">;
  error: ChartRendererError;
}

export interface ChartRendererOptions {
  /** Renders that may wait while every worker is busy; the next one is refused with ChartQueueFullError. */
  maxQueued: number;
  /** Worker threads, each drawing one chart at a time; 1 unless told (a chart takes one core for ~100 ms). */
  workers?: number;
  /** A render taking longer stops its worker (ChartRenderTimeoutError); 30 s unless told. */
  timeoutMs?: number;
  /** Called for every failed render except those cut short by close(). */
  onFailure?: (failure: ChartRenderFailure) => void;
  /** The worker script; tests pass a stand-in that speaks the same protocol. */
  workerUrl?: URL;
  /**
   * A worker with nothing to draw for this long is stopped, and the next chart starts a new one: charts are asked
   * for a few times a day. Stopping gives back only part of what a worker costs (its V8 isolate: about 10 of its
   * 60-75 MiB; Skia, the fonts' pages and freed native memory stay with the process: docs/memory.md). Workers then
   * start on demand (the first chart after a pause waits for the cold start). Unset: started now, kept for good.
   */
  idleStopMs?: number;
}

export interface ChartRendererStatus {
  drawing: number;
  queued: number;
}

export interface ChartRenderer {
  /** The chart as a PNG; rejects with a ChartRendererError subclass. */
  render(config: ChartConfig, size?: PngSize): Promise<Buffer>;
  status(): ChartRendererStatus;
  /** Refuses queued and running renders (ChartRendererClosedError) and stops the workers. */
  close(): Promise<void>;
}

export const CHART_WORKER: WorkerPaths = {
  source: "src/charts/render/chart-worker-entry.mjs",
  built: "dist/charts/render/chart-worker.js",
};

const DEFAULT_TIMEOUT_MS = 30_000;
/** Until a render has been timed: a cold worker's first chart, rounded up. */
const INITIAL_RENDER_ESTIMATE_MS = 1000;

interface Job {
  id: number;
  config: ChartConfig;
  size: PngSize;
  resolve: (png: Buffer) => void;
  reject: (error: ChartRendererError) => void;
}

interface Slot {
  worker: Worker | null;
  job: Job | null;
  startedAt: number;
  timer: ReturnType<typeof setTimeout> | null;
  idleTimer: ReturnType<typeof setTimeout> | null;
}

export function createChartRenderer(options: ChartRendererOptions): ChartRenderer {
  const workers = options.workers ?? 1;
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const workerUrl = options.workerUrl ?? workerEntry(CHART_WORKER);
  if (!Number.isInteger(options.maxQueued) || options.maxQueued < 0) {
    throw new RangeError(`maxQueued must be a whole number, got ${options.maxQueued}`);
  }
  if (!Number.isInteger(workers) || workers < 1) throw new RangeError(`workers must be at least 1, got ${workers}`);

  const slots: Slot[] = Array.from({ length: workers }, () => ({
    worker: null,
    job: null,
    startedAt: 0,
    timer: null,
    idleTimer: null,
  }));
  const queue: Job[] = [];
  let nextId = 0;
  let closed = false;
  let averageMs = INITIAL_RENDER_ESTIMATE_MS;

  function startWorker(slot: Slot): Worker {
    const worker = new Worker(workerUrl);
    worker.on("message", (response: ChartRenderResponse) => {
      if (slot.worker === worker) finish(slot, response);
    });
    // An uncaught error is followed by an exit: whichever comes first retires the worker, the other finds it gone.
    worker.on("error", (error) =>
      retire(slot, worker, new ChartWorkerCrashedError(`chart worker failed: ${error.message}`)),
    );
    worker.on("exit", (code) =>
      retire(slot, worker, new ChartWorkerCrashedError(`chart worker exited (code ${code})`)),
    );
    slot.worker = worker;
    return worker;
  }

  /** The slot's worker is gone (crashed, hung, or stopped): its render fails, and the next one starts a new worker. */
  function retire(slot: Slot, worker: Worker, error: ChartRendererError): void {
    if (slot.worker !== worker) return;
    slot.worker = null;
    const job = takeJob(slot);
    if (job) fail(job, error);
    // Restarted only when there is work: a worker that cannot start (a font missing from the image) fails the
    // renders that wait for it, one by one, instead of respawning in a tight loop.
    pump();
  }

  function takeJob(slot: Slot): Job | null {
    const job = slot.job;
    slot.job = null;
    if (slot.timer) clearTimeout(slot.timer);
    slot.timer = null;
    return job;
  }

  function dispatch(slot: Slot, job: Job): void {
    cancelIdleStop(slot);
    const worker = slot.worker ?? startWorker(slot);
    slot.job = job;
    slot.startedAt = performance.now();
    slot.timer = setTimeout(() => {
      void worker.terminate();
      retire(slot, worker, new ChartRenderTimeoutError(`chart render took longer than ${timeoutMs} ms`));
    }, timeoutMs);
    try {
      worker.postMessage({ id: job.id, config: job.config, size: job.size } satisfies ChartRenderRequest);
    } catch (error) {
      // A configuration that cannot be copied to the worker (a callback in it): this render fails, the worker is fine.
      takeJob(slot);
      fail(job, new ChartRenderFailedError(`chart configuration cannot be sent to the worker: ${String(error)}`));
      pump();
    }
  }

  function finish(slot: Slot, response: ChartRenderResponse): void {
    if (slot.job?.id !== response.id) return;
    averageMs = 0.8 * averageMs + 0.2 * (performance.now() - slot.startedAt);
    const job = takeJob(slot)!;
    if ("error" in response) fail(job, new ChartRenderFailedError(response.error));
    else job.resolve(Buffer.from(response.png.buffer, response.png.byteOffset, response.png.byteLength));
    pump();
  }

  function fail(job: Job, error: ChartRendererError): void {
    if (error.kind !== "closed") options.onFailure?.({ kind: error.kind, error });
    job.reject(error);
  }

  function pump(): void {
    while (!closed && queue.length > 0) {
      const slot = slots.find((s) => s.job === null);
      if (!slot) break;
      dispatch(slot, queue.shift()!);
    }
    for (const slot of slots) if (slot.job === null) armIdleStop(slot);
  }

  function armIdleStop(slot: Slot): void {
    const idleStopMs = options.idleStopMs;
    if (idleStopMs === undefined || closed || slot.worker === null || slot.idleTimer !== null) return;
    slot.idleTimer = setTimeout(() => {
      slot.idleTimer = null;
      const worker = slot.worker;
      if (worker === null || slot.job !== null) return;
      // Cleared first, so its exit is not taken for a crash.
      slot.worker = null;
      void worker.terminate();
    }, idleStopMs);
    slot.idleTimer.unref?.();
  }

  function cancelIdleStop(slot: Slot): void {
    if (slot.idleTimer !== null) clearTimeout(slot.idleTimer);
    slot.idleTimer = null;
  }

  function drawing(): number {
    return slots.filter((s) => s.job !== null).length;
  }

  // Without an idle stop, started now, not at the first command: the fonts and chart.js load before anyone waits.
  if (options.idleStopMs === undefined) for (const slot of slots) startWorker(slot);

  return {
    render(config, size = DEFAULT_PNG_SIZE) {
      return new Promise<Buffer>((resolve, reject) => {
        const job: Job = { id: nextId++, config, size, resolve, reject };
        if (closed) return reject(new ChartRendererClosedError("chart renderer is closed"));
        const idle = queue.length === 0 ? slots.find((s) => s.job === null) : undefined;
        if (idle) return dispatch(idle, job);
        if (queue.length >= options.maxQueued) {
          const waitMs = ((queue.length + drawing()) * averageMs) / workers;
          return fail(job, new ChartQueueFullError(queue.length, waitMs));
        }
        queue.push(job);
      });
    },
    status() {
      return { drawing: drawing(), queued: queue.length };
    },
    async close() {
      closed = true;
      const stopping: Promise<number>[] = [];
      for (const job of queue.splice(0)) fail(job, new ChartRendererClosedError("chart renderer closed"));
      for (const slot of slots) {
        cancelIdleStop(slot);
        const worker = slot.worker;
        slot.worker = null;
        const job = takeJob(slot);
        if (job) fail(job, new ChartRendererClosedError("chart renderer closed while drawing"));
        if (worker) stopping.push(worker.terminate());
      }
      await Promise.all(stopping);
    },
  };
}
