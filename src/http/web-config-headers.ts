/**
 * Hono middleware: the response headers of http_server_config.headers on every response, 401s included, as
 * the toolkit sets them before it checks credentials.
 */
import type { MiddlewareHandler } from "hono";

export function responseHeaders(headers: ReadonlyMap<string, string>): MiddlewareHandler {
  return async (c, next) => {
    await next();
    for (const [name, value] of headers) c.header(name, value);
  };
}
