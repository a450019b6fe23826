import type { ActiveMembersWindow } from "../store/active-members-read.js";
import type { ChannelCountRow } from "../store/metrics-read.js";

/** One channel's (or thread's) messages on one UTC day, as stored in daily_messages. */
export interface ChannelDayCount {
  channelId: string;
  day: string;
  human: number;
  bot: number;
}

/** Sum of a channel's days before the export starts: where its cumulative totals begin. */
export interface ChannelTotalBefore {
  channelId: string;
  human: number;
  bot: number;
}

export interface GuildName {
  id: string;
  name: string;
}

export interface MemberSample {
  guildId: string;
  /** ms since the epoch */
  sampledAt: number;
  members: number;
  online: number;
}

export interface ActiveMembersDay {
  guildId: string;
  /** The window's last day (UTC): the value is stamped at its end. */
  day: string;
  window: ActiveMembersWindow;
  count: number;
}

/** Everything the OpenMetrics history is built from; read by read-history.ts, turned into text by build-openmetrics.ts. */
export interface HistoryInput {
  /** First and last UTC day exported, both included. */
  since: string;
  until: string;
  /** As the exporter's EXPORT_CHANNEL_NAMES: the channel and category labels are empty when false. */
  exportChannelNames: boolean;
  /** The same rows the live /metrics reads (createMetricsReader), so the label sets are the live ones. */
  channels: readonly ChannelCountRow[];
  channelTotalsBefore: readonly ChannelTotalBefore[];
  /** Days from `since` to `until`. */
  channelDays: readonly ChannelDayCount[];
  guilds: readonly GuildName[];
  /** Samples taken from the start of `since` to the end of `until`. */
  memberSamples: readonly MemberSample[];
  activeMembers: readonly ActiveMembersDay[];
}
