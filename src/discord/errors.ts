import { DiscordAPIError, HTTPError, RateLimitError } from "@discordjs/rest";

/**
 * The few kinds of Discord failure the exporter acts on differently:
 * - unauthorized: the token was rejected; nothing will work until a person fixes it.
 * - forbidden: this channel/guild is not readable by the bot (403 50001 Missing Access, 50013 Missing Permissions).
 * - not_found: the channel or guild is gone (404 10003 / 10004).
 * - transient: 5xx, 408, timeouts, resets, rate limits: try again at the next sync.
 * - fatal: anything else (a 400 means our request is wrong): logged, the channel is skipped until the next sync.
 */
export type DiscordErrorKind = "unauthorized" | "forbidden" | "not_found" | "transient" | "fatal";

export class DiscordRequestError extends Error {
  override readonly name = "DiscordRequestError";
  constructor(
    readonly kind: DiscordErrorKind,
    message: string,
    readonly status: number | null,
    readonly code: number | null,
  ) {
    super(message);
  }
}

const TRANSIENT_NETWORK_CODES = new Set([
  "ECONNRESET",
  "ECONNREFUSED",
  "ETIMEDOUT",
  "EPIPE",
  "ENOTFOUND",
  "EAI_AGAIN",
  "UND_ERR_SOCKET",
  "UND_ERR_CONNECT_TIMEOUT",
  "UND_ERR_HEADERS_TIMEOUT",
  "UND_ERR_BODY_TIMEOUT",
]);

/**
 * 408 Request Timeout means the server gave up waiting on the connection, not that the request is wrong: the same
 * request succeeds again (https://www.rfc-editor.org/rfc/rfc9110#status.408). Counted as fatal, it put a channel's
 * first count off for an hour in the bench, where the fake's Node server answered one page 408 under load.
 */
function isTransientStatus(status: number): boolean {
  return status === 408 || status === 429 || status >= 500;
}

/** Translates whatever the REST client threw into our own kinds, once, at the boundary. */
export function classifyDiscordError(error: unknown, what: string): DiscordRequestError {
  if (error instanceof DiscordRequestError) return error;
  if (error instanceof DiscordAPIError) {
    const code = typeof error.code === "number" ? error.code : null;
    const detail = `${what}: Discord answered ${error.status} ${error.message}${code ? ` (code ${code})` : ""}`;
    if (error.status === 401) return new DiscordRequestError("unauthorized", detail, error.status, code);
    if (error.status === 403) return new DiscordRequestError("forbidden", detail, error.status, code);
    if (error.status === 404) return new DiscordRequestError("not_found", detail, error.status, code);
    if (isTransientStatus(error.status)) return new DiscordRequestError("transient", detail, error.status, code);
    return new DiscordRequestError("fatal", detail, error.status, code);
  }
  if (error instanceof RateLimitError) {
    return new DiscordRequestError("transient", `${what}: rate limited for ${error.timeToReset} ms`, 429, null);
  }
  if (error instanceof HTTPError) {
    const kind = isTransientStatus(error.status) ? "transient" : "fatal";
    return new DiscordRequestError(kind, `${what}: HTTP ${error.status} ${error.message}`, error.status, null);
  }
  if (error instanceof Error) {
    const code = networkCode(error);
    if (error.name === "AbortError" || error.name === "TimeoutError" || (code && TRANSIENT_NETWORK_CODES.has(code))) {
      return new DiscordRequestError("transient", `${what}: ${code ?? error.name} (${error.message})`, null, null);
    }
    if (error.message === "fetch failed" || error.name === "SyntaxError") {
      return new DiscordRequestError("transient", `${what}: ${error.message}`, null, null);
    }
    return new DiscordRequestError("fatal", `${what}: ${error.message}`, null, null);
  }
  return new DiscordRequestError("fatal", `${what}: ${String(error)}`, null, null);
}

function networkCode(error: Error): string | null {
  const own = (error as { code?: unknown }).code;
  if (typeof own === "string") return own;
  const cause = (error as { cause?: unknown }).cause;
  const causeCode = (cause as { code?: unknown } | undefined)?.code;
  return typeof causeCode === "string" ? causeCode : null;
}
