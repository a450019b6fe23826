/**
 * A gateway session outlives its connections: it is created by IDENTIFY, numbers every dispatch, and keeps the
 * recent ones so that a RESUME on a new connection replays what was missed. Dispatches that happen while no
 * connection is attached are kept too (Discord goes on queueing them for a resumable session).
 */

import type { Json } from "./serialize.js";

export interface SessionInfo {
  readonly sessionId: string;
  readonly intents: number;
  readonly shard: readonly [number, number];
  /** The last sequence number given out. */
  readonly seq: number;
  /** A connection is attached and receiving. */
  readonly connected: boolean;
  /** Dispatches kept for a RESUME. */
  readonly buffered: number;
  readonly resumes: number;
  /** The IDENTIFY's `properties` (os, browser, device). */
  readonly properties: Record<string, unknown>;
}

export interface SessionSink {
  /** Sends one serialized dispatch frame; false when the connection is gone. */
  sendDispatch(frame: string): boolean;
}

interface Buffered {
  readonly s: number;
  readonly frame: string;
}

export class GatewaySession {
  private seq = 0;
  private readonly buffer: Buffered[] = [];
  private sink: SessionSink | null = null;
  resumes = 0;
  /** Set when the session was invalidated or timed out: it takes no more dispatches and cannot be resumed. */
  ended = false;

  constructor(
    readonly id: string,
    readonly intents: number,
    readonly shard: readonly [number, number],
    readonly properties: Record<string, unknown>,
    private readonly replayLimit: number,
  ) {}

  get lastSeq(): number {
    return this.seq;
  }

  get attached(): boolean {
    return this.sink !== null;
  }

  attach(sink: SessionSink): void {
    this.sink = sink;
  }

  detach(sink?: SessionSink): void {
    if (sink === undefined || this.sink === sink) this.sink = null;
  }

  /** Numbers and keeps a dispatch, and sends it when a connection is attached. Returns its sequence number. */
  push(t: string, d: Json): number {
    const s = ++this.seq;
    const frame = JSON.stringify({ op: 0, t, s, d });
    this.buffer.push({ s, frame });
    if (this.buffer.length > this.replayLimit) this.buffer.splice(0, this.buffer.length - this.replayLimit);
    if (this.sink !== null && !this.sink.sendDispatch(frame)) this.sink = null;
    return s;
  }

  /**
   * The frames after `seq`, for a RESUME; null when they cannot be replayed (older than what is kept:
   * Discord answers INVALID_SESSION) and "invalid" when `seq` is from the future (close 4007).
   */
  framesAfter(seq: number): string[] | null | "invalid" {
    if (seq > this.seq || seq < 0) return "invalid";
    const first = this.buffer[0]?.s ?? this.seq + 1;
    if (seq + 1 < first) return null;
    return this.buffer.filter((b) => b.s > seq).map((b) => b.frame);
  }

  info(): SessionInfo {
    return {
      sessionId: this.id,
      intents: this.intents,
      shard: this.shard,
      seq: this.seq,
      connected: this.sink !== null,
      buffered: this.buffer.length,
      resumes: this.resumes,
      properties: this.properties,
    };
  }
}
