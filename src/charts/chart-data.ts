// The rows the charts draw, as the store's read queries produce them. Days are UTC calendar days ("YYYY-MM-DD"), as
// the queries answer them (the daily tables store day numbers: store/daily-keys.ts); times are ms since the epoch.

/** An inclusive range of UTC days; every day in it gets a bar, including days that have no row. */
export interface DayRange {
  from: string;
  to: string;
}

/** One member-count sample (a guild poll). `online` is null when Discord did not report presence counts. */
export interface MemberPoint {
  at: number;
  members: number;
  online: number | null;
}

/** Messages posted on one day, split between people and bots. */
export interface MessagesDay {
  day: string;
  human: number;
  bot: number;
}

/** Distinct people who posted on one day. */
export interface ActiveDay {
  day: string;
  active: number;
}

/** Distinct people who posted in the 1, 7 and 30 days ending on `day`. */
export interface ActiveMembersDay {
  day: string;
  d1: number;
  d7: number;
  d30: number;
}

/** One channel's messages over a range, split between people and bots. */
export interface TopChannel {
  channelId: string;
  name: string;
  human: number;
  bot: number;
}

/** One channel's messages on one day: posted in the channel itself, and in its threads or forum posts. */
export interface ChannelSourcesDay {
  day: string;
  channel: number;
  threads: number;
}

/** Time spent in voice channels on one day, and how many distinct people joined one. */
export interface VoiceDay {
  day: string;
  humanSeconds: number;
  botSeconds: number;
  people: number;
}

export interface MembersChartData {
  points: readonly MemberPoint[];
}

export interface MessagesChartData extends DayRange {
  days: readonly MessagesDay[];
  /** When given, daily active members are drawn as a line on a second axis. */
  active?: readonly ActiveDay[];
}

export interface ActiveMembersChartData extends DayRange {
  days: readonly ActiveMembersDay[];
}

export interface TopChannelsChartData extends DayRange {
  channels: readonly TopChannel[];
}

export interface ChannelSourcesChartData extends DayRange {
  days: readonly ChannelSourcesDay[];
}

export interface VoiceChartData extends DayRange {
  days: readonly VoiceDay[];
}
