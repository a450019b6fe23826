/**
 * Hono middleware: HTTP basic authentication on every route, as exporter-toolkit does it (401 with
 * WWW-Authenticate: Basic), except that the health check stays reachable for container health checks.
 * Without valid credentials the health route answers with its status code and "ok" or "unhealthy" only: its
 * usual body names the failing database, which is nobody else's business.
 */
import type { MiddlewareHandler } from "hono";
import type { CredentialChecker } from "./basic-auth-verifier.js";

export interface BasicAuthOptions {
  readonly check: CredentialChecker;
  /** Answered (GET and HEAD) without credentials, reduced to its status: "/healthz". */
  readonly healthPath: string;
  /** Shown by browsers in the login prompt. */
  readonly realm: string;
}

export interface Credentials {
  readonly user: string;
  readonly password: string;
}

export function basicAuth(options: BasicAuthOptions): MiddlewareHandler {
  // charset: browsers then send the password as UTF-8, the encoding its hash was made from (RFC 7617 §2.1).
  const challenge = `Basic realm=${JSON.stringify(options.realm)}, charset="UTF-8"`;
  return async (c, next) => {
    const credentials = parseBasicAuthorization(c.req.header("authorization"));
    if (credentials !== null && (await options.check(credentials.user, credentials.password))) {
      await next();
      return;
    }
    // c.req.path is what Hono's router matches on, so no spelling of another route gets through here.
    if (c.req.path === options.healthPath && (c.req.method === "GET" || c.req.method === "HEAD")) {
      await next();
      const status = c.res.status;
      // Cleared first: assigning over a response copies its headers into the new one.
      c.res = undefined;
      c.res = new Response(status < 300 ? "ok\n" : "unhealthy\n", {
        status: status < 300 ? 200 : 503,
        headers: { "Content-Type": "text/plain; charset=UTF-8", "Cache-Control": "no-store" },
      });
      return;
    }
    return c.text("unauthorized\n", 401, { "WWW-Authenticate": challenge });
  };
}

/**
 * `Authorization: Basic base64(user:password)` → the credentials, or null when the header is missing, another
 * scheme, not base64, not UTF-8, or has no colon. The password may contain colons; the user name cannot. Pure.
 */
export function parseBasicAuthorization(header: string | undefined): Credentials | null {
  const match = /^basic +([A-Za-z0-9+/]+={0,2}) *$/i.exec(header ?? "");
  const encoded = match?.[1];
  if (encoded === undefined || encoded.length % 4 !== 0) return null;
  let decoded: string;
  try {
    decoded = new TextDecoder("utf-8", { fatal: true }).decode(Buffer.from(encoded, "base64"));
  } catch {
    return null;
  }
  const colon = decoded.indexOf(":");
  if (colon < 0) return null;
  return { user: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}
