import type { ActiveDay, DayRange, MemberPoint, MessagesDay, TopChannel, VoiceDay } from "../charts/chart-data.js";

/** A guild's current numbers, from its latest sync. */
export interface GuildNow {
  name: string;
  members: number | null;
  online: number | null;
}

/** Where the first full count stands: the history of a range is exact once every channel was counted back past it. */
export interface CountCoverage {
  /** Share of the channels' lifetimes counted, by time (1 when every backfill finished). */
  ratio: number;
  /** The first UTC day from which every counted channel's history is complete; null when none is yet. */
  completeSince: string | null;
  done: boolean;
  /** From the measured rate; null when unknown. */
  etaSeconds: number | null;
}

export interface ChannelRecord {
  name: string;
  state: string;
  /** Its messages are counted (not excluded, forbidden or unreadable). */
  counted: boolean;
}

/**
 * What the bot reads to answer, one method per question; the store implements it (bot/store-history.ts). Days are
 * UTC days ("YYYY-MM-DD"), ranges inclusive; threads and forum posts count towards their parent channel.
 */
export interface StatsHistory {
  guild(guildId: string): GuildNow | null;
  memberPoints(guildId: string, fromMs: number, toMs: number): MemberPoint[];
  messagesPerDay(guildId: string, range: DayRange, channelId: string | null): MessagesDay[];
  activePerDay(guildId: string, range: DayRange, channelId: string | null): ActiveDay[];
  /** Distinct people who posted over the last 1, 7 and 30 days ending on `today`. */
  activeMembers(guildId: string, today: string): { d1: number; d7: number; d30: number };
  topChannels(guildId: string, range: DayRange, limit: number): TopChannel[];
  channel(guildId: string, channelId: string): ChannelRecord | null;
  coverage(guildId: string): CountCoverage;
  /** Voice seconds per day, and the distinct people over the whole range. */
  voicePerDay(guildId: string, range: DayRange): { days: VoiceDay[]; people: number };
}
