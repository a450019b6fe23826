/**
 * The fake Discord over real HTTP on loopback (node:http): the REST API under /api/v10, the gateway's
 * WebSocket upgrades on the same port, and the fake's own control endpoints under /_fake/. The exporter's
 * real discord.js code — REST bucketing, 429 handling, retries, JSON parsing, the gateway client — is what the
 * tests exercise.
 */

import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { type BodyLimits, DEFAULT_BODY_LIMITS, parseBody, readBody } from "./body.js";
import { COMMAND_HANDLERS } from "./command-handlers.js";
import { CommandRegistry, type StoredCommand } from "./commands.js";
import { answerControl, sendControl } from "./control-api.js";
import { ApiError, entityTooLarge, methodNotAllowed, notFound, unauthorized } from "./errors.js";
import { type FaultDecision, FaultInjector, type FaultOptions } from "./faults.js";
import { createGatewayServer, type FakeGateway, type GatewayOptions } from "./gateway-server.js";
import { type Handler, type HandlerContext, Reply, type Services } from "./handler-context.js";
import { WORLD_HANDLERS } from "./handlers.js";
import { INTERACTION_HANDLERS } from "./interaction-handlers.js";
import {
  type FireOptions,
  type InteractionHandle,
  type InteractionOptions,
  InteractionRegistry,
} from "./interactions.js";
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
import {
  fallbackTemplate,
  loggedPath,
  majorParameter,
  matchPath,
  matchRoute,
  pathSegments,
  type RouteMatch,
  type RouteName,
} from "./routes.js";
import type { Json } from "./serialize.js";
import type { World } from "./world.js";

export interface FakeDiscordOptions {
  /** The bot token the fake accepts (`Authorization: Bot <token>`, and in IDENTIFY/RESUME). Never logged. */
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
  /** Heartbeat interval, privileged intent switches, resume window... */
  gateway?: GatewayOptions;
  /** The 3 s acknowledgement deadline and 15 min token lifetime (on the world's clock), upload size limit. */
  interactions?: InteractionOptions;
  /** Request and file size limits (40005 beyond them); default 25 MiB per request, 10 MiB per file. */
  bodyLimits?: Partial<BodyLimits>;
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

/** `fake.interactions`: a Discord user running the bot's commands. */
export interface FakeInteractions {
  /** Fires a command (INTERACTION_CREATE to the gateway) and returns the handle to await the bot's answer. */
  fire(options: FireOptions): InteractionHandle;
  list(): InteractionHandle[];
  get(id: string): InteractionHandle | undefined;
}

export interface FakeDiscord {
  readonly world: World;
  /** Base URL for discord.js: `new REST({ api: url })` (it appends /v10). */
  readonly url: string;
  /** http://127.0.0.1:PORT, where /_fake/ control endpoints live. */
  readonly baseUrl: string;
  readonly port: number;
  /** Live log, appended on arrival; `status` is filled in when answered (0 = reset or never answered). */
  readonly requests: RequestLogEntry[];
  readonly gateway: FakeGateway;
  readonly interactions: FakeInteractions;
  /** Commands the bot registered: `commands(guildId)`, or `commands(null)` for global ones. */
  commands(guildId: string | null): StoredCommand[];
  clearRequests(): void;
  /** Replaces the fault settings (and restarts their random sequence). */
  setFaults(faults: FaultOptions): void;
  /**
   * "Reset Token" in the developer portal: the old token gets 401 on REST and 4004 on IDENTIFY/RESUME.
   * Live connections stay up until they reconnect, as on Discord.
   */
  setToken(token: string): void;
  stats(): FakeDiscordStats;
  close(): Promise<void>;
}

const API_PREFIX = "/api/v10";
const CONTROL_PREFIX = "/_fake/";
const ERROR_MESSAGES: Record<number, string> = {
  400: "Invalid Form Body",
  500: "500: Internal Server Error",
  502: "502: Bad Gateway",
  503: "503: Service Unavailable",
};
const SESSION_START_TOTAL = 1000;

const HANDLERS = { ...WORLD_HANDLERS, ...COMMAND_HANDLERS, ...INTERACTION_HANDLERS } satisfies Record<
  RouteName,
  Handler
>;

export async function startFakeDiscord(world: World, options: FakeDiscordOptions): Promise<FakeDiscord> {
  let token = options.token;
  const limitOptions = options.rateLimits === true ? {} : options.rateLimits || null;
  const limiter = limitOptions === null ? null : new RateLimiter(limitOptions);
  const faults = new FaultInjector(options.faults ?? {}, world.seed);
  const bodyLimits: BodyLimits = {
    ...DEFAULT_BODY_LIMITS,
    maxFileBytes: options.interactions?.attachmentSizeLimit ?? DEFAULT_BODY_LIMITS.maxFileBytes,
    ...options.bodyLimits,
  };
  const requests: RequestLogEntry[] = [];
  const stats: FakeDiscordStats = { requests: 0, rateLimited: 0, globalRateLimited: 0, invalidRequests: 0 };
  const timers = new Set<NodeJS.Timeout>();
  let closed = false;
  let port = 0;

  const gatewayServer = createGatewayServer(world, {
    token: () => token,
    port: () => port,
    options: options.gateway ?? {},
  });
  const commands = new CommandRegistry(world);
  const interactions = new InteractionRegistry(
    world,
    commands,
    gatewayServer.deliver,
    () => `http://127.0.0.1:${port}`,
    options.interactions,
  );
  const services: Services = {
    commands,
    interactions,
    gatewayUrl: (host) => gatewayServer.urlFor(host),
    sessionStartLimit: () => {
      const identifies = gatewayServer.gateway.events.filter(
        (e) => e.kind === "identify" && e.sessionId !== null,
      ).length;
      return {
        total: SESSION_START_TOTAL,
        remaining: Math.max(0, SESSION_START_TOTAL - identifies),
        reset_after: 86_400_000,
        max_concurrency: 1,
      };
    },
  };

  const send = (
    res: ServerResponse,
    entry: RequestLogEntry,
    status: number,
    body: Json | null,
    headers: Record<string, string> = {},
  ) => {
    if (res.destroyed || res.headersSent) return;
    entry.status = status;
    if (status === 429) stats.rateLimited++;
    if (status === 429 && headers["X-RateLimit-Global"] !== undefined) stats.globalRateLimited++;
    if (status === 401 || status === 403 || (status === 429 && headers["X-RateLimit-Scope"] !== "shared")) {
      stats.invalidRequests++;
    }
    if (body === null) {
      res.writeHead(status, headers);
      res.end();
    } else {
      const text = JSON.stringify(body);
      // discord.js parses a body as JSON only when Content-Type says so.
      res.writeHead(status, {
        "Content-Type": "application/json",
        "Content-Length": Buffer.byteLength(text),
        ...headers,
      });
      res.end(text);
    }
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
          message: ERROR_MESSAGES[fault.status] ?? "Error",
          code: fault.status === 400 ? 50035 : 0,
        });
        return true;
    }
  };

  const answer = (
    req: IncomingMessage,
    res: ServerResponse,
    entry: RequestLogEntry,
    matched: RouteMatch | "method" | null,
    url: URL,
    raw: Buffer | "tooLarge",
  ) => {
    const route = typeof matched === "object" && matched !== null ? matched.route : null;
    // Interaction and webhook routes carry their own token; everything else needs the bot's.
    if (route?.auth !== "none" && req.headers.authorization !== `Bot ${token}`) throw unauthorized();
    if (matched === null) throw notFound();
    if (matched === "method") throw methodNotAllowed();
    let headers: Record<string, string> = {};
    if (limiter !== null) {
      const result = limiter.take(
        entry.method,
        matched.route.template,
        majorParameter(matched),
        matched.route.global !== false,
      );
      if (!result.ok) {
        send(res, entry, 429, tooManyBody(result.retryAfterSeconds, result.global), result.headers);
        return;
      }
      headers = result.headers;
    }
    try {
      if (raw === "tooLarge") throw entityTooLarge();
      const ctx: HandlerContext = {
        world,
        services,
        params: matched.params,
        query: url.searchParams,
        body: parseBody(req.headers["content-type"], raw, bodyLimits),
        headers: req.headers as Record<string, string | undefined>,
      };
      const result = HANDLERS[matched.route.name](ctx);
      if (result instanceof Reply) send(res, entry, result.status, result.body, headers);
      else send(res, entry, 200, result, headers);
    } catch (error) {
      if (error instanceof ApiError) send(res, entry, error.status, error.body as unknown as Json, headers);
      else throw error;
    }
  };

  const handleControl = async (req: IncomingMessage, res: ServerResponse, url: URL, raw: Buffer | "tooLarge") => {
    let body: unknown;
    if (raw !== "tooLarge" && raw.length > 0) {
      try {
        body = JSON.parse(raw.toString("utf8"));
      } catch {
        sendControl(res, { status: 400, json: { error: "the body is not JSON" } });
        return;
      }
    }
    try {
      sendControl(
        res,
        await answerControl(
          { world, commands, interactions },
          { method: req.method ?? "GET", path: url.pathname, body },
        ),
      );
    } catch (error) {
      sendControl(res, { status: 500, json: { error: String(error) } });
    }
  };

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    const raw = await readBody(req, bodyLimits.maxBodyBytes);
    if (closed) return;
    if (url.pathname.startsWith(CONTROL_PREFIX)) return handleControl(req, res, url, raw);
    const versioned = url.pathname === API_PREFIX || url.pathname.startsWith(`${API_PREFIX}/`);
    const rawPath = versioned ? url.pathname.slice(API_PREFIX.length) : url.pathname;
    const decoded = pathSegments(rawPath);
    const method = (req.method ?? "GET").toUpperCase();
    const segments = versioned ? decoded : null;
    const matched = segments === null ? null : matchRoute(method, segments);
    const anyMatch = typeof matched === "object" && matched !== null ? matched : segments && matchPath(segments)[0];
    // Logged and matched decoded: discord.js sends "/users/%40me" for "/users/@me". Tokens never reach the log.
    const path = anyMatch ? loggedPath(anyMatch) : decoded === null ? rawPath : `/${decoded.join("/")}`;
    const entry: RequestLogEntry = {
      method,
      path,
      route: anyMatch ? anyMatch.route.template : fallbackTemplate(path),
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
      answer(req, res, entry, matched, url, raw);
    } catch (error) {
      if (error instanceof ApiError) {
        send(res, entry, error.status, error.body as unknown as Json);
        return;
      }
      process.stderr.write(`[fake-discord] bug answering ${entry.method} ${entry.route}: ${String(error)}\n`);
      send(res, entry, 500, { message: ERROR_MESSAGES[500] ?? "500", code: 0 });
    }
  };

  const server = createServer((req, res) => {
    void handle(req, res).catch((error) => {
      process.stderr.write(`[fake-discord] bug: ${String(error)}\n`);
      if (!res.headersSent) res.destroy();
    });
  });
  server.on("upgrade", (req, socket, head) => {
    if (!gatewayServer.handleUpgrade(req, socket, head)) socket.destroy();
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, options.host ?? "127.0.0.1", () => {
      server.off("error", reject);
      resolve();
    });
  });
  port = (server.address() as AddressInfo).port;

  return {
    world,
    url: `http://127.0.0.1:${port}/api`,
    baseUrl: `http://127.0.0.1:${port}`,
    port,
    requests,
    gateway: gatewayServer.gateway,
    interactions: {
      fire: (fire) => interactions.fire(fire),
      list: () => interactions.list(),
      get: (id) => interactions.get(id),
    },
    commands: (guildId) => commands.list(guildId),
    clearRequests: () => {
      requests.length = 0;
    },
    setFaults: (next) => faults.set(next),
    setToken: (next) => {
      token = next;
    },
    stats: () => ({ ...stats }),
    close: async () => {
      closed = true;
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      await gatewayServer.close();
      const done = new Promise<void>((resolve) => server.close(() => resolve()));
      // Hung requests and keep-alive sockets would hold close() open forever.
      server.closeAllConnections();
      await done;
    },
  };
}
