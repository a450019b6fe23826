/**
 * Hono middleware: the response headers of http_server_config.headers on every response, 401s included, as
 * the toolkit sets them before it checks credentials.
 */
import type { MiddlewareHandler } from "hono";

export function responseHeaders(headers: ReadonlyMap<string, string>): MiddlewareHandler {
  return async (c, next) => {
    await next();
    // Set on the finished response's own headers, as Hono's secureHeaders does: c.header() after next() makes Hono
    // rebuild the response around its body as a stream, and the cached 2 MB /metrics body was then copied through
    // it on every scrape (test/http/metrics-zero-copy.test.ts). Set after next(), not before, so that responses a
    // later middleware replaces (basic auth's reduced /healthz) carry them too.
    for (const [name, value] of headers) c.res.headers.set(name, value);
  };
}
