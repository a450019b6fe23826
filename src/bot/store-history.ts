import { countCoverage } from "../counter/count-coverage.js";
import type { BackfillReader } from "../store/backfill-read.js";
import { ACTIVE_STATES } from "../store/channel-states.js";
import type { HistoryQueries } from "../store/history-queries.js";
import type { VoiceHistory } from "../store/voice-history.js";
import type { StatsHistory } from "./stats-history.js";

export interface StoreStatsHistoryDeps {
  queries: HistoryQueries;
  backfills: Pick<BackfillReader, "readCounted">;
  /** The first count's estimated seconds to finish per guild (counter/backfill-eta-tracker.ts); null unknown. */
  etaSeconds: (guildId: string) => number | null;
  voice: VoiceHistory | null;
}

/** The bot's questions answered from SQLite, with the queries the JSON API and the web page use too. */
export function createStoreStatsHistory(deps: StoreStatsHistoryDeps): StatsHistory {
  const { queries } = deps;
  return {
    guild(guildId) {
      const guild = queries.guild(guildId);
      return guild === null
        ? null
        : { name: guild.name || guild.id, members: guild.memberCount, online: guild.presenceCount };
    },
    memberPoints: (guildId, fromMs, toMs) => queries.memberPoints(guildId, { fromMs, toMs }),
    messagesPerDay: (guildId, range, channelId) => queries.messagesPerDay(guildId, range, channelId ?? undefined),
    activePerDay: (guildId, range, channelId) => queries.activePerDay(guildId, range, channelId ?? undefined),
    activeMembers(guildId, today) {
      const [day] = queries.activeMembersPerDay(guildId, { from: today, to: today });
      return { d1: day?.d1 ?? 0, d7: day?.d7 ?? 0, d30: day?.d30 ?? 0 };
    },
    topChannels: (guildId, range, limit) => queries.topChannels(guildId, range, limit),
    channel(guildId, channelId) {
      const channel = queries.channel(channelId);
      if (channel === null || channel.guildId !== guildId) return null;
      return { name: channel.name, state: channel.state, counted: ACTIVE_STATES.has(channel.state) };
    },
    coverage(guildId) {
      return { ...countCoverage(deps.backfills.readCounted(), guildId), etaSeconds: deps.etaSeconds(guildId) };
    },
    voicePerDay(guildId, range) {
      return deps.voice?.voicePerDay(guildId, range) ?? { days: [], people: 0 };
    },
  };
}
