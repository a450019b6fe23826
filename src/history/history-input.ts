import type { ActiveMembersWindow } from "../store/active-members-read.js";
import type { ChannelDayCount, ChannelTotalBefore, GuildName, MemberSample } from "../store/history-read.js";
import type { ChannelCountRow } from "../store/metrics-read.js";

export type { ChannelDayCount, ChannelTotalBefore, GuildName, MemberSample } from "../store/history-read.js";

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
