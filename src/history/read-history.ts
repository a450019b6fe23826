import { createHistoryReader, type HistoryReader } from "../store/history-read.js";
import { createMetricsReader } from "../store/metrics-read.js";
import type { Store } from "../store/open.js";
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
  return reader.consistent((): HistoryInput => {
    const since = options.since ?? readFirstDay(reader) ?? options.until;
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
    };
  });
}

/** The earliest day with a message count or a member sample; null for an empty database. */
function readFirstDay(reader: HistoryReader): string | null {
  const first = reader.firstData();
  const sampleDay = first.sampledAt === null ? null : formatUtcDay(first.sampledAt);
  if (first.day === null) return sampleDay;
  return sampleDay === null ? first.day : minDay(first.day, sampleDay);
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
