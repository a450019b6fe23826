import { timestampOfSnowflake } from "../discord/snowflake.js";
import type { PageTally } from "../store/page-tally.js";

/** Before its first page a channel's size is unknown: it waits behind channels known to be big, ahead of small ones. */
export const FIRST_PAGE_WEIGHT = 10;

/**
 * Estimated pages left in a backfill, from the last page: the time still to cover (cursor back to the channel's
 * creation, which its id encodes) divided by the time one page covered. Pure; used to order backfill requests.
 */
export function estimateRemainingPages(channelId: string, lastPage: PageTally, pageSize: number): number {
  if (lastPage.oldestId === null || lastPage.newestId === null) return 0;
  const count = lastPage.human + lastPage.bot;
  if (count < pageSize) return 0;
  const covered = timestampOfSnowflake(lastPage.newestId) - timestampOfSnowflake(lastPage.oldestId);
  const remaining = timestampOfSnowflake(lastPage.oldestId) - timestampOfSnowflake(channelId);
  if (remaining <= 0) return 1;
  return remaining / Math.max(covered, 1);
}
