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
  const row = readChannel(deps.store, channelId);
  const failure = failureKindOf(event, row);
  if (failure !== null) deps.observer.channelFailed(channelId, failure);
  return row ? writeChannelEvent(deps, row, event) : null;
}

/**
 * One channel's failure becomes its state and a metric, never an exception for its siblings. Only a rejected token
 * goes up: nothing else can work either, and the guild sync says so once. Recording cannot throw otherwise: the metric
 * is counted first, and a database that refuses the new state is logged, so the failure is never silent.
 */
export function recordChannelFailure(deps: EventDeps, channel: NamedChannel, error: unknown): ChannelState | null {
  const failure = classifyChannelError(error, `channel ${describeChannel(channel)}`);
  if (failure.kind === "unauthorized") throw failure.error;
  deps.observer.channelFailed(channel.id, failure.kind);
  try {
    const row = readChannel(deps.store, channel.id);
    if (!row) return null;
    return writeChannelEvent(deps, row, { kind: "failed", failure: failure.kind, reason: failure.message });
  } catch (writeError) {
    const why = writeError instanceof Error ? writeError.message : String(writeError);
    deps.log.error(
      { channelId: channel.id, channel: channel.name, guildId: channel.guildId, kind: failure.kind },
      `channel ${describeChannel(channel)} failed (${failure.kind}): ${failure.message}; its state could not be stored: ${why}`,
    );
    return null;
  }
}

/**
 * Runs one channel's whole task, its plan included: whatever it throws (a Discord error, a malformed id, a database
 * error) becomes that channel's failure, so its siblings carry on. Only a rejected token goes up (recordChannelFailure).
 */
export async function runChannelTask(
  deps: EventDeps,
  channel: NamedChannel,
  task: () => Promise<void> | void,
): Promise<void> {
  try {
    await task();
  } catch (error) {
    recordChannelFailure(deps, channel, error);
  }
}

/** runChannelTask for work that does not wait: starting a backfill, planning one listed channel. */
export function runChannelStep(deps: EventDeps, channel: NamedChannel, step: () => void): void {
  try {
    step();
  } catch (error) {
    recordChannelFailure(deps, channel, error);
  }
}

export interface ClassifiedFailure {
  kind: Exclude<ChannelFailureKind, "unreadable">;
  message: string;
  error: unknown;
}

/**
 * A failure in our few kinds. The Discord API layer already translated the REST client's errors (discord/errors.ts);
 * anything else that reaches a channel's task (a bug, a database error) is "internal".
 */
export function classifyChannelError(error: unknown, what: string): ClassifiedFailure {
  if (error instanceof DiscordRequestError) return { kind: error.kind, message: error.message, error };
  const message = error instanceof Error ? error.message : String(error);
  return { kind: "internal", message: `${what}: ${message}`, error };
}

export function describeChannel(row: Pick<NamedChannel, "id" | "name">): string {
  return row.name && row.name !== row.id ? `#${row.name} (${row.id})` : row.id;
}

function failureKindOf(event: ChannelEvent, row: ChannelRow | undefined): ChannelFailureKind | null {
  switch (event.kind) {
    case "failed":
      return event.failure;
    case "history_unreadable":
      return "unreadable";
    case "still_blocked":
      // Still what it was: a channel whose history answers [] stays unreadable, a 403 channel forbidden.
      return row?.state === ChannelState.Unreadable ? "unreadable" : "forbidden";
    default:
      return null;
  }
}

function writeChannelEvent(deps: EventDeps, row: ChannelRow, event: ChannelEvent): ChannelState {
  const next = nextChannelStatus(row, event, deps.clock(), deps.policy);
  if (next === null) return row.state;
  updateChannelStatus(deps.store, row.id, next, deps.clock());
  logTransition(deps, row, event, next);
  return next.state;
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
