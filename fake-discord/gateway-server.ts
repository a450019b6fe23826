/**
 * The fake gateway: WebSocket upgrades on the REST server's port (`/gateway`, and `/gateway/resume` as the
 * READY's resume_gateway_url), the session protocol (IDENTIFY → READY → GUILD_CREATE..., RESUME → replay →
 * RESUMED, RECONNECT, INVALID_SESSION), routing of the world's dispatches to sessions by intent and shard,
 * and the control API tests use (`fake.gateway`).
 */

import { randomBytes } from "node:crypto";
import type { IncomingMessage } from "node:http";
import type { Duplex } from "node:stream";
import { WebSocketServer } from "ws";
import { GatewayConnection } from "./gateway-connection.js";
import { type Dispatch, dispatchesFor } from "./gateway-dispatch.js";
import { type ChannelPolicy, guildCreateJson, readyJson } from "./gateway-payloads.js";
import {
  applicationFlags,
  type CloseReason,
  checkConnectQuery,
  checkIdentify,
  checkResume,
  enabledPrivilegedMask,
  Close,
  Intent,
  type InboundPayload,
  Op,
  parseConnectQuery,
  type PrivilegedIntentSwitches,
  shardOf,
} from "./gateway-protocol.js";
import { GatewaySession, type SessionInfo } from "./gateway-session.js";
import type { Json } from "./serialize.js";
import type { World } from "./world.js";

export interface GatewayOptions {
  /** HELLO's heartbeat_interval; Discord sends 41250. Tests use a few hundred ms. */
  heartbeatIntervalMs?: number;
  /** The server closes a connection (4009, resumable) after this long without a heartbeat. */
  heartbeatTimeoutMs?: number;
  /** The developer portal's privileged intent switches; all off by default (IDENTIFY with one → 4014). */
  privilegedIntents?: PrivilegedIntentSwitches;
  /** How long a session without a connection may still be resumed; default 3 minutes. */
  resumeWindowMs?: number;
  /** Dispatches kept per session for RESUME; default 10,000. */
  replayLimit?: number;
  /** Hidden channels travel obfuscated (Discord from 2026-10-12, the default) or in full (before). */
  obfuscateHiddenChannels?: boolean;
}

export type GatewayEvent =
  | { readonly kind: "connect"; readonly connectionId: number; readonly path: string; readonly query: string }
  | {
      readonly kind: "identify";
      readonly connectionId: number;
      readonly intents: number | null;
      readonly shard: unknown;
      readonly compress: boolean;
      /** The session created, or null when the IDENTIFY was refused (`close` says how). */
      readonly sessionId: string | null;
      readonly close: CloseReason | null;
    }
  | { readonly kind: "ready"; readonly connectionId: number; readonly sessionId: string; readonly guilds: number }
  | {
      readonly kind: "resume";
      readonly connectionId: number;
      readonly sessionId: string;
      readonly seq: number;
      /** Replayed dispatches on success; null when refused (INVALID_SESSION or a close). */
      readonly replayed: number | null;
    }
  | { readonly kind: "invalidSession"; readonly connectionId: number; readonly resumable: boolean }
  | { readonly kind: "reconnectRequested"; readonly connectionId: number }
  | {
      readonly kind: "close";
      readonly connectionId: number;
      readonly code: number;
      readonly reason: string;
      readonly by: "client" | "server";
      readonly sessionId: string | null;
    };

export type GatewayEventKind = GatewayEvent["kind"];

export interface WaitOptions<K extends GatewayEventKind> {
  /** Only events at or after this index of `events` (from `mark()`); default 0, i.e. also past ones. */
  since?: number;
  timeoutMs?: number;
  where?: (event: Extract<GatewayEvent, { kind: K }>) => boolean;
}

export interface ConnectionInfo {
  readonly connectionId: number;
  readonly path: string;
  readonly sessionId: string | null;
  readonly heartbeats: number;
  readonly compression: "zlib-stream" | "payload" | "none";
}

/** `fake.gateway`: what a test sees of and does to the gateway. */
export interface FakeGateway {
  /** The URL GET /gateway/bot hands out (as reached on 127.0.0.1). */
  readonly url: string;
  /** Everything that happened, in order (connections, identifies, readies, resumes, closes). */
  readonly events: readonly GatewayEvent[];
  /** The current length of `events`: pass it as `since` to wait for what comes next. */
  mark(): number;
  waitFor<K extends GatewayEventKind>(kind: K, options?: WaitOptions<K>): Promise<Extract<GatewayEvent, { kind: K }>>;
  waitForIdentify(options?: WaitOptions<"identify">): Promise<Extract<GatewayEvent, { kind: "identify" }>>;
  waitForReady(options?: WaitOptions<"ready">): Promise<Extract<GatewayEvent, { kind: "ready" }>>;
  waitForResume(options?: WaitOptions<"resume">): Promise<Extract<GatewayEvent, { kind: "resume" }>>;
  waitForClose(options?: WaitOptions<"close">): Promise<Extract<GatewayEvent, { kind: "close" }>>;
  /** Live sessions (identified, not invalidated), with their IDENTIFY's intents. */
  sessions(): SessionInfo[];
  connections(): ConnectionInfo[];
  /** Closes every connection: abruptly (no close frame, the client sees 1006) or with `code`. Sessions stay resumable. */
  dropConnections(code?: number): number;
  /** Op 7 RECONNECT to every connection; the client should reconnect and resume. */
  requestReconnect(): number;
  /** Op 9 INVALID_SESSION to every connected session; `resumable: false` ends the sessions. */
  invalidateSessions(resumable: boolean): number;
  /** Op 1: asks every connection for an immediate heartbeat. */
  requestHeartbeat(): number;
  /** A raw dispatch to every session that has `intent` (default: all) and the guild's shard. Returns sessions reached. */
  dispatch(guildId: string | null, event: string, data: Json, options?: { intent?: number }): number;
  /** Flips the developer portal's privileged intent switches (applies to the next IDENTIFY). */
  setPrivilegedIntents(switches: PrivilegedIntentSwitches): void;
}

export interface GatewayServer {
  readonly gateway: FakeGateway;
  /** Takes over an HTTP upgrade request; false when the path is not the gateway's. */
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): boolean;
  /** Routes a dispatch to sessions (the interactions module sends INTERACTION_CREATE through here). */
  deliver(dispatch: Dispatch): number;
  /** The gateway URL for a request's Host header (what GET /gateway/bot answers). */
  urlFor(host: string | undefined): string;
  close(): Promise<void>;
}

export const GATEWAY_PATH = "/gateway";
export const RESUME_PATH = "/gateway/resume";
const DEFAULT_HEARTBEAT_MS = 41_250;
const DEFAULT_WAIT_MS = 5_000;
/** After op 7, Discord closes the connection itself "a few seconds" later if the client has not. */
const RECONNECT_GRACE_MS = 5_000;

interface Waiter {
  readonly kind: GatewayEventKind;
  readonly since: number;
  readonly where: (event: GatewayEvent) => boolean;
  readonly resolve: (event: GatewayEvent) => void;
}

export function createGatewayServer(
  world: World,
  settings: { token: () => string; port: () => number; options: GatewayOptions },
): GatewayServer {
  const options = settings.options;
  const heartbeatIntervalMs = options.heartbeatIntervalMs ?? DEFAULT_HEARTBEAT_MS;
  const heartbeatTimeoutMs = options.heartbeatTimeoutMs ?? Math.round(heartbeatIntervalMs * 1.5) + 1000;
  const resumeWindowMs = options.resumeWindowMs ?? 180_000;
  const replayLimit = options.replayLimit ?? 10_000;
  const policy: ChannelPolicy = { obfuscateHidden: options.obfuscateHiddenChannels ?? true };
  let privileged: PrivilegedIntentSwitches = { ...options.privilegedIntents };

  const wss = new WebSocketServer({ noServer: true, maxPayload: 1 << 20 });
  const connections = new Set<GatewayConnection>();
  const sessions = new Map<string, GatewaySession>();
  const expiry = new Map<string, NodeJS.Timeout>();
  const events: GatewayEvent[] = [];
  const waiters = new Set<Waiter>();
  const timers = new Set<NodeJS.Timeout>();
  let nextConnectionId = 1;

  const record = (event: GatewayEvent) => {
    events.push(event);
    for (const waiter of [...waiters]) {
      if (event.kind === waiter.kind && events.length - 1 >= waiter.since && waiter.where(event)) {
        waiters.delete(waiter);
        waiter.resolve(event);
      }
    }
  };

  const localUrl = (path: string) => `ws://127.0.0.1:${settings.port()}${path}`;
  const urlFor = (host: string | undefined, path = GATEWAY_PATH) =>
    host === undefined ? localUrl(path) : `ws://${host}${path}`;

  /** Sends a dispatch to one session if it may receive it. */
  const routeTo = (session: GatewaySession, dispatch: Dispatch): boolean => {
    if (session.ended) return false;
    if (dispatch.intent !== 0 && (session.intents & dispatch.intent) === 0) return false;
    const [shardId, shardCount] = session.shard;
    const shard = dispatch.guildId === null ? 0 : shardOf(dispatch.guildId, shardCount);
    if (shard !== shardId) return false;
    session.push(dispatch.t, dispatch.d);
    return true;
  };

  const deliver = (dispatch: Dispatch): number => {
    let reached = 0;
    for (const session of sessions.values()) if (routeTo(session, dispatch)) reached++;
    return reached;
  };

  const unsubscribe = world.subscribe((change) => {
    if (sessions.size === 0) return;
    for (const dispatch of dispatchesFor(world, change, policy)) deliver(dispatch);
  });

  const endSession = (session: GatewaySession) => {
    session.ended = true;
    sessions.delete(session.id);
    const timer = expiry.get(session.id);
    if (timer !== undefined) clearTimeout(timer);
    expiry.delete(session.id);
  };

  /** A session without a connection expires after the resume window. */
  const scheduleExpiry = (session: GatewaySession) => {
    const previous = expiry.get(session.id);
    if (previous !== undefined) clearTimeout(previous);
    const timer = setTimeout(() => endSession(session), resumeWindowMs);
    timer.unref();
    expiry.set(session.id, timer);
  };

  const later = (ms: number, fn: () => void) => {
    const timer = setTimeout(() => {
      timers.delete(timer);
      fn();
    }, ms);
    timer.unref();
    timers.add(timer);
  };

  const identify = (connection: GatewayConnection, d: unknown) => {
    const checked = checkIdentify(d, settings.token(), enabledPrivilegedMask(privileged));
    const raw = typeof d === "object" && d !== null ? (d as Record<string, unknown>) : {};
    const intents = typeof raw.intents === "number" ? raw.intents : null;
    if (!checked.ok) {
      const close = checked.close;
      record({
        kind: "identify",
        connectionId: connection.id,
        intents,
        shard: raw.shard,
        compress: false,
        sessionId: null,
        close,
      });
      connection.close(close);
      return;
    }
    const request = checked.value;
    const session = new GatewaySession(
      randomBytes(16).toString("hex"),
      request.intents,
      request.shard,
      request.properties,
      replayLimit,
    );
    sessions.set(session.id, session);
    connection.session = session;
    connection.payloadCompression = request.compress;
    record({
      kind: "identify",
      connectionId: connection.id,
      intents: request.intents,
      shard: request.shard,
      compress: request.compress,
      sessionId: session.id,
      close: null,
    });
    const [shardId, shardCount] = request.shard;
    const guildIds = world
      .guilds()
      .filter((g) => g.access === "member" && shardOf(g.id, shardCount) === shardId)
      .map((g) => g.id);
    session.attach(connection);
    session.push(
      "READY",
      readyJson(world, {
        sessionId: session.id,
        resumeGatewayUrl: urlFor(connection.settings.host, RESUME_PATH),
        shard: request.shard,
        guildIds,
        applicationFlags: applicationFlags(privileged),
      }),
    );
    record({ kind: "ready", connectionId: connection.id, sessionId: session.id, guilds: guildIds.length });
    // Without GUILDS no GUILD_CREATE comes: the guilds stay unavailable (discord.js then stops waiting at once).
    if ((request.intents & Intent.Guilds) !== 0) {
      for (const id of guildIds) session.push("GUILD_CREATE", guildCreateJson(world, id, policy));
    }
  };

  const resume = (connection: GatewayConnection, d: unknown) => {
    const checked = checkResume(d, settings.token());
    if (!checked.ok) {
      connection.close(checked.close);
      return;
    }
    const { sessionId, seq } = checked.value;
    const session = sessions.get(sessionId);
    const refuse = () => {
      record({ kind: "resume", connectionId: connection.id, sessionId, seq, replayed: null });
      record({ kind: "invalidSession", connectionId: connection.id, resumable: false });
      connection.sendOp(Op.InvalidSession, false);
    };
    if (session === undefined || session.ended) return refuse();
    const frames = session.framesAfter(seq);
    if (frames === "invalid") {
      record({ kind: "resume", connectionId: connection.id, sessionId, seq, replayed: null });
      connection.close(Close.InvalidSeq);
      return;
    }
    if (frames === null) {
      endSession(session);
      return refuse();
    }
    // A session has one connection: a resume elsewhere takes it over.
    for (const other of connections) {
      if (other !== connection && other.session === session) {
        other.session = null;
        other.close(Close.UnknownError);
      }
    }
    const timer = expiry.get(session.id);
    if (timer !== undefined) clearTimeout(timer);
    expiry.delete(session.id);
    connection.session = session;
    session.resumes++;
    for (const frame of frames) connection.sendDispatch(frame);
    session.attach(connection);
    session.push("RESUMED", {});
    record({ kind: "resume", connectionId: connection.id, sessionId, seq, replayed: frames.length });
  };

  const onPayload = (connection: GatewayConnection, payload: InboundPayload) => {
    switch (payload.op) {
      case Op.Identify:
        if (connection.session !== null) return connection.close(Close.AlreadyAuthenticated);
        return identify(connection, payload.d);
      case Op.Resume:
        if (connection.session !== null && !connection.session.ended && connection.session.attached) {
          return connection.close(Close.AlreadyAuthenticated);
        }
        return resume(connection, payload.d);
      case Op.PresenceUpdate:
      case Op.VoiceStateUpdate:
      case Op.RequestGuildMembers:
      case 31: // Request Soundboard Sounds
        // Accepted and ignored: the fake has no presences, bot voice connections or member chunks.
        if (connection.session === null) return connection.close(Close.NotAuthenticated);
        return;
      default:
        return connection.close(Close.UnknownOpcode);
    }
  };

  const onClose = (connection: GatewayConnection, code: number, reason: string, byServer: boolean) => {
    connections.delete(connection);
    const session = connection.session;
    record({
      kind: "close",
      connectionId: connection.id,
      code,
      reason,
      by: byServer ? "server" : "client",
      sessionId: session?.id ?? null,
    });
    if (session === null) return;
    session.detach(connection);
    // 1000/1001 from the client end the session ("your bot will appear offline"); anything else keeps it.
    if (!byServer && (code === 1000 || code === 1001)) endSession(session);
    else if (!session.ended) scheduleExpiry(session);
  };

  const gateway: FakeGateway = {
    get url() {
      return localUrl(GATEWAY_PATH);
    },
    events,
    mark: () => events.length,
    waitFor<K extends GatewayEventKind>(kind: K, wait: WaitOptions<K> = {}) {
      type E = Extract<GatewayEvent, { kind: K }>;
      const since = wait.since ?? 0;
      const where = (event: GatewayEvent) => wait.where === undefined || wait.where(event as E);
      const past = events.slice(since).find((e) => e.kind === kind && where(e));
      if (past !== undefined) return Promise.resolve(past as E);
      return new Promise<E>((resolve, reject) => {
        const timeoutMs = wait.timeoutMs ?? DEFAULT_WAIT_MS;
        const waiter: Waiter = {
          kind,
          since,
          where,
          resolve: (event) => {
            clearTimeout(timer);
            resolve(event as E);
          },
        };
        const timer = setTimeout(() => {
          waiters.delete(waiter);
          const seen = events
            .slice(since)
            .map((e) => e.kind)
            .join(", ");
          reject(
            new Error(`no gateway "${kind}" event within ${timeoutMs} ms (since #${since}: ${seen || "nothing"})`),
          );
        }, timeoutMs);
        waiters.add(waiter);
      });
    },
    waitForIdentify: (wait) => gateway.waitFor("identify", wait),
    waitForReady: (wait) => gateway.waitFor("ready", wait),
    waitForResume: (wait) => gateway.waitFor("resume", wait),
    waitForClose: (wait) => gateway.waitFor("close", wait),
    sessions: () => [...sessions.values()].map((s) => s.info()),
    connections: () =>
      [...connections].map((c) => ({
        connectionId: c.id,
        path: c.settings.path,
        sessionId: c.session?.id ?? null,
        heartbeats: c.heartbeats,
        compression:
          c.settings.query.compress === "zlib-stream" ? "zlib-stream" : c.payloadCompression ? "payload" : "none",
      })),
    dropConnections: (code) => {
      const all = [...connections];
      for (const c of all) {
        if (code === undefined) c.terminate();
        else c.close({ code, reason: "Dropped by the fake" });
      }
      return all.length;
    },
    requestReconnect: () => {
      const all = [...connections].filter((c) => c.isOpen);
      for (const c of all) {
        c.sendOp(Op.Reconnect, null);
        record({ kind: "reconnectRequested", connectionId: c.id });
        later(RECONNECT_GRACE_MS, () => c.isOpen && c.close(Close.UnknownError));
      }
      return all.length;
    },
    invalidateSessions: (resumable) => {
      const all = [...connections].filter((c) => c.isOpen && c.session !== null);
      for (const c of all) {
        const session = c.session;
        if (session === null) continue;
        session.detach(c);
        c.session = null;
        if (resumable) scheduleExpiry(session);
        else endSession(session);
        record({ kind: "invalidSession", connectionId: c.id, resumable });
        c.sendOp(Op.InvalidSession, resumable);
      }
      return all.length;
    },
    requestHeartbeat: () => {
      const all = [...connections].filter((c) => c.isOpen);
      for (const c of all) c.sendOp(Op.Heartbeat, null);
      return all.length;
    },
    dispatch: (guildId, event, data, dispatchOptions = {}) =>
      deliver({ guildId, t: event, d: data, intent: dispatchOptions.intent ?? 0 }),
    setPrivilegedIntents: (switches) => {
      privileged = { ...switches };
    },
  };

  return {
    gateway,
    deliver,
    urlFor: (host) => urlFor(host),
    handleUpgrade: (req, socket, head) => {
      const url = new URL(req.url ?? "/", "http://127.0.0.1");
      if (url.pathname !== GATEWAY_PATH && url.pathname !== RESUME_PATH) return false;
      wss.handleUpgrade(req, socket, head, (ws) => {
        const query = parseConnectQuery(url.searchParams);
        const connection = new GatewayConnection(
          ws,
          {
            id: nextConnectionId++,
            path: url.pathname,
            host: req.headers.host,
            query,
            heartbeatIntervalMs,
            heartbeatTimeoutMs,
          },
          { onPayload, onClose },
        );
        connections.add(connection);
        record({ kind: "connect", connectionId: connection.id, path: url.pathname, query: url.search });
        const refused = checkConnectQuery(query);
        if (refused !== null) connection.close(refused);
        else connection.start();
      });
      return true;
    },
    close: async () => {
      unsubscribe();
      for (const timer of [...timers, ...expiry.values()]) clearTimeout(timer);
      timers.clear();
      expiry.clear();
      for (const c of connections) c.terminate();
      for (const session of sessions.values()) session.ended = true;
      sessions.clear();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
    },
  };
}
