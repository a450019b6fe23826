import { Hono, type MiddlewareHandler } from "hono";
import type { RenderedMetrics } from "../metrics/render.js";
import type { Logger } from "../log.js";
import { type ApiDeps, createApiRoutes } from "./api/index.js";
import { createDashboardRoutes, type DashboardDeps } from "./dashboard/routes.js";

export interface AppDeps {
  renderMetrics: () => Promise<RenderedMetrics>;
  /** The read-only JSON history API at /api/v1 (http/api/). */
  api: ApiDeps;
  /** The dashboard at / and /channels/{id}, with its files under /assets/ (http/dashboard/). */
  dashboard: DashboardDeps;
  /** Healthy while the database answers; Discord being down does not make the exporter unhealthy. */
  checkHealth: () => { ok: true } | { ok: false; reason: string };
  log: Logger;
  /** WEB_CONFIG_FILE's basic auth and headers (http/web-security.ts): run before every route. */
  middleware?: readonly MiddlewareHandler[];
}

export function createApp(deps: AppDeps): Hono {
  const app = new Hono();
  for (const handler of deps.middleware ?? []) app.use("*", handler);

  app.get("/metrics", async (c) => {
    const metrics = await deps.renderMetrics();
    const acceptsGzip = /\bgzip\b/.test(c.req.header("accept-encoding") ?? "");
    c.header("Content-Type", metrics.contentType);
    c.header("Vary", "Accept-Encoding");
    // The cached bytes themselves (a Buffer is a Uint8Array): no copy per scrape, plain or gzipped.
    if (acceptsGzip) {
      c.header("Content-Encoding", "gzip");
      c.header("Content-Length", String(metrics.gzip.length));
      return c.body(metrics.gzip);
    }
    c.header("Content-Length", String(metrics.body.length));
    return c.body(metrics.body);
  });

  app.get("/healthz", (c) => {
    const health = deps.checkHealth();
    return health.ok ? c.text("ok\n") : c.text(`unhealthy: ${health.reason}\n`, 503);
  });

  app.route("/api/v1", createApiRoutes(deps.api, deps.log));
  app.route("/", createDashboardRoutes(deps.dashboard));

  app.notFound((c) => c.text("not found: try /metrics\n", 404));
  app.onError((error, c) => {
    deps.log.error({ err: error, path: c.req.path }, "request failed");
    return c.text("internal error\n", 500);
  });
  return app;
}
