import { hasOwnMessages } from "../discord/channel-kinds.js";
import { isNewerSnowflake, maxSnowflake } from "../discord/snowflake.js";
import type { ChannelRow } from "../store/channel-rows.js";
import { BLOCKED_STATES } from "../store/channel-states.js";
import { isRetryDue, isTerminal } from "./channel-lifecycle.js";

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
 * newer than what we counted (or already checked: it may name a deleted message) costs no request at all, and a
 * channel in back-off (a failure with a retry time) costs none before that time. Pure.
 */
export function planChannelSync(row: ChannelRow, now: number): ChannelPlan {
  if (!hasOwnMessages(row.type) || isTerminal(row.state)) return NOTHING;
  if (!isRetryDue(row, now)) return NOTHING;
  if (BLOCKED_STATES.has(row.state)) return { forward: false, backfill: false, retry: true };
  const backfill = !row.backfillDone;
  const known = maxSnowflake(row.lastSeenId, row.checkedMessageId);
  const forward = row.lastSeenId !== null && isNewerSnowflake(row.lastMessageId, known);
  return { forward, backfill, retry: false };
}
