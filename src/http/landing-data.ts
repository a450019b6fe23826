import { channelTypeName, isThreadType } from "../discord/channel-kinds.js";
import { backfillProgress, buildChannelSeries } from "../metrics/channel-series.js";
import { BLOCKED_STATES } from "../store/channel-states.js";
import type { ChannelCountRow, GuildCountRow } from "../store/metrics-read.js";
import type { LandingData } from "./landing-page.js";

/** Pure: what the landing page shows, from the same rows the metrics use. */
export function buildLandingData(
  version: string,
  guilds: readonly GuildCountRow[],
  channels: readonly ChannelCountRow[],
): LandingData {
  const series = new Map(buildChannelSeries(channels, true).map((entry) => [entry.channelId, entry]));
  return {
    version,
    guilds: guilds.map((guild) => ({
      id: guild.id,
      name: guild.name,
      status: guild.status,
      members: guild.memberCount,
      online: guild.presenceCount,
      lastSuccessAt: guild.lastSuccessAt,
      channels: channels
        .filter(
          (row) =>
            row.guildId === guild.id &&
            // Channels the bot cannot read have no exported count, but the status page must show them.
            (series.has(row.id) || BLOCKED_STATES.has(row.state)) &&
            !isThreadType(row.type),
        )
        .map((row) => {
          const entry = series.get(row.id);
          return {
            id: row.id,
            name: row.name,
            type: channelTypeName(row.type),
            state: row.state,
            messages: row.humanMessages + row.botMessages,
            threadMessages: entry?.threads ? entry.threads.human + entry.threads.bot : 0,
            backfillPercent: Math.floor(backfillProgress(row) * 100),
          };
        })
        .sort((a, b) => b.messages + b.threadMessages - (a.messages + a.threadMessages)),
    })),
  };
}
