import { createHistoryReader, type HistoryReader } from "../store/history-read.js";
import { createMetricsReader } from "../store/metrics-read.js";
import type { Store } from "../store/open.js";
import { createVoiceHistoryReader, type VoiceHistoryReader } from "../store/voice-history-read.js";
import { ACTIVE_MEMBERS_LOOKBACK_DAYS, countActiveMembersByDay } from "./active-members-history.js";
import type { HistoryInput } from "./history-input.js";
import { addUtcDays, endOfUtcDayMs, formatUtcDay, isUtcDay, maxDay, minDay, startOfUtcDayMs } from "./utc-days.js";

export interface ReadHistoryOptions {
  /** First UTC day to export (YYYY-MM-DD); default: the first day the database has anything for. */
  since?: string;
  /** Last UTC day to export, included. */
  until: string;
  exportChannelNames: boolean;
}

/**
 * Reads everything the OpenMetrics history needs, in one read transaction so that a running exporter's commits
 * cannot land between two of the queries. Works on a read-only handle.
 */
export function readHistoryInput(store: Store, options: ReadHistoryOptions): HistoryInput {
  if (!isUtcDay(options.until))
    throw new RangeError(`until must be a YYYY-MM-DD day, got ${JSON.stringify(options.until)}`);
  if (options.since !== undefined && !isUtcDay(options.since)) {
    throw new RangeError(`since must be a YYYY-MM-DD day, got ${JSON.stringify(options.since)}`);
  }
  const reader = createHistoryReader(store);
  const voice = createVoiceHistoryReader(store);
  return reader.consistent((): HistoryInput => {
    const since = options.since ?? readFirstDay(reader, voice) ?? options.until;
    const voiceFirstDays = voice.voiceFirstDays();
    const voiceGuilds = new Set(voiceFirstDays.map((row) => row.guildId));
    return {
      since,
      until: options.until,
      exportChannelNames: options.exportChannelNames,
      channels: createMetricsReader(store).readChannels(),
      channelTotalsBefore: reader.channelTotalsBefore(since),
      channelDays: reader.channelDays(since, options.until),
      guilds: reader.guildNames(),
      memberSamples: reader.memberSamples(startOfUtcDayMs(since), endOfUtcDayMs(options.until) + 999),
      activeMembers: readActiveMembersHistory(reader, since, options.until),
      // Only guilds where voice was ever recorded: elsewhere the live counter never existed.
      voiceChannels: voice
        .voiceChannels()
        .filter((row) => voiceGuilds.has(row.guildId))
        .map(({ guildId, channelId, name }) => ({ guildId, channelId, name })),
      voiceFirstDays,
      voiceMsBefore: voice.voiceMsBefore(since),
      voiceDays: voice.voiceDays(since, options.until),
      voiceActiveMembers: readVoiceActiveHistory(voice, voiceFirstDays, since, options.until),
      memberFlowBefore: voice.memberFlowBefore(since),
      memberFlowDays: voice.memberFlowDays(since, options.until),
    };
  });
}

/** The earliest day with a message count, a member sample, voice or a join or leave; null for an empty database. */
function readFirstDay(reader: HistoryReader, voice: VoiceHistoryReader): string | null {
  const first = reader.firstData();
  const days = [first.day, first.sampledAt === null ? null : formatUtcDay(first.sampledAt), voice.firstDay()];
  return days.reduce<string | null>((min, day) => (day === null ? min : min === null ? day : minDay(min, day)), null);
}

/**
 * Active members for every day from `since` (or the guild's first counted message, if later) to `until`. Channels
 * excluded from counting are left out, as in the live gauge.
 */
function readActiveMembersHistory(reader: HistoryReader, since: string, until: string) {
  const firstDays = new Map<string, string>();
  for (const { guildId, day } of reader.guildFirstDays()) {
    const first = maxDay(since, day);
    if (first <= until) firstDays.set(guildId, first);
  }
  const authors = reader.guildAuthorDays(addUtcDays(since, -ACTIVE_MEMBERS_LOOKBACK_DAYS), until);
  return countActiveMembersByDay(authors, firstDays, until);
}

/**
 * discord_voice_active_members for every day from `since` (or the guild's first voice record, if later) to `until`:
 * the people present in voice counted with the same sliding windows as the authors of discord_active_members.
 */
function readVoiceActiveHistory(
  voice: VoiceHistoryReader,
  guildFirstDays: readonly { guildId: string; day: string }[],
  since: string,
  until: string,
) {
  const firstDays = new Map<string, string>();
  for (const { guildId, day } of guildFirstDays) {
    const first = maxDay(since, day);
    if (first <= until) firstDays.set(guildId, first);
  }
  if (firstDays.size === 0) return [];
  const people = voice.voicePeopleDays(addUtcDays(since, -ACTIVE_MEMBERS_LOOKBACK_DAYS), until);
  return countActiveMembersByDay(people, firstDays, until);
}
