import {
  canHoldThreads,
  channelTypeName,
  hasOwnMessages,
  isCategoryType,
  isThreadType,
} from "../discord/channel-kinds.js";
import { timestampOfSnowflake } from "../discord/snowflake.js";
import { BLOCKED_STATES, ChannelState } from "../store/channel-states.js";
import { attributeMessages } from "../store/message-attribution.js";
import type { ChannelCountRow } from "../store/metrics-read.js";

export interface ChannelSeries {
  guildId: string;
  channelId: string;
  channel: string;
  categoryId: string;
  category: string;
  channelType: string;
  /** Messages in the channel itself. */
  own: { human: number; bot: number };
  /** Messages in its threads (forum and media posts included), summed: series grow with channels, not threads. */
  threads: { human: number; bot: number } | null;
  threadCount: number;
}

/** The labels every series of a channel carries; the history export uses the same, so old and live lines join. */
export function channelSeriesLabels(series: ChannelSeries) {
  return {
    guild_id: series.guildId,
    channel_id: series.channelId,
    channel: series.channel,
    category_id: series.categoryId,
    category: series.category,
    channel_type: series.channelType,
  };
}

// A channel that is gone or excluded has no series (its messages still count: see message-attribution.ts).
const HIDDEN_STATES: ReadonlySet<string> = new Set([ChannelState.Deleted, ChannelState.Excluded]);
const NEVER_READ_STATES: ReadonlySet<string> = BLOCKED_STATES;

/** Pure: turns stored rows into one entry per exported channel. */
export function buildChannelSeries(rows: readonly ChannelCountRow[], exportNames: boolean): ChannelSeries[] {
  const byId = new Map(rows.map((row) => [row.id, row]));
  const threadSums = new Map<string, { human: number; bot: number; count: number }>();
  for (const row of rows) {
    const target = attributeMessages(row);
    if (target?.source !== "threads") continue;
    const sum = threadSums.get(target.channelId) ?? { human: 0, bot: 0, count: 0 };
    sum.human += row.humanMessages;
    sum.bot += row.botMessages;
    sum.count += 1;
    threadSums.set(target.channelId, sum);
  }
  const series: ChannelSeries[] = [];
  for (const row of rows) {
    if (HIDDEN_STATES.has(row.state) || isThreadType(row.type) || isCategoryType(row.type)) continue;
    // A channel that could never be read has no count: exporting 0 would claim it is empty.
    if (NEVER_READ_STATES.has(row.state) && row.lastSeenId === null) continue;
    if (!hasOwnMessages(row.type) && !canHoldThreads(row.type)) continue;
    const category = row.parentId ? byId.get(row.parentId) : undefined;
    const threads = threadSums.get(row.id);
    series.push({
      guildId: row.guildId,
      channelId: row.id,
      channel: exportNames ? row.name : "",
      categoryId: row.parentId ?? "",
      category: exportNames && category ? category.name : "",
      channelType: channelTypeName(row.type),
      own: hasOwnMessages(row.type) ? { human: row.humanMessages, bot: row.botMessages } : { human: 0, bot: 0 },
      // Thread series only where there are threads (or where threads are all there is: forums), so a guild of
      // thread-less channels does not pay for two zero series per channel.
      threads: threads
        ? { human: threads.human, bot: threads.bot }
        : hasOwnMessages(row.type)
          ? null
          : { human: 0, bot: 0 },
      threadCount: threads?.count ?? 0,
    });
  }
  return series;
}

/**
 * How much of a channel's lifetime the backfill has covered, by time: from the newest counted message back to the
 * cursor, over the span back to the channel's creation (its id is a snowflake of that moment).
 */
export function backfillProgress(row: ChannelCountRow): number {
  if (row.backfillDone) return 1;
  if (row.lastSeenId === null || row.backfillBeforeId === null) return 0;
  const created = timestampOfSnowflake(row.id);
  const newest = timestampOfSnowflake(row.lastSeenId);
  const cursor = timestampOfSnowflake(row.backfillBeforeId);
  if (newest <= created) return 0;
  return Math.min(1, Math.max(0, (newest - cursor) / (newest - created)));
}
