import { gzipSync } from "node:zlib";
import type { Registry } from "prom-client";

export interface RenderedMetrics {
  body: string;
  gzip: Buffer;
  contentType: string;
}

export interface MetricsRendererOptions {
  registry: Registry;
  /** Changes whenever any exported value may have changed (database commits, self-metrics). */
  version: () => string;
  clock: () => number;
  /**
   * A changed version is rendered again at most this often. Rendering 10,000 series takes tens of milliseconds;
   * during a backfill the data changes with every page, and Prometheus scrapes every 30 s or more anyway.
   */
  minRenderIntervalMs: number;
}

/**
 * Renders the classic text format once per change and serves it from memory, gzipped too: Prometheus asks for gzip.
 * (OpenMetrics is not offered: prom-client's OpenMetrics rendering strips _total from counters.)
 */
export function createMetricsRenderer(options: MetricsRendererOptions): () => Promise<RenderedMetrics> {
  let cached: { version: string; at: number; rendered: RenderedMetrics } | null = null;
  let inFlight: Promise<RenderedMetrics> | null = null;

  async function renderNow(version: string): Promise<RenderedMetrics> {
    const body = await options.registry.metrics();
    const rendered = { body, gzip: gzipSync(body), contentType: options.registry.contentType };
    cached = { version, at: options.clock(), rendered };
    return rendered;
  }

  return async () => {
    const version = options.version();
    if (cached && (cached.version === version || options.clock() - cached.at < options.minRenderIntervalMs)) {
      return cached.rendered;
    }
    // Concurrent scrapes share one render.
    inFlight ??= renderNow(version).finally(() => {
      inFlight = null;
    });
    return inFlight;
  };
}
