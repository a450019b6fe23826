import { DiscordRequestError } from "../discord/errors.js";
import { isNewerSnowflake, maxSnowflake, timestampOfSnowflake } from "../discord/snowflake.js";
import { readChannel } from "../store/channel-rows.js";
import { BLOCKED_STATES, ChannelState } from "../store/channel-states.js";
import type { PageTally } from "../store/page-tally.js";
import { swapInRecount } from "../store/recount-writes.js";
import { isTerminal, nextChannelStatus } from "./channel-lifecycle.js";
import { applyChannelEvent, recordChannelFailure } from "./channel-events.js";
import type { CounterDeps } from "./deps.js";
import type { Priority } from "./limiter.js";
import { type PageWalk, walkPages } from "./page-loop.js";
import { emptyTally, mergeTally } from "./tally.js";

export interface RecountDeps extends Omit<CounterDeps, "writer"> {
  priority: Priority;
}

export interface RecountProgress {
  channelId: string;
  /** 0..1, by time covered: from the newest message back to the channel's creation. */
  ratio: number;
  messages: number;
  /** The new count is being written, inside the swap's transaction. */
  swapping?: true;
}

export type RecountResult =
  | {
      kind: "recounted";
      channelId: string;
      oldTotal: number;
      newTotal: number;
      /** old − new: messages deleted since they were counted (negative if the old count had missed some). */
      difference: number;
    }
  /** Nothing was swapped in: the channel keeps its counted totals and daily history. */
  | { kind: "skipped"; channelId: string; state: ChannelState; reason: string };

/** A recount that keeps losing the race with live syncs gives up after this many catch-ups (and says so). */
const MAX_SWAP_ATTEMPTS = 20;

class ChannelUnreadable extends Error {}

/**
 * Counts a channel again from scratch, aside, while the exporter keeps running on the same database; then swaps the
 * new count in atomically. Messages the live exporter counted meanwhile are caught up with before the swap, so
 * nothing is lost or counted twice. A channel the bot cannot read (an empty history where messages exist, 403, 404)
 * is never swapped: it is marked as such, keeps its counts, and the result says why it was skipped.
 */
export async function recountChannel(
  deps: RecountDeps,
  channelId: string,
  onProgress: (progress: RecountProgress) => void = () => {},
  signal?: AbortSignal,
): Promise<RecountResult> {
  const row = readChannel(deps.store, channelId);
  if (!row) throw new Error(`channel ${channelId} is not in the database`);
  try {
    const result = await recountReadable(deps, row.id, unreadableWitness(row), onProgress, signal);
    // A channel that was forbidden or failing and could be recounted is healthy again.
    if (row.lastError !== null || row.retryAt !== null) applyChannelEvent(deps, channelId, { kind: "page_applied" });
    return result;
  } catch (error) {
    if (error instanceof ChannelUnreadable) {
      applyChannelEvent(deps, channelId, { kind: "history_unreadable", reason: error.message });
      return { kind: "skipped", channelId, state: ChannelState.Unreadable, reason: error.message };
    }
    if (!(error instanceof DiscordRequestError)) throw error;
    const state = recordChannelFailure(deps, row, error);
    if (state !== null && (BLOCKED_STATES.has(state) || isTerminal(state))) {
      return { kind: "skipped", channelId, state, reason: error.message };
    }
    throw error;
  }
}

async function recountReadable(
  deps: RecountDeps,
  channelId: string,
  listedNewest: string | null,
  onProgress: (progress: RecountProgress) => void,
  signal: AbortSignal | undefined,
): Promise<RecountResult> {
  const tally = emptyTally();
  const startedAt = deps.clock();
  const createdAt = timestampOfSnowflake(channelId);
  let newestAtStart: number | null = null;
  await walkInto(
    deps,
    tally,
    { channelId, direction: "backward", from: null, to: null, knownId: listedNewest },
    signal,
    (page) => {
      if (page.oldestId === null) return;
      newestAtStart ??= timestampOfSnowflake(tally.newestId ?? page.oldestId);
      const span = Math.max(1, newestAtStart - createdAt);
      const ratio = Math.min(1, (newestAtStart - timestampOfSnowflake(page.oldestId)) / span);
      onProgress({ channelId, ratio, messages: tally.human + tally.bot });
    },
  );
  onProgress({ channelId, ratio: 1, messages: tally.human + tally.bot });

  let covered = tally.newestId;
  for (let attempt = 0; attempt < MAX_SWAP_ATTEMPTS; attempt++) {
    const live = readChannel(deps.store, channelId);
    if (!live) throw new Error(`channel ${channelId} is not in the database`);
    const liveCursor = live.lastSeenId;
    // The live exporter counted past what the backward walk saw: count the same stretch here before swapping.
    if (liveCursor !== null && liveCursor !== "0" && isNewerSnowflake(liveCursor, covered)) {
      const upper = (BigInt(liveCursor) + 1n).toString();
      const from = covered ?? "0";
      await walkInto(deps, tally, { channelId, direction: "forward", from, to: upper, knownId: liveCursor }, signal);
      covered = liveCursor;
    }
    const swap = swapInRecount(deps.store, {
      channelId,
      expectedLastSeenId: liveCursor,
      expectedState: live.state,
      state: nextChannelStatus(live, { kind: "backfill_finished" }, deps.clock(), deps.policy)?.state ?? live.state,
      coveredUpToId: maxSnowflake(covered, liveCursor) ?? "0",
      tally,
      now: deps.clock(),
      startedAt,
      onWriting: () => onProgress({ channelId, ratio: 1, messages: tally.human + tally.bot, swapping: true }),
    });
    if (swap.swapped) {
      const oldTotal = swap.before.human + swap.before.bot;
      const newTotal = tally.human + tally.bot;
      return { kind: "recounted", channelId, oldTotal, newTotal, difference: oldTotal - newTotal };
    }
  }
  // Nothing was swapped in and the channel is fine: skipped (counts kept), not a failure of the channel.
  const live = readChannel(deps.store, channelId);
  if (!live) throw new Error(`channel ${channelId} is not in the database`);
  const reason = `live syncs kept moving through ${MAX_SWAP_ATTEMPTS} catch-ups; try again`;
  return { kind: "skipped", channelId, state: live.state, reason };
}

/**
 * The message whose presence tells an empty history from one the bot cannot read: the listed newest, else the newest
 * we counted. Without one, a channel answering [] (Read Message History revoked) would be recounted to zero.
 */
function unreadableWitness(row: { lastMessageId: string | null; lastSeenId: string | null }): string | null {
  if (row.lastMessageId !== null) return row.lastMessageId;
  return row.lastSeenId !== null && row.lastSeenId !== "0" ? row.lastSeenId : null;
}

/** Walks a window into the tally (recount pages are summed aside, not written); unreadable is thrown. */
async function walkInto(
  deps: RecountDeps,
  tally: PageTally,
  window: Omit<PageWalk, "priority" | "signal">,
  signal: AbortSignal | undefined,
  onMerged: (page: PageTally) => void = () => {},
): Promise<void> {
  const outcome = await walkPages(deps, { ...window, priority: deps.priority, signal }, ({ tally: page }) => {
    mergeTally(tally, page);
    onMerged(page);
    return true;
  });
  if (outcome.kind === "aborted") throw new Error("recount aborted");
  if (outcome.kind === "unreadable") throw new ChannelUnreadable(outcome.reason);
}
