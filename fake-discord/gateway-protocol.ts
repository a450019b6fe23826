/**
 * The gateway's vocabulary and its pure rules: opcodes, close codes, intents, and what an IDENTIFY or a RESUME
 * must contain. https://discord.com/developers/docs/events/gateway and
 * https://discord.com/developers/docs/topics/opcodes-and-status-codes#gateway
 */

export const Op = {
  Dispatch: 0,
  Heartbeat: 1,
  Identify: 2,
  PresenceUpdate: 3,
  VoiceStateUpdate: 4,
  Resume: 6,
  Reconnect: 7,
  RequestGuildMembers: 8,
  InvalidSession: 9,
  Hello: 10,
  HeartbeatAck: 11,
} as const;

/** Close codes with the reason text Discord's table gives them. */
export const Close = {
  UnknownError: { code: 4000, reason: "Unknown error" },
  UnknownOpcode: { code: 4001, reason: "Unknown opcode" },
  DecodeError: { code: 4002, reason: "Decode error" },
  NotAuthenticated: { code: 4003, reason: "Not authenticated" },
  AuthenticationFailed: { code: 4004, reason: "Authentication failed" },
  AlreadyAuthenticated: { code: 4005, reason: "Already authenticated" },
  InvalidSeq: { code: 4007, reason: "Invalid seq" },
  RateLimited: { code: 4008, reason: "Rate limited" },
  SessionTimedOut: { code: 4009, reason: "Session timed out" },
  InvalidShard: { code: 4010, reason: "Invalid shard" },
  InvalidApiVersion: { code: 4012, reason: "Invalid API version" },
  InvalidIntents: { code: 4013, reason: "Invalid intent(s)" },
  DisallowedIntents: { code: 4014, reason: "Disallowed intent(s)" },
} as const;

export type CloseReason = { readonly code: number; readonly reason: string };

export const Intent = {
  Guilds: 1 << 0,
  GuildMembers: 1 << 1,
  GuildModeration: 1 << 2,
  GuildExpressions: 1 << 3,
  GuildIntegrations: 1 << 4,
  GuildWebhooks: 1 << 5,
  GuildInvites: 1 << 6,
  GuildVoiceStates: 1 << 7,
  GuildPresences: 1 << 8,
  GuildMessages: 1 << 9,
  GuildMessageReactions: 1 << 10,
  GuildMessageTyping: 1 << 11,
  DirectMessages: 1 << 12,
  DirectMessageReactions: 1 << 13,
  DirectMessageTyping: 1 << 14,
  MessageContent: 1 << 15,
  GuildScheduledEvents: 1 << 16,
  AutoModerationConfiguration: 1 << 20,
  AutoModerationExecution: 1 << 21,
  GuildMessagePolls: 1 << 24,
  DirectMessagePolls: 1 << 25,
} as const;

/** Every bit Discord defines; any other bit closes the connection with 4013. */
export const KNOWN_INTENTS = Object.values(Intent).reduce((all, bit) => all | bit, 0);

/** Need a switch in the developer portal, else 4014. */
export const PRIVILEGED_INTENTS = Intent.GuildMembers | Intent.GuildPresences | Intent.MessageContent;

/** The developer portal's "Privileged Gateway Intents" switches. */
export interface PrivilegedIntentSwitches {
  guildMembers?: boolean;
  guildPresences?: boolean;
  messageContent?: boolean;
}

export function enabledPrivilegedMask(switches: PrivilegedIntentSwitches): number {
  return (
    (switches.guildMembers ? Intent.GuildMembers : 0) |
    (switches.guildPresences ? Intent.GuildPresences : 0) |
    (switches.messageContent ? Intent.MessageContent : 0)
  );
}

/** Application flags for the enabled switches: the *_LIMITED ones, as for an app in fewer than 100 guilds. */
export function applicationFlags(switches: PrivilegedIntentSwitches): number {
  return (
    (switches.guildPresences ? 1 << 13 : 0) |
    (switches.guildMembers ? 1 << 15 : 0) |
    (switches.messageContent ? 1 << 19 : 0)
  );
}

/** A payload as received: `op` and `d`, anything else ignored. */
export interface InboundPayload {
  readonly op: number;
  readonly d: unknown;
}

/** Parses a text frame; null when it is not a JSON object with a numeric `op` (Discord closes with 4002). */
export function parseInbound(text: string): InboundPayload | null {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return null;
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) return null;
  const op = (value as { op?: unknown }).op;
  if (typeof op !== "number" || !Number.isInteger(op)) return null;
  return { op, d: (value as { d?: unknown }).d };
}

export interface IdentifyRequest {
  readonly intents: number;
  readonly shard: readonly [number, number];
  /** Payload compression (zlib per message) asked for with `compress: true`. */
  readonly compress: boolean;
  readonly properties: Record<string, unknown>;
}

export type Checked<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly close: CloseReason };

/** Identify and Resume carry the raw token; discord.js strips "Bot " before sending, some libraries do not. */
export function tokenMatches(sent: unknown, expected: string): boolean {
  return typeof sent === "string" && (sent === expected || sent === `Bot ${expected}`);
}

/**
 * The checks Discord applies to an IDENTIFY, in its order: shape (4002), token (4004), intents present and
 * known (4013), privileged intents enabled (4014), shard valid (4010).
 */
export function checkIdentify(d: unknown, token: string, allowedPrivileged: number): Checked<IdentifyRequest> {
  if (typeof d !== "object" || d === null) return { ok: false, close: Close.DecodeError };
  const data = d as Record<string, unknown>;
  if (!tokenMatches(data.token, token)) return { ok: false, close: Close.AuthenticationFailed };
  const intents = data.intents;
  if (typeof intents !== "number" || !Number.isInteger(intents) || intents < 0 || (intents & ~KNOWN_INTENTS) !== 0) {
    return { ok: false, close: Close.InvalidIntents };
  }
  if ((intents & PRIVILEGED_INTENTS & ~allowedPrivileged) !== 0) return { ok: false, close: Close.DisallowedIntents };
  let shard: [number, number] = [0, 1];
  if (data.shard !== undefined) {
    const s = data.shard;
    const valid =
      Array.isArray(s) &&
      s.length === 2 &&
      Number.isInteger(s[0]) &&
      Number.isInteger(s[1]) &&
      (s[1] as number) >= 1 &&
      (s[0] as number) >= 0 &&
      (s[0] as number) < (s[1] as number);
    if (!valid) return { ok: false, close: Close.InvalidShard };
    shard = [s[0] as number, s[1] as number];
  }
  const properties =
    typeof data.properties === "object" && data.properties !== null ? (data.properties as Record<string, unknown>) : {};
  return { ok: true, value: { intents, shard, compress: data.compress === true, properties } };
}

export interface ResumeRequest {
  readonly sessionId: string;
  readonly seq: number;
}

export function checkResume(d: unknown, token: string): Checked<ResumeRequest> {
  if (typeof d !== "object" || d === null) return { ok: false, close: Close.DecodeError };
  const data = d as Record<string, unknown>;
  if (!tokenMatches(data.token, token)) return { ok: false, close: Close.AuthenticationFailed };
  if (typeof data.session_id !== "string" || typeof data.seq !== "number" || !Number.isInteger(data.seq)) {
    return { ok: false, close: Close.DecodeError };
  }
  return { ok: true, value: { sessionId: data.session_id, seq: data.seq } };
}

/** Discord's sharding formula: which shard receives a guild's events. */
export function shardOf(guildId: string, shardCount: number): number {
  return Number((BigInt(guildId) >> 22n) % BigInt(shardCount));
}

/** The query of the connection URL: `v` must be a live API version, `encoding` json (the fake has no ETF). */
export interface ConnectQuery {
  readonly version: number;
  readonly encoding: string;
  readonly compress: string | null;
}

export function parseConnectQuery(search: URLSearchParams): ConnectQuery {
  return {
    version: Number(search.get("v") ?? "10"),
    encoding: search.get("encoding") ?? "json",
    compress: search.get("compress"),
  };
}

/** Why a connection is refused right after HELLO, or null when it may proceed. */
export function checkConnectQuery(query: ConnectQuery): CloseReason | null {
  if (query.version !== 9 && query.version !== 10) return Close.InvalidApiVersion;
  if (query.encoding !== "json") return { code: Close.DecodeError.code, reason: "The fake gateway speaks JSON only" };
  if (query.compress !== null && query.compress !== "zlib-stream") {
    return { code: Close.UnknownError.code, reason: `Compression ${query.compress} is not supported by the fake` };
  }
  return null;
}
