import type { ActiveMembersWindow } from "../store/active-members-read.js";
import type { ChannelDayCount, ChannelTotalBefore, GuildName, MemberSample } from "../store/history-read.js";
import type { ChannelCountRow } from "../store/metrics-read.js";
import type { MemberFlowDay, VoiceDayMs, VoiceMsBefore } from "../store/voice-history-read.js";
import type { MemberFlowTotals } from "../store/voice-read.js";
import type { VoiceChannelLabelRow } from "../metrics/voice-metrics.js";

export type { ChannelDayCount, ChannelTotalBefore, GuildName, MemberSample } from "../store/history-read.js";
export type { MemberFlowDay, VoiceDayMs, VoiceMsBefore } from "../store/voice-history-read.js";
export type { MemberFlowTotals } from "../store/voice-read.js";

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
  // Voice (VOICE_ACTIVITY) and member joins/leaves (MEMBER_EVENTS): all empty for a database that never recorded
  // them (or was written before they existed), and then the export has none of their families.
  /** The voice channels the live discord_voice_seconds_total shows, for their label sets. */
  voiceChannels: readonly VoiceChannelLabelRow[];
  /** Each guild's first day with a voice record: the series start there (or at `since`, or the channel's creation). */
  voiceFirstDays: readonly { guildId: string; day: string }[];
  voiceMsBefore: readonly VoiceMsBefore[];
  /** Days from `since` to `until`. */
  voiceDays: readonly VoiceDayMs[];
  voiceActiveMembers: readonly ActiveMembersDay[];
  memberFlowBefore: readonly MemberFlowTotals[];
  /** Days from `since` to `until`. */
  memberFlowDays: readonly MemberFlowDay[];
}
