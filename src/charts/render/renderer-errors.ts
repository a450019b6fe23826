// The few ways a render can fail, as typed errors: the bot answers "try again in N s" to a full queue and a short
// apology to the rest; a metric counts each kind.

export type ChartRenderFailureKind = "queue-full" | "render-failed" | "worker-crashed" | "timeout" | "closed";

export abstract class ChartRendererError extends Error {
  abstract readonly kind: ChartRenderFailureKind;
}

/** Refused at once: every worker is busy and the queue holds `maxQueued` renders already. */
export class ChartQueueFullError extends ChartRendererError {
  override readonly name = "ChartQueueFullError";
  readonly kind = "queue-full";
  /** A guess from recent render times of when a slot frees up; at least one second. */
  readonly retryAfterSeconds: number;

  constructor(
    readonly queued: number,
    retryAfterMs: number,
  ) {
    super(`chart render queue is full (${queued} waiting)`);
    this.retryAfterSeconds = Math.max(1, Math.ceil(retryAfterMs / 1000));
  }
}

/** chart.js threw on this configuration; the worker is fine and goes on. */
export class ChartRenderFailedError extends ChartRendererError {
  override readonly name = "ChartRenderFailedError";
  readonly kind = "render-failed";
}

/** The worker died while drawing this chart; a new one takes the next render. */
export class ChartWorkerCrashedError extends ChartRendererError {
  override readonly name = "ChartWorkerCrashedError";
  readonly kind = "worker-crashed";
}

/** The render took longer than the timeout; its worker was stopped and replaced. */
export class ChartRenderTimeoutError extends ChartRendererError {
  override readonly name = "ChartRenderTimeoutError";
  readonly kind = "timeout";
}

/** The renderer was closed before this render could finish. */
export class ChartRendererClosedError extends ChartRendererError {
  override readonly name = "ChartRendererClosedError";
  readonly kind = "closed";
}
