/**
 * WEB_CONFIG_FILE in one call: what serve() needs for TLS, and the middleware for headers and basic auth.
 *
 *   const loaded = await loadWebSecurity(config.webConfigFile, {
 *     readFile: (path) => fs.promises.readFile(path, "utf8"), now: Date.now, randomBytes: crypto.randomBytes,
 *   });
 *   if (!loaded.ok) { for (const line of loaded.errors) console.error(line); return 2; }
 *   const web = loaded.value;
 *   app.use("*", ...web.middleware);                          // before any route
 *   serve({ fetch: app.fetch, hostname, port, ...web.serve }); // web.serve is {} without TLS
 */
import type https from "node:https";
import type { MiddlewareHandler } from "hono";
import { basicAuth } from "./basic-auth.js";
import { checkBcryptPassword } from "./basic-auth-hash.js";
import { createCredentialChecker } from "./basic-auth-verifier.js";
import { buildHttpsServerOptions, connectionCheck, tlsServerFactory } from "./tls-options.js";
import type { ClientAuthType, WebConfigResult } from "./web-config.js";
import { responseHeaders } from "./web-config-headers.js";
import { type LoadedWebConfig, readWebConfig } from "./web-config-load.js";

export const HEALTH_PATH = "/healthz";
const REALM = "discord-exporter";

export interface WebSecurity {
  /** Spread into @hono/node-server's serve() options: node:https with the file's TLS settings, or {} for HTTP. */
  readonly serve:
    | { createServer: typeof https.createServer; serverOptions: https.ServerOptions }
    | Record<never, never>;
  /** For `app.use("*", ...middleware)`, registered before every route; empty when the file sets neither. */
  readonly middleware: readonly MiddlewareHandler[];
  /** What the exporter's own URL starts with. */
  readonly scheme: "http" | "https";
  /** For the startup log line; names no secret. */
  readonly summary: {
    readonly file: string;
    readonly tls: boolean;
    readonly clientAuth: ClientAuthType | null;
    readonly certificateSubject: string | null;
    readonly certificateValidTo: string | null;
    readonly basicAuthUsers: number;
    readonly headers: readonly string[];
  };
}

export interface WebSecurityDeps {
  readonly readFile: (path: string) => Promise<string>;
  /** Milliseconds, for the credential cache's expiry. */
  readonly now: () => number;
  /** crypto.randomBytes: the credential cache's per-process HMAC key. */
  readonly randomBytes: (n: number) => Uint8Array;
  /** bcrypt by default; tests may count calls. */
  readonly checkPassword?: (password: string, hash: string) => Promise<boolean>;
}

/** Reads and checks the web config file and everything it names; errors are one line each, for exit code 2. */
export async function loadWebSecurity(path: string, deps: WebSecurityDeps): Promise<WebConfigResult<WebSecurity>> {
  const loaded = await readWebConfig(path, { readFile: deps.readFile });
  return loaded.ok ? { ok: true, value: buildWebSecurity(loaded.value, deps) } : loaded;
}

export function buildWebSecurity(loaded: LoadedWebConfig, deps: Omit<WebSecurityDeps, "readFile">): WebSecurity {
  const { config, tlsMaterial, certificate } = loaded;
  const middleware: MiddlewareHandler[] = [];
  if (config.headers.size > 0) middleware.push(responseHeaders(config.headers));
  if (config.basicAuthUsers.size > 0) {
    const check = createCredentialChecker({
      users: config.basicAuthUsers,
      checkPassword: deps.checkPassword ?? checkBcryptPassword,
      now: deps.now,
      cacheSecret: deps.randomBytes(32),
    });
    middleware.push(basicAuth({ check, healthPath: HEALTH_PATH, realm: REALM }));
  }

  const tls = config.tls !== null && tlsMaterial !== null ? config.tls : null;
  return {
    serve:
      tls !== null && tlsMaterial !== null
        ? {
            createServer: tlsServerFactory(connectionCheck(tls.clientAuth)),
            serverOptions: buildHttpsServerOptions(tls, tlsMaterial),
          }
        : {},
    middleware,
    scheme: tls !== null ? "https" : "http",
    summary: {
      file: config.path,
      tls: tls !== null,
      clientAuth: tls?.clientAuth ?? null,
      certificateSubject: certificate?.subject ?? null,
      certificateValidTo: certificate?.validTo.toISOString() ?? null,
      basicAuthUsers: config.basicAuthUsers.size,
      headers: [...config.headers.keys()],
    },
  };
}
