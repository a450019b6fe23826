import { maxSnowflake } from "../discord/snowflake.js";
import { markChannelChecked, readChannel, updateChannelStatus } from "../store/channel-rows.js";
import { estimateRemainingPages, FIRST_PAGE_WEIGHT } from "./backfill-weight.js";
import type { CounterDeps } from "./deps.js";
import { tallyPage, tallyTotal } from "./tally.js";

/** Discord's largest page. A shorter page means the end was reached. */
export const PAGE_SIZE = 100;

/**
 * Counts the messages newer than the channel's forward cursor, page by page (after=cursor; Discord returns each
 * page newest-first, so the next cursor is the page's newest id). Each page and its cursor commit together.
 */
export async function syncChannelForward(deps: CounterDeps, channelId: string, signal: AbortSignal): Promise<void> {
  const row = readChannel(deps.store, channelId);
  if (!row || row.lastSeenId === null) return;
  const listedNewest = row.lastMessageId;
  let cursor = row.lastSeenId;
  while (!signal.aborted) {
    const after = cursor;
    const page = await deps.limiter.run("high", () => deps.api.fetchMessagePage(channelId, { after }, PAGE_SIZE));
    const tally = tallyPage(page, { after });
    if (tally.newestId === null) break;
    if (!deps.writer.applyForwardPage(channelId, after, tally, deps.clock())) return; // a recount moved the cursor
    deps.observer.pageCounted("forward", tallyTotal(tally));
    cursor = tally.newestId;
    if (page.length < PAGE_SIZE) break;
  }
  if (signal.aborted) return;
  // Reached the newest message: the listed last_message_id is covered even if it names a deleted message.
  const checked = maxSnowflake(listedNewest, cursor);
  if (checked !== null && checked !== row.checkedMessageId)
    markChannelChecked(deps.store, channelId, checked, deps.clock());
}

/**
 * Walks a channel's history backwards to its first message (before=cursor), resumable: the cursor is committed with
 * every page, so a restart continues where it stopped. Runs at low priority beside the forward syncs.
 */
export async function backfillChannel(deps: CounterDeps, channelId: string, signal: AbortSignal): Promise<void> {
  let weight = FIRST_PAGE_WEIGHT;
  while (!signal.aborted) {
    const row = readChannel(deps.store, channelId);
    if (!row || row.backfillDone || row.state !== "backfilling") return;
    const before = row.backfillBeforeId;
    const page = await deps.limiter.run(
      "low",
      () => deps.api.fetchMessagePage(channelId, before === null ? {} : { before }, PAGE_SIZE),
      weight,
    );
    if (signal.aborted) return;
    const now = deps.clock();
    if (before === null && page.length === 0 && row.lastMessageId !== null) {
      // Without Read Message History Discord answers 200 [] for a channel that has messages: never count it as empty.
      // https://discord.com/developers/docs/resources/message#get-channel-messages
      deps.log.warn({ channelId }, "channel has messages but returns none: the bot lacks Read Message History");
      updateChannelStatus(
        deps.store,
        channelId,
        {
          state: "unreadable",
          retryAt: now + deps.forbiddenRetryMs,
          lastError: "empty history while last_message_id is set",
        },
        now,
      );
      return;
    }
    const tally = tallyPage(page, { before });
    const reachedStart = page.length < PAGE_SIZE;
    if (tally.oldestId === null && !reachedStart) {
      deps.log.error({ channelId }, "backfill page held no message below the cursor; stopping this channel's backfill");
      return;
    }
    if (!deps.writer.applyBackfillPage(channelId, before, tally, reachedStart, now)) return;
    deps.observer.pageCounted("backfill", tallyTotal(tally));
    weight = estimateRemainingPages(channelId, tally, PAGE_SIZE);
    if (reachedStart) {
      deps.log.info({ channelId }, "backfill finished");
      return;
    }
  }
}
