import { isNewerSnowflake, maxSnowflake } from "../discord/snowflake.js";
import type { ChannelRow } from "../store/channel-rows.js";
import { hasOwnMessages } from "./channel-kinds.js";

export interface ChannelPlan {
  /** Page forwards from last_seen_id. */
  forward: boolean;
  /** The backward walk to the channel's first message is not finished. */
  backfill: boolean;
  /** A forbidden or unreadable channel whose retry time has come: one request decides whether it is back. */
  retry: boolean;
}

const NOTHING: ChannelPlan = { forward: false, backfill: false, retry: false };

/**
 * Decides, from stored state alone, what a channel costs this sync. A channel whose listed last_message_id is not
 * newer than what we counted (or already checked: it may name a deleted message) costs no request at all.
 */
export function planChannelSync(row: ChannelRow, now: number): ChannelPlan {
  if (!hasOwnMessages(row.type)) return NOTHING;
  switch (row.state) {
    case "excluded":
    case "deleted":
      return NOTHING;
    case "forbidden":
    case "unreadable":
      return row.retryAt !== null && row.retryAt <= now ? { forward: false, backfill: false, retry: true } : NOTHING;
    default: {
      const backfill = !row.backfillDone;
      const known = maxSnowflake(row.lastSeenId, row.checkedMessageId);
      const forward = row.lastSeenId !== null && isNewerSnowflake(row.lastMessageId, known);
      return { forward, backfill, retry: false };
    }
  }
}
