/**
 * The fake Discord REST API over real HTTP on loopback (node:http), so the exporter's real discord.js
 * REST client — its bucketing, 429 handling, retries and JSON parsing — is what the tests exercise.
 */

import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { ApiError, methodNotAllowed, notFound, unauthorized } from "./errors.js";
import { type FaultDecision, FaultInjector, type FaultOptions } from "./faults.js";
import { HANDLERS } from "./handlers.js";
import {
  bucketHash,
  bucketHeaders,
  DEFAULT_ROUTE_LIMIT,
  type RateLimitOptions,
  RateLimiter,
  tooManyBody,
  tooManyHeaders,
} from "./rate-limiter.js";
import type { RequestLogEntry } from "./request-log.js";
import { fallbackTemplate, majorParameter, matchRoute, pathSegments, type RouteMatch } from "./routes.js";
import type { World } from "./world.js";

export interface FakeDiscordOptions {
  /** The bot token the fake accepts (`Authorization: Bot <token>`). Never logged. */
  token: string;
  /** Default 0: a free port. */
  port?: number;
  /** Default 127.0.0.1; the docker compose demo listens on 0.0.0.0 so the exporter container can reach it. */
  host?: string;
  /** Rate limiting; off by default so tests run fast. `true` means the defaults (5 per 1 s per route, 50/s). */
  rateLimits?: RateLimitOptions | boolean;
  faults?: FaultOptions;
  /** Print one line per request to stderr. */
  log?: boolean;
  /**
   * Called as each request arrives, before it is answered: crash tests kill the exporter on the N-th page request,
   * which is a moment inside its work, rather than after a guessed delay.
   */
  onRequest?: (entry: RequestLogEntry) => void;
}

export interface FakeDiscordStats {
  /** Requests received (including faulted ones). */
  requests: number;
  /** 429 answers of any kind (route, global, forced). */
  rateLimited: number;
  /** 429 answers with global scope. */
  globalRateLimited: number;
  /** 401, 403 and 429 answers: what Discord counts toward its 10,000 per 10 minutes IP ban. */
  invalidRequests: number;
}

export interface FakeDiscord {
  readonly world: World;
  /** Base URL for discord.js: `new REST({ api: url })` (it appends /v10). */
  readonly url: string;
  readonly port: number;
  /** Live log, appended on arrival; `status` is filled in when answered (0 = reset or never answered). */
  readonly requests: RequestLogEntry[];
  clearRequests(): void;
  /** Replaces the fault settings (and restarts their random sequence). */
  setFaults(faults: FaultOptions): void;
  stats(): FakeDiscordStats;
  close(): Promise<void>;
}

const API_PREFIX = "/api/v10";
const ERROR_MESSAGES: Record<number, string> = {
  400: "Invalid Form Body",
  500: "500: Internal Server Error",
  502: "502: Bad Gateway",
  503: "503: Service Unavailable",
};

export async function startFakeDiscord(world: World, options: FakeDiscordOptions): Promise<FakeDiscord> {
  const expectedAuth = `Bot ${options.token}`;
  const limitOptions = options.rateLimits === true ? {} : options.rateLimits || null;
  const limiter = limitOptions === null ? null : new RateLimiter(limitOptions);
  const faults = new FaultInjector(options.faults ?? {}, world.seed);
  const requests: RequestLogEntry[] = [];
  const stats: FakeDiscordStats = { requests: 0, rateLimited: 0, globalRateLimited: 0, invalidRequests: 0 };
  const timers = new Set<NodeJS.Timeout>();
  let closed = false;

  const send = (
    res: ServerResponse,
    entry: RequestLogEntry,
    status: number,
    body: unknown,
    headers: Record<string, string> = {},
  ) => {
    if (res.destroyed || res.headersSent) return;
    const text = JSON.stringify(body);
    entry.status = status;
    if (status === 429) stats.rateLimited++;
    if (status === 429 && headers["X-RateLimit-Global"] !== undefined) stats.globalRateLimited++;
    if (status === 401 || status === 403 || (status === 429 && headers["X-RateLimit-Scope"] !== "shared")) {
      stats.invalidRequests++;
    }
    // discord.js parses a body as JSON only when Content-Type says so.
    res.writeHead(status, {
      "Content-Type": "application/json",
      "Content-Length": Buffer.byteLength(text),
      ...headers,
    });
    res.end(text);
    if (options.log) {
      const query = new URLSearchParams(entry.query).toString();
      process.stderr.write(`[fake-discord] ${entry.method} ${entry.path}${query ? `?${query}` : ""} → ${status}\n`);
    }
  };

  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(() => {
        timers.delete(timer);
        resolve();
      }, ms);
      timers.add(timer);
    });

  /** Applies an injected fault; true when it decided the outcome. */
  const applyFault = (req: IncomingMessage, res: ServerResponse, entry: RequestLogEntry, fault: FaultDecision) => {
    switch (fault.kind) {
      case "none":
        return false;
      case "hang":
        // Never answered; close() destroys the socket.
        entry.fault = "hang";
        return true;
      case "reset":
        entry.fault = "reset";
        req.socket.resetAndDestroy();
        return true;
      case "forced429": {
        entry.fault = "forced429";
        const now = Date.now();
        const resetAt = now + fault.retryAfterSeconds * 1000;
        // Remaining 0 + Reset-After: discord.js then waits in its queue (emitting `rateLimited`) and retries.
        const headers = {
          ...bucketHeaders({
            limit: DEFAULT_ROUTE_LIMIT.limit,
            remaining: 0,
            resetAt,
            now,
            hash: bucketHash(entry.method, entry.route),
          }),
          ...tooManyHeaders(fault.retryAfterSeconds, "user"),
        };
        send(res, entry, 429, tooManyBody(fault.retryAfterSeconds, false), headers);
        return true;
      }
      case "error":
        entry.fault = "error";
        send(res, entry, fault.status, {
          message: ERROR_MESSAGES[fault.status],
          code: fault.status === 400 ? 50035 : 0,
        });
        return true;
    }
  };

  const answer = (res: ServerResponse, entry: RequestLogEntry, match: RouteMatch | null, url: URL) => {
    if (match === null) throw notFound();
    if (match.route.method !== entry.method) throw methodNotAllowed();
    let headers: Record<string, string> = {};
    if (limiter !== null) {
      const result = limiter.take(entry.method, match.route.template, majorParameter(match));
      if (!result.ok) {
        send(res, entry, 429, tooManyBody(result.retryAfterSeconds, result.global), result.headers);
        return;
      }
      headers = result.headers;
    }
    try {
      const body = HANDLERS[match.route.name]({ world, params: match.params, query: url.searchParams });
      send(res, entry, 200, body, headers);
    } catch (error) {
      if (error instanceof ApiError) send(res, entry, error.status, error.body, headers);
      else throw error;
    }
  };

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    const versioned = url.pathname === API_PREFIX || url.pathname.startsWith(`${API_PREFIX}/`);
    const rawPath = versioned ? url.pathname.slice(API_PREFIX.length) : url.pathname;
    const decoded = pathSegments(rawPath);
    // Logged and matched decoded: discord.js sends "/users/%40me" for "/users/@me".
    const path = decoded === null ? rawPath : `/${decoded.join("/")}`;
    const segments = versioned ? decoded : null;
    const match = segments === null ? null : matchRoute(segments);
    const entry: RequestLogEntry = {
      method: (req.method ?? "GET").toUpperCase(),
      path,
      route: match?.route.template ?? fallbackTemplate(path),
      query: Object.fromEntries(url.searchParams),
      status: 0,
      at: Date.now(),
    };
    requests.push(entry);
    stats.requests++;
    options.onRequest?.(entry);

    const latency = faults.latencyMs(path);
    if (latency > 0) await sleep(latency);
    if (closed) return;
    if (applyFault(req, res, entry, faults.decide(path))) return;
    try {
      if (req.headers.authorization !== expectedAuth) throw unauthorized();
      answer(res, entry, match, url);
    } catch (error) {
      if (error instanceof ApiError) {
        send(res, entry, error.status, error.body);
        return;
      }
      process.stderr.write(`[fake-discord] bug answering ${entry.method} ${entry.route}: ${String(error)}\n`);
      send(res, entry, 500, { message: ERROR_MESSAGES[500], code: 0 });
    }
  };

  const server = createServer((req, res) => {
    // Drain any request body; the fake's routes are all GETs.
    req.resume();
    void handle(req, res);
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, options.host ?? "127.0.0.1", () => {
      server.off("error", reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;

  return {
    world,
    url: `http://127.0.0.1:${port}/api`,
    port,
    requests,
    clearRequests: () => {
      requests.length = 0;
    },
    setFaults: (next) => faults.set(next),
    stats: () => ({ ...stats }),
    close: async () => {
      closed = true;
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      const done = new Promise<void>((resolve) => server.close(() => resolve()));
      // Hung requests and keep-alive sockets would hold close() open forever.
      server.closeAllConnections();
      await done;
    },
  };
}
