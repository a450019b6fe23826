import { hasOwnMessages } from "../discord/channel-kinds.js";
import type { FailureKind } from "../failure-kinds.js";
import { BLOCKED_STATES, ChannelState } from "../store/channel-states.js";

/**
 * The one rule for what happens to a channel's state: next status = f(row, event, now, policy). Pure; every path
 * that learns something about a channel (listing, pages, probes, failures, recounts) turns it into an event and goes
 * through here, so a failure can never be handled one way in one place and another way in the next.
 *
 * Counts and cursors are never touched by a transition: a channel that becomes forbidden, unreadable or deleted keeps
 * its counted history, and counting resumes from its cursors when access comes back.
 */

/** The fields of a stored channel the lifecycle reads. */
export interface LifecycleRow {
  state: ChannelState;
  type: number;
  backfillDone: boolean;
  retryAt: number | null;
  lastError: string | null;
}

/** What a failure is, as the channel's state and the failure metric see it (the one list: failure-kinds.ts). */
export type ChannelFailureKind = FailureKind;

/**
 * A failure of one channel's request. Not "unreadable" (an empty history has its own event) and not "unauthorized":
 * a rejected token is no channel's failure, and the caller fails the whole sync on it (channel-events.ts).
 */
export type ChannelFailure = Exclude<ChannelFailureKind, "unreadable" | "unauthorized">;

export type ChannelEvent =
  /** Discord lists a channel that is not stored yet; `excluded` by the user's settings. */
  | FirstListedEvent
  /** The stored channel is in Discord's listing (or a direct look found it); `excluded` by the user's settings. */
  | { kind: "listed"; excluded: boolean }
  /** A page was counted: whatever went wrong before is over. */
  | { kind: "page_applied" }
  /** The walk back reached the channel's first message: a backfill's last page, or a recount's swap. */
  | { kind: "backfill_finished" }
  /** Discord answered an empty page although a message it told us of lies in the window, and then 403 for it. */
  | { kind: "history_unreadable"; reason: string }
  | { kind: "failed"; failure: ChannelFailure; reason: string }
  /** A forbidden or unreadable channel's retry time came and one request showed it readable again. */
  | { kind: "access_restored" }
  /** ... or showed it still blocked. */
  | { kind: "still_blocked"; reason: string };

export interface FirstListedEvent {
  kind: "first_listed";
  type: number;
  excluded: boolean;
}

export interface LifecyclePolicy {
  /** How long a forbidden or unreadable channel is left alone: 403s count towards Discord's invalid-request ban. */
  blockedRetryMs: number;
  /** How long a channel whose request Discord rejects as malformed (or that hit an error of ours) is left alone. */
  failureRetryMs: number;
  /** How long after a 5xx, timeout or rate limit a channel is due again (policy.ts says why it is short). */
  transientRetryMs: number;
}

/** The status fields a transition writes; absent fields are left as they are. */
export interface ChannelStatus {
  state: ChannelState;
  retryAt: number | null;
  lastError: string | null;
  deletedAt?: number | null;
}

/** The state a channel returns to when nothing is wrong with it. */
export function activeState(row: Pick<LifecycleRow, "type" | "backfillDone">): ChannelState {
  return hasOwnMessages(row.type) && !row.backfillDone ? ChannelState.Backfilling : ChannelState.Ready;
}

/** Is a channel in this state asked anything at all? */
export function isTerminal(state: ChannelState): boolean {
  return state === ChannelState.Deleted || state === ChannelState.Excluded;
}

/** Has the channel's retry time come (no retry time: at once)? */
export function isRetryDue(row: Pick<LifecycleRow, "retryAt">, now: number): boolean {
  return row.retryAt === null || row.retryAt <= now;
}

/**
 * The next status, or null when the event changes nothing (so nothing is written). `row` is null for a channel that
 * is not stored: only its first listing gives it a status.
 */
export function nextChannelStatus(
  row: null,
  event: FirstListedEvent,
  now: number,
  policy: LifecyclePolicy,
): ChannelStatus;
export function nextChannelStatus(
  row: LifecycleRow | null,
  event: ChannelEvent,
  now: number,
  policy: LifecyclePolicy,
): ChannelStatus | null;
export function nextChannelStatus(
  row: LifecycleRow | null,
  event: ChannelEvent,
  now: number,
  policy: LifecyclePolicy,
): ChannelStatus | null {
  if (row === null) {
    if (event.kind !== "first_listed") return null;
    if (event.excluded) return status(ChannelState.Excluded, null, null);
    // A category or a forum holds no messages of its own: nothing to walk back through.
    return status(activeState({ type: event.type, backfillDone: !hasOwnMessages(event.type) }), null, null);
  }
  const blocked = BLOCKED_STATES.has(row.state);
  switch (event.kind) {
    case "first_listed":
      // Already stored: its listing is a "listed" event.
      return null;
    case "listed":
      if (event.excluded) return row.state === ChannelState.Excluded ? null : status(ChannelState.Excluded, null, null);
      // Listed again: a deleted channel came back (Discord restores nothing, but a test world or a mistaken 404 can),
      // an excluded one was included again. A blocked one stays blocked until its retry: being listed proves View
      // Channel, not Read Message History or Connect.
      if (isTerminal(row.state)) return { ...status(activeState(row), null, null), deletedAt: null };
      return null;
    case "page_applied":
      if (isTerminal(row.state)) return null;
      if (blocked) return status(activeState(row), null, null);
      return row.lastError === null && row.retryAt === null ? null : status(row.state, null, null);
    case "backfill_finished":
      // Only a backfilling channel changes: a blocked one stays blocked (its backfill is done all the same, so it
      // comes back ready), and a deleted or excluded one keeps its state.
      if (row.state !== ChannelState.Backfilling) return null;
      return status(ChannelState.Ready, row.retryAt, row.lastError);
    case "history_unreadable":
      if (isTerminal(row.state)) return null;
      return status(ChannelState.Unreadable, now + policy.blockedRetryMs, event.reason);
    case "access_restored":
      if (!blocked) return null;
      return status(activeState(row), null, row.lastError);
    case "still_blocked":
      if (!blocked) return null;
      return status(row.state, now + policy.blockedRetryMs, event.reason);
    case "failed":
      return nextAfterFailure(row, event.failure, event.reason, now, policy);
  }
}

function nextAfterFailure(
  row: LifecycleRow,
  failure: ChannelFailure,
  reason: string,
  now: number,
  policy: LifecyclePolicy,
): ChannelStatus | null {
  if (isTerminal(row.state)) return null;
  switch (failure) {
    case "forbidden":
      return status(ChannelState.Forbidden, now + policy.blockedRetryMs, reason);
    case "not_found":
      return { ...status(ChannelState.Deleted, null, reason), deletedAt: now };
    case "transient":
      // 5xx, timeouts, rate limits: the state stays what it is, and the channel is due again shortly.
      return status(row.state, now + policy.transientRetryMs, reason);
    case "fatal":
    case "internal":
      // A request Discord calls malformed, or a bug of ours, would fail the same way every sync: back off.
      return status(row.state, now + policy.failureRetryMs, reason);
  }
}

function status(state: ChannelState, retryAt: number | null, lastError: string | null): ChannelStatus {
  return { state, retryAt, lastError };
}
