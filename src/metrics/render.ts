import { promisify } from "node:util";
import { gzip as gzipCallback } from "node:zlib";

const gzip = promisify(gzipCallback);

export interface RenderedMetrics {
  /** The text's UTF-8 bytes, made once: a scrape sends them as they are, without a per-request copy of ~2 MB. */
  body: Uint8Array<ArrayBuffer>;
  gzip: Uint8Array<ArrayBuffer>;
  contentType: string;
}

/** A view of a Buffer's bytes as the plain Uint8Array web APIs take, without copying them. */
function bytesOf(buffer: Buffer): Uint8Array<ArrayBuffer> {
  return new Uint8Array(buffer.buffer as ArrayBuffer, buffer.byteOffset, buffer.byteLength);
}

/** counter/scheduler.ts's Timers, which metrics/ may not import: injected so that tests need no waiting. */
export interface RenderTimers {
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

/** When the renderer renders without being asked; see RENDER_AHEAD for the values and why. */
export interface RenderAheadPolicy {
  /** How often the data's generation is read while someone scrapes (the only idle cost). */
  pollMs: number;
  /** Background renders start at least this far apart... */
  minIntervalMs: number;
  /** ...and at least this many times the last render's duration apart: renders take at most 1/k of the time. */
  intervalPerRenderDuration: number;
  /** After failed renders the interval doubles with each failure in a row, up to this. */
  maxFailedIntervalMs: number;
  /** Renders ahead only while the last scrape is younger than this; then sleeps until the next scrape. */
  watchedForMs: number;
}

/**
 * A change is noticed within 250 ms. Scraped but idle, the timer costs about 1.5 ms of CPU a second, 0.15 % of a core
 * (the exporter as npm start runs it: 0.09-0.14 s over 60-120 s, against 0.00-0.01 s before it existed), most of it
 * the event loop's wake-up under npm start's interpreter-only flags; the generation read itself is ~10 µs.
 * Background renders are at least 1 s and 5 renders' time apart: a backfill commits several pages a second, and
 * rendering 10,000 series (~180 ms) after each would render all the time; this way a render is in flight at most a
 * fifth of the time (its CPU spreads over the worker, the main thread and zlib's pool: 10,000 series changing every
 * 100 ms cost 27 % of a core in all, against 30 % when each scrape waited for its render), and a scrape's body
 * trails the data by about 1 s plus one render. Watched for 10 minutes: twice
 * Prometheus's 5-minute staleness limit, so any sensible scrape interval keeps it awake, while an exporter nobody
 * scrapes renders nothing.
 */
export const RENDER_AHEAD: RenderAheadPolicy = {
  pollMs: 250,
  minIntervalMs: 1000,
  intervalPerRenderDuration: 5,
  maxFailedIntervalMs: 60_000,
  watchedForMs: 10 * 60_000,
};

export interface MetricsRendererOptions {
  /**
   * The parts of the body, in order (self-metrics rendered here, store metrics in the render worker). A part that
   * fails is served as it was last rendered, beside the others rendered anew: the failure counter among the
   * self-metrics then reaches Prometheus even while the worker is broken. With no earlier text of it, the render fails.
   */
  renderParts: readonly (() => Promise<string>)[];
  contentType: string;
  /** Changes whenever any exported value may have changed (database commits, self-metrics, the UTC day). */
  generation: () => string;
  /** Monotonic milliseconds (performance.now): only intervals are measured with it. */
  clock: () => number;
  timers: RenderTimers;
  /**
   * How old a body a scrape may be served after the data changed, while the newer one renders. Infinity
   * (production): always the newest complete body, at once. 0: a scrape after a change waits for its render, and
   * nothing renders ahead, since nothing would serve it (tests that compare exact values use this).
   */
  maxStaleMs: number;
  policy?: RenderAheadPolicy;
  /** Every failed render (or part of one), once, whoever asked for it. */
  onRenderFailed: (error: unknown) => void;
}

export interface MetricsRenderer {
  /** The body for one scrape: the cached one when current, else as maxStaleMs allows. */
  scrape(): Promise<RenderedMetrics>;
  /** Stops rendering ahead and waits for a render in flight. */
  stop(): Promise<void>;
}

/**
 * Renders the classic text format once per change and serves it from memory, gzipped too: Prometheus asks for gzip.
 * While someone scrapes, a timer notices changes (commits of other processes included: generation() reads SQLite's
 * data_version) and renders in the background, at most one render at a time and one pending, so that a scrape at
 * Prometheus's cadence finds a finished body instead of waiting for a render.
 * (OpenMetrics is not offered: prom-client's OpenMetrics rendering strips _total from counters.)
 */
export function createMetricsRenderer(options: MetricsRendererOptions): MetricsRenderer {
  const policy = options.policy ?? RENDER_AHEAD;
  const rendersAhead = options.maxStaleMs > 0;
  // complete: false when a part failed and its previous text stands in: never current, so it is tried again.
  let cached: { generation: string; complete: boolean; at: number; rendered: RenderedMetrics } | null = null;
  let lastTexts: (string | undefined)[] = [];
  let failuresInARow = 0;
  let inFlight: { generation: string; promise: Promise<RenderedMetrics> } | null = null;
  let lastScrapeAt = Number.NEGATIVE_INFINITY;
  let lastRenderStartedAt = Number.NEGATIVE_INFINITY;
  let lastRenderMs = 0;
  let timer: unknown = null;
  let stopped = false;

  const isWatched = (now: number) => now - lastScrapeAt < policy.watchedForMs;
  const isCurrent = (generation: string) => cached?.complete === true && cached.generation === generation;
  const minIntervalMs = () => {
    const interval = Math.max(policy.minIntervalMs, policy.intervalPerRenderDuration * lastRenderMs);
    // A worker that cannot start (a missing database) is not restarted every second, nor logged every second.
    return failuresInARow === 0 ? interval : Math.min(policy.maxFailedIntervalMs, interval * 2 ** failuresInARow);
  };

  function noteFailures(failures: readonly unknown[]): void {
    failuresInARow++;
    if (!stopped) for (const failure of failures) options.onRenderFailed(failure);
  }

  async function renderNow(generation: string): Promise<RenderedMetrics> {
    const startedAt = options.clock();
    lastRenderStartedAt = startedAt;
    try {
      const settled = await Promise.allSettled(options.renderParts.map(async (renderPart) => renderPart()));
      const failures = settled.flatMap((result) => (result.status === "rejected" ? [result.reason] : []));
      if (failures.length > 0) noteFailures(failures);
      else failuresInARow = 0;
      const texts = settled.map((result, i) => (result.status === "fulfilled" ? result.value : lastTexts[i]));
      if (!texts.every((text) => text !== undefined)) throw failures[0];
      lastTexts = texts;
      const body = Buffer.from(texts.join("\n"), "utf8");
      // zlib's async gzip runs on libuv's thread pool: 1.7 MB at 10,000 series would otherwise block for ~20 ms.
      const rendered = { body: bytesOf(body), gzip: bytesOf(await gzip(body)), contentType: options.contentType };
      cached = { generation, complete: failures.length === 0, at: options.clock(), rendered };
      return rendered;
    } finally {
      lastRenderMs = options.clock() - startedAt;
    }
  }

  /** One render at a time; callers asking for the same generation share it. */
  async function renderGeneration(generation: string): Promise<RenderedMetrics> {
    while (inFlight && inFlight.generation !== generation) await inFlight.promise.catch(() => undefined);
    if (cached && isCurrent(generation)) return cached.rendered;
    if (inFlight) return inFlight.promise;
    const promise = renderNow(generation).finally(() => {
      if (inFlight?.promise === promise) inFlight = null;
      renderAhead();
    });
    inFlight = { generation, promise };
    return promise;
  }

  function arm(ms: number): void {
    timer = options.timers.setTimeout(() => {
      timer = null;
      renderAhead();
    }, ms);
  }

  /** The one timer: poll the generation, or wait out the minimum interval, or render now. */
  function renderAhead(): void {
    if (timer !== null) options.timers.clearTimeout(timer);
    timer = null;
    // A render in flight calls this again when it settles.
    if (stopped || !rendersAhead || inFlight) return;
    const now = options.clock();
    if (!isWatched(now)) return;
    let generation: string;
    try {
      generation = options.generation();
    } catch (error) {
      noteFailures([error]);
      arm(minIntervalMs());
      return;
    }
    if (isCurrent(generation)) {
      // Nothing failing now (a complete body, a readable generation): the next change renders without backoff.
      failuresInARow = 0;
      arm(policy.pollMs);
      return;
    }
    const due = lastRenderStartedAt + minIntervalMs();
    if (now < due) {
      arm(due - now);
      return;
    }
    // Counted by renderNow; the previous body stays served.
    renderGeneration(generation).catch(() => undefined);
  }

  return {
    async scrape() {
      const now = options.clock();
      // A body kept fresh only while someone scrapes: the first scrape after a quiet spell must not get an old one.
      const watched = isWatched(now);
      lastScrapeAt = now;
      const generation = options.generation();
      const current = isCurrent(generation);
      if (cached && (current || (watched && now - cached.at < options.maxStaleMs))) {
        if (!watched || !current) renderAhead();
        return cached.rendered;
      }
      try {
        return await renderGeneration(generation);
      } catch (error) {
        // A failed render (say, the worker died) is no reason to fail the scrape while a previous body exists.
        if (cached) return cached.rendered;
        throw error;
      }
    },
    async stop() {
      stopped = true;
      if (timer !== null) options.timers.clearTimeout(timer);
      timer = null;
      await inFlight?.promise.catch(() => undefined);
    },
  };
}
