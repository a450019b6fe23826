import { DiscordRequestError } from "../discord/errors.js";
import { type ChannelRow, readChannel, updateChannelStatus } from "../store/channel-rows.js";
import { ChannelState } from "../store/channel-states.js";
import {
  type ChannelEvent,
  type ChannelFailureKind,
  type ChannelStatus,
  nextChannelStatus,
} from "./channel-lifecycle.js";
import type { CounterDeps } from "./deps.js";

/** What applying an event touches: the database, the clock, the retry policy, logs and metrics. */
export type EventDeps = Pick<CounterDeps, "store" | "clock" | "policy" | "observer" | "log">;

/** A stored channel as a log line names it. */
export interface NamedChannel {
  id: string;
  name: string;
  guildId: string;
}

/**
 * Applies one event to a stored channel: the lifecycle decides from the row as stored now (a long walk's copy may be
 * stale: the backfill may have finished, the channel been excluded), this writes the new status, logs it naming the
 * channel, and counts failures. Returns the state now stored, or null for a channel that is not stored.
 */
export function applyChannelEvent(deps: EventDeps, channelId: string, event: ChannelEvent): ChannelState | null {
  const failure = failureKindOf(event);
  if (failure !== null) deps.observer.channelFailed(channelId, failure);
  const row = readChannel(deps.store, channelId);
  if (!row) return null;
  const next = nextChannelStatus(row, event, deps.clock(), deps.policy);
  if (next === null) return row.state;
  updateChannelStatus(deps.store, row.id, next, deps.clock());
  logTransition(deps, row, event, next);
  return next.state;
}

/**
 * One channel's failure becomes its state and a metric, never an exception for its siblings. Only a rejected token
 * goes up: nothing else can work either, and the guild sync says so once.
 */
export function recordChannelFailure(deps: EventDeps, channel: NamedChannel, error: unknown): ChannelState | null {
  const failure = classifyChannelError(error, `channel ${describeChannel(channel)}`);
  if (failure.kind === "unauthorized") throw failure.error;
  return applyChannelEvent(deps, channel.id, { kind: "failed", failure: failure.kind, reason: failure.message });
}

/**
 * A failure in our few kinds. The Discord API layer already translated the REST client's errors (discord/errors.ts);
 * anything else that reaches a channel's task (a bug, a database error) is "internal".
 */
export function classifyChannelError(
  error: unknown,
  what: string,
): { kind: Exclude<ChannelFailureKind, "unreadable">; message: string; error: unknown } {
  if (error instanceof DiscordRequestError) return { kind: error.kind, message: error.message, error };
  const message = error instanceof Error ? error.message : String(error);
  return { kind: "internal", message: `${what}: ${message}`, error };
}

export function describeChannel(row: Pick<NamedChannel, "id" | "name">): string {
  return row.name && row.name !== row.id ? `#${row.name} (${row.id})` : row.id;
}

function failureKindOf(event: ChannelEvent): ChannelFailureKind | null {
  switch (event.kind) {
    case "failed":
      return event.failure;
    case "history_unreadable":
      return "unreadable";
    case "still_blocked":
      return "forbidden";
    default:
      return null;
  }
}

function logTransition(deps: EventDeps, row: ChannelRow, event: ChannelEvent, next: ChannelStatus): void {
  const fields = { channelId: row.id, channel: row.name, guildId: row.guildId, from: row.state, to: next.state };
  const retry = next.retryAt === null ? "" : `; asked again after ${new Date(next.retryAt).toISOString()}`;
  const reason = next.lastError ?? "";
  switch (next.state) {
    case ChannelState.Forbidden:
    case ChannelState.Unreadable:
      deps.log.warn(fields, `channel ${describeChannel(row)} is ${next.state}, its counts are kept${retry}: ${reason}`);
      return;
    case ChannelState.Deleted:
      deps.log.info(fields, `channel ${describeChannel(row)} no longer exists; its history is kept`);
      return;
    default:
      if (event.kind === "failed") {
        const level = event.failure === "transient" ? "warn" : "error";
        deps.log[level](fields, `channel ${describeChannel(row)} failed (${event.failure})${retry}: ${event.reason}`);
      } else if (row.state !== next.state) {
        deps.log.info(fields, `channel ${describeChannel(row)} is ${next.state}`);
      }
  }
}
