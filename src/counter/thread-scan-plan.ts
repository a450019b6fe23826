import type { ListedChannel } from "../discord/types.js";
import type { ChannelRow } from "../store/channel-rows.js";
import { ACTIVE_STATES } from "../store/channel-states.js";
import { canHoldThreads, isThreadOnlyType } from "../discord/channel-kinds.js";

/** A full archived-thread listing now and then catches threads created and archived between two syncs. */
export const ARCHIVED_RESCAN_MS = 24 * 60 * 60 * 1000;

/**
 * Should this parent's archived threads be listed this sync? Listing every parent every sync would cost one request
 * per channel on an idle guild, so only: never listed yet; a forum or media channel whose last_message_id (its newest
 * post) moved; a parent one of whose known active threads vanished from the active list (archived or deleted); and
 * a daily safety net.
 */
export function needsArchivedScan(parent: ChannelRow, hasVanishedThread: boolean, now: number): boolean {
  if (!canHoldThreads(parent.type) || !ACTIVE_STATES.has(parent.state)) return false;
  if (parent.threadsScannedAt === null || hasVanishedThread) return true;
  const isForumLike = isThreadOnlyType(parent.type);
  if (isForumLike && parent.lastMessageId !== parent.threadsScanMessageId) return true;
  return now - parent.threadsScannedAt >= ARCHIVED_RESCAN_MS;
}

/** Archived listings come newest archive first: once a page reaches what the last scan saw, stop paging. */
export function isBelowWatermark(thread: ListedChannel, watermark: string | null): boolean {
  if (watermark === null || thread.archiveTimestamp === null) return false;
  return Date.parse(thread.archiveTimestamp) < Date.parse(watermark);
}

export function newestArchiveTimestamp(threads: readonly ListedChannel[], previous: string | null): string | null {
  let newest = previous;
  for (const thread of threads) {
    if (thread.archiveTimestamp === null) continue;
    if (newest === null || Date.parse(thread.archiveTimestamp) > Date.parse(newest)) newest = thread.archiveTimestamp;
  }
  return newest;
}
