import { maxSnowflake } from "../discord/snowflake.js";
import { type ChannelRow, markChannelChecked, readChannel } from "../store/channel-rows.js";
import { ChannelState } from "../store/channel-states.js";
import { estimateRemainingPages, FIRST_PAGE_WEIGHT } from "./backfill-weight.js";
import { applyChannelEvent, describeChannel } from "./channel-events.js";
import { nextChannelStatus } from "./channel-lifecycle.js";
import type { CounterDeps } from "./deps.js";
import { PAGE_SIZE, type WalkOutcome, walkPages } from "./page-loop.js";
import { tallyTotal } from "./tally.js";

/**
 * Counts the messages newer than the channel's forward cursor. Each page and its cursor commit together; a channel
 * that shows an empty history although Discord lists newer messages becomes unreadable, its counts kept.
 */
export async function syncChannelForward(deps: CounterDeps, row: ChannelRow, signal: AbortSignal): Promise<void> {
  if (row.lastSeenId === null) return;
  const outcome = await walkPages(
    deps,
    {
      channelId: row.id,
      direction: "forward",
      from: row.lastSeenId,
      to: null,
      knownId: row.lastMessageId,
      priority: "high",
      signal,
    },
    ({ tally, from }) => {
      if (from === null || !deps.writer.applyForwardPage(row.id, from, tally, deps.clock())) return false;
      if (tally.newestId !== null) deps.observer.pageCounted("forward", tallyTotal(tally));
      return true;
    },
  );
  if (outcome.kind === "complete") {
    // Reached the newest message: the listed last_message_id is covered even if it names a deleted message.
    const checked = maxSnowflake(row.lastMessageId, outcome.cursor);
    if (checked !== null && checked !== row.checkedMessageId)
      markChannelChecked(deps.store, row.id, checked, deps.clock());
  }
  settleOutcome(deps, row, outcome);
}

/**
 * Walks a channel's history backwards to its first message, resumable: the cursor is committed with every page, so a
 * restart continues where it stopped. Runs at low priority beside the forward syncs.
 */
export async function backfillChannel(deps: CounterDeps, channelId: string, signal: AbortSignal): Promise<void> {
  // Read now, not when the sync planned it: a job may start after an earlier one of the same channel finished.
  const row = readChannel(deps.store, channelId);
  if (!row || row.backfillDone || row.state !== ChannelState.Backfilling) return;
  // Decided from the row as it is now, which the page writes compare-and-set on (state backfilling).
  const finished = nextChannelStatus(row, { kind: "backfill_finished" }, deps.clock(), deps.policy)?.state ?? row.state;
  let weight = FIRST_PAGE_WEIGHT;
  const outcome = await walkPages(
    deps,
    {
      channelId,
      direction: "backward",
      from: row.backfillBeforeId,
      to: null,
      knownId: row.lastMessageId,
      priority: "low",
      weight: () => weight,
      signal,
    },
    ({ tally, from, last }) => {
      if (!deps.writer.applyBackfillPage(channelId, from, tally, last ? finished : null, deps.clock())) return false;
      deps.observer.pageCounted("backfill", tallyTotal(tally));
      weight = estimateRemainingPages(channelId, tally, PAGE_SIZE);
      return true;
    },
  );
  if (outcome.kind === "complete") {
    deps.log.info({ channelId, channel: row.name }, `backfill of ${describeChannel(row)} finished`);
  }
  settleOutcome(deps, row, outcome);
}

/** What a finished walk means for the channel's state: unreadable, or (after earlier failures) healthy again. */
export function settleOutcome(deps: CounterDeps, row: ChannelRow, outcome: WalkOutcome): void {
  if (outcome.kind === "unreadable") {
    applyChannelEvent(deps, row.id, { kind: "history_unreadable", reason: outcome.reason });
  } else if (outcome.kind === "complete" && (row.lastError !== null || row.retryAt !== null)) {
    applyChannelEvent(deps, row.id, { kind: "page_applied" });
  }
}
