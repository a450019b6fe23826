/**
 * One WebSocket connection to the fake gateway: framing (JSON text, zlib-stream transport compression or
 * per-payload compression), HELLO, the heartbeat deadline, the client's send rate limit and payload size
 * limit. What a payload means (IDENTIFY, RESUME...) is the gateway server's business.
 */

import { constants as zlibConstants, createDeflate, type Deflate, deflateSync } from "node:zlib";
import type { WebSocket } from "ws";
import {
  Close,
  type CloseReason,
  type ConnectQuery,
  type InboundPayload,
  Op,
  parseInbound,
} from "./gateway-protocol.js";
import type { GatewaySession, SessionSink } from "./gateway-session.js";
import type { Json } from "./serialize.js";

/** Discord: payloads sent by an app may not exceed 4096 bytes (close 4002). */
const MAX_INBOUND_BYTES = 4096;
/** Discord: 120 payloads per connection every 60 s, else close 4008. */
const SEND_LIMIT = 120;
const SEND_WINDOW_MS = 60_000;

export interface ConnectionHandlers {
  onPayload(connection: GatewayConnection, payload: InboundPayload): void;
  onClose(connection: GatewayConnection, code: number, reason: string, byServer: boolean): void;
}

export interface ConnectionSettings {
  readonly id: number;
  /** Path of the URL it connected to ("/gateway" or the resume URL's path). */
  readonly path: string;
  /** The Host header it came with, so the resume URL points where the client could reach. */
  readonly host: string | undefined;
  readonly query: ConnectQuery;
  readonly heartbeatIntervalMs: number;
  /** Without a heartbeat for this long the server closes the connection. */
  readonly heartbeatTimeoutMs: number;
}

export class GatewayConnection implements SessionSink {
  /** The session this connection identified or resumed; null before, and after INVALID_SESSION. */
  session: GatewaySession | null = null;
  /** IDENTIFY asked for `compress: true`: dispatches go out as zlib-compressed binary frames. */
  payloadCompression = false;
  heartbeats = 0;
  private heartbeatTimer: NodeJS.Timeout | null = null;
  private readonly deflate: Deflate | null;
  private deflateChunks: Buffer[] = [];
  private sent: number[] = [];
  private closing = false;
  private closedByServer = false;
  readonly openedAt = Date.now();

  constructor(
    private readonly ws: WebSocket,
    readonly settings: ConnectionSettings,
    private readonly handlers: ConnectionHandlers,
  ) {
    // zlib-stream: one deflate context for the whole connection, each message ending in a Z_SYNC_FLUSH.
    this.deflate = settings.query.compress === "zlib-stream" ? createDeflate() : null;
    this.deflate?.on("data", (chunk: Buffer) => this.deflateChunks.push(chunk));
    // A flush still pending when the connection closes fails harmlessly; it must not crash the process.
    this.deflate?.on("error", () => {});
    ws.on("message", (data, isBinary) => this.receive(data, isBinary));
    ws.on("close", (code, reason) => this.closed(code, reason.toString()));
    ws.on("error", () => {
      // A broken socket surfaces as 'close' right after; nothing else to do.
    });
  }

  get id(): number {
    return this.settings.id;
  }

  get isOpen(): boolean {
    return this.ws.readyState === this.ws.OPEN && !this.closing;
  }

  /** HELLO, and the heartbeat deadline starts. */
  start(): void {
    this.sendOp(Op.Hello, { heartbeat_interval: this.settings.heartbeatIntervalMs });
    this.armHeartbeatTimer();
  }

  sendOp(op: number, d: Json): void {
    this.sendText(JSON.stringify({ op, d, s: null, t: null }));
  }

  sendDispatch(frame: string): boolean {
    if (!this.isOpen) return false;
    if (this.payloadCompression && this.deflate === null) this.ws.send(deflateSync(frame));
    else this.sendText(frame);
    return true;
  }

  /** A clean close with a code (the client sees the code and decides whether to resume). */
  close(close: CloseReason): void {
    if (this.closing) return;
    this.closing = true;
    this.closedByServer = true;
    this.clearTimer();
    if (this.ws.readyState === this.ws.OPEN || this.ws.readyState === this.ws.CONNECTING) {
      this.ws.close(close.code, close.reason);
    }
  }

  /** An abrupt drop: the TCP connection dies without a close frame (the client sees 1006). */
  terminate(): void {
    this.closing = true;
    this.closedByServer = true;
    this.clearTimer();
    this.ws.terminate();
  }

  private sendText(text: string): void {
    if (!this.isOpen) return;
    if (this.deflate === null) {
      this.ws.send(text);
      return;
    }
    // Writes and flushes are processed in order, so frames keep their order on the wire.
    this.deflate.write(text);
    this.deflate.flush(zlibConstants.Z_SYNC_FLUSH, () => {
      const chunk = Buffer.concat(this.deflateChunks);
      this.deflateChunks = [];
      if (this.ws.readyState === this.ws.OPEN) this.ws.send(chunk);
    });
  }

  private receive(data: unknown, isBinary: boolean): void {
    if (this.closing) return;
    const buffer = Buffer.isBuffer(data)
      ? data
      : Array.isArray(data)
        ? Buffer.concat(data as Buffer[])
        : Buffer.from(data as ArrayBuffer);
    if (buffer.length > MAX_INBOUND_BYTES) {
      this.close(Close.DecodeError);
      return;
    }
    // Apps may not send compressed or binary payloads with the JSON encoding.
    const payload = isBinary ? null : parseInbound(buffer.toString("utf8"));
    if (payload === null) {
      this.close(Close.DecodeError);
      return;
    }
    if (payload.op === Op.Heartbeat) {
      this.heartbeats++;
      this.armHeartbeatTimer();
      this.sendOp(Op.HeartbeatAck, null);
      return;
    }
    // Heartbeats are left out of the send limit: at Discord's 41 s interval they hardly count, and tests beat
    // every few hundred ms.
    const now = Date.now();
    this.sent = this.sent.filter((at) => now - at < SEND_WINDOW_MS);
    this.sent.push(now);
    if (this.sent.length > SEND_LIMIT) {
      this.close(Close.RateLimited);
      return;
    }
    this.handlers.onPayload(this, payload);
  }

  private armHeartbeatTimer(): void {
    this.clearTimer();
    this.heartbeatTimer = setTimeout(() => {
      // Discord closes connections that stop heartbeating; the session may still be resumed.
      this.close(Close.SessionTimedOut);
    }, this.settings.heartbeatTimeoutMs);
    this.heartbeatTimer.unref();
  }

  private clearTimer(): void {
    if (this.heartbeatTimer !== null) clearTimeout(this.heartbeatTimer);
    this.heartbeatTimer = null;
  }

  private closed(code: number, reason: string): void {
    this.clearTimer();
    this.closing = true;
    this.deflate?.close();
    this.handlers.onClose(this, code, reason, this.closedByServer);
  }
}
