import { gunzipSync, gzipSync } from "node:zlib";
import type { MiddlewareHandler } from "hono";
import { afterAll, describe, expect, it } from "vitest";
import type { AppDeps } from "../../src/http/app.js";
import { createSilentLogger } from "../../src/log.js";
import { createDashboardTestApp } from "./dashboard-app.js";

const BODY = '# HELP x y\n# TYPE x gauge\nx{channel="雑談"} 1\n';
const CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";
const cleanups: (() => void)[] = [];
afterAll(() => {
  for (const cleanup of cleanups) cleanup();
});

/** The real app (dashboard and API included) with /metrics, /healthz and the logger replaced as each test needs. */
function app(
  overrides: Partial<Pick<AppDeps, "checkHealth" | "log" | "renderMetrics">> = {},
  middleware: readonly MiddlewareHandler[] = [],
) {
  const built = createDashboardTestApp({
    version: "1.2.3",
    middleware,
    overrides: {
      renderMetrics: async () => ({
        body: new Uint8Array(Buffer.from(BODY)),
        gzip: new Uint8Array(gzipSync(BODY)),
        contentType: CONTENT_TYPE,
      }),
      ...overrides,
    },
  });
  cleanups.push(built.cleanup);
  return built.app;
}

describe("http/app through app.request(), no socket", () => {
  it("serves /metrics in the classic text format, gzipped when asked", async () => {
    const plain = await app().request("/metrics");
    expect(plain.status).toBe(200);
    expect(plain.headers.get("content-type")).toBe(CONTENT_TYPE);
    expect(plain.headers.get("vary")).toBe("Accept-Encoding");
    expect(plain.headers.get("content-encoding")).toBeNull();
    expect(await plain.text()).toBe(BODY);
    const gzipped = await app().request("/metrics", { headers: { "Accept-Encoding": "gzip, deflate" } });
    expect(gzipped.headers.get("content-encoding")).toBe("gzip");
    expect(gunzipSync(Buffer.from(await gzipped.arrayBuffer())).toString()).toBe(BODY);
  });

  it("/healthz is ok while the database answers, 503 with the reason when not", async () => {
    const ok = await app().request("/healthz");
    expect([ok.status, await ok.text()]).toEqual([200, "ok\n"]);
    const sick = await app({ checkHealth: () => ({ ok: false, reason: "database is locked" }) }).request("/healthz");
    expect([sick.status, await sick.text()]).toEqual([503, "unhealthy: database is locked\n"]);
  });

  it("the status page names the version; unknown paths are 404 pointing at /metrics", async () => {
    const page = await app().request("/");
    expect(page.headers.get("content-type")).toMatch(/^text\/html/);
    expect(await page.text()).toContain("1.2.3");
    const missing = await app().request("/nope");
    expect([missing.status, await missing.text()]).toEqual([404, "not found: try /metrics\n"]);
  });

  it("a failing handler is a 500 with no detail, logged, never a crash", async () => {
    const logged: unknown[] = [];
    const log = createSilentLogger();
    log.error = ((...args: unknown[]) => void logged.push(args)) as typeof log.error;
    const broken = app({
      log,
      renderMetrics: async () => {
        throw new Error("worker died: /secret/path");
      },
    });
    const response = await broken.request("/metrics");
    expect([response.status, await response.text()]).toEqual([500, "internal error\n"]);
    expect(logged).toHaveLength(1);
  });

  it("runs the web config's middleware before every route", async () => {
    const seen: string[] = [];
    const guarded = app({}, [
      async (c, next) => {
        seen.push(c.req.path);
        if (c.req.header("authorization") !== "Basic ok") return c.text("no\n", 401);
        await next();
      },
    ]);
    expect((await guarded.request("/metrics")).status).toBe(401);
    expect((await guarded.request("/")).status).toBe(401);
    expect((await guarded.request("/metrics", { headers: { Authorization: "Basic ok" } })).status).toBe(200);
    expect(seen).toEqual(["/metrics", "/", "/metrics"]);
  });
});
