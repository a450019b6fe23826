// The history as an OpenMetrics file for `promtool tsdb create-blocks-from openmetrics`. Pure.
// Names, labels and HELP match the live /metrics, so Grafana joins the backfilled days and the scraped ones into
// one line per series.
import { ACTIVE_MEMBERS_HELP, ACTIVE_MEMBERS_METRIC } from "../metrics/active-members.js";
import { ACTIVE_MEMBER_WINDOWS } from "../store/active-members-read.js";
import { buildChannelHistory, type HistoryPoint, type HistorySeries } from "./channel-history.js";
import type { HistoryInput } from "./history-input.js";
import {
  OPENMETRICS_EOF,
  formatGaugeHeader,
  formatLabels,
  formatTimestampSeconds,
  formatValue,
} from "./openmetrics-text.js";
import { endOfUtcDayMs, startOfUtcDayMs } from "./utc-days.js";

// The same names and HELP texts as src/metrics/store-metrics.ts.
export const HISTORY_FAMILIES = {
  channelMessages: {
    name: "discord_channel_messages",
    help: "Messages counted in the channel, by author kind (human, bot) and source (the channel itself, or its threads and posts summed).",
  },
  guildMembers: {
    name: "discord_guild_members",
    help: "Members of the guild (approximate_member_count: all members, no cap).",
  },
  guildMembersOnline: {
    name: "discord_guild_members_online",
    help: "Members of the guild who are not offline (approximate_presence_count).",
  },
  activeMembers: { name: ACTIVE_MEMBERS_METRIC, help: ACTIVE_MEMBERS_HELP },
} as const;

interface Family {
  name: string;
  help: string;
  series: readonly HistorySeries[];
}

function buildMemberSeries(input: HistoryInput, field: "members" | "online"): HistorySeries[] {
  const from = startOfUtcDayMs(input.since);
  const to = endOfUtcDayMs(input.until) + 999;
  const names = new Map(input.guilds.map((guild) => [guild.id, guild.name]));
  const byGuild = new Map<string, HistoryPoint[]>();
  for (const sample of input.memberSamples) {
    if (sample.sampledAt < from || sample.sampledAt > to) continue;
    const points = byGuild.get(sample.guildId) ?? [];
    points.push({ ms: sample.sampledAt, value: sample[field] });
    byGuild.set(sample.guildId, points);
  }
  return [...byGuild.keys()].sort().map((guildId) => {
    const points = (byGuild.get(guildId) ?? []).sort((a, b) => a.ms - b.ms);
    return { labels: { guild_id: guildId, guild: names.get(guildId) ?? "" }, points: () => points };
  });
}

function buildActiveMemberSeries(input: HistoryInput): HistorySeries[] {
  const byGuild = new Map<string, Map<string, { day: string; count: number }[]>>();
  for (const row of input.activeMembers) {
    if (row.day < input.since || row.day > input.until) continue;
    const windows = byGuild.get(row.guildId) ?? new Map<string, { day: string; count: number }[]>();
    byGuild.set(row.guildId, windows);
    const days = windows.get(row.window) ?? [];
    windows.set(row.window, days);
    days.push({ day: row.day, count: row.count });
  }
  const series: HistorySeries[] = [];
  for (const guildId of [...byGuild.keys()].sort()) {
    for (const { window } of ACTIVE_MEMBER_WINDOWS) {
      const days = byGuild.get(guildId)?.get(window);
      if (!days) continue;
      const points = days
        .sort((a, b) => (a.day < b.day ? -1 : a.day > b.day ? 1 : 0))
        .map((d) => ({ ms: endOfUtcDayMs(d.day), value: d.count }));
      series.push({ labels: { guild_id: guildId, window }, points: () => points });
    }
  }
  return series;
}

/**
 * The file line by line (each ending in "\n"): a family's samples together, each series' samples together and in
 * time order, "# EOF" last. A generator so that years of history can be streamed to a file.
 */
export function* buildOpenMetricsLines(input: HistoryInput): Generator<string> {
  const families: Family[] = [
    { ...HISTORY_FAMILIES.channelMessages, series: buildChannelHistory(input) },
    { ...HISTORY_FAMILIES.guildMembers, series: buildMemberSeries(input, "members") },
    { ...HISTORY_FAMILIES.guildMembersOnline, series: buildMemberSeries(input, "online") },
    { ...HISTORY_FAMILIES.activeMembers, series: buildActiveMemberSeries(input) },
  ];
  for (const family of families) {
    for (const line of formatGaugeHeader(family.name, family.help)) yield `${line}\n`;
    for (const series of family.series) {
      // The name and labels are escaped once per series, not once per sample.
      const prefix = `${family.name}${formatLabels(series.labels)} `;
      for (const point of series.points())
        yield `${prefix}${formatValue(point.value)} ${formatTimestampSeconds(point.ms)}\n`;
    }
  }
  yield `${OPENMETRICS_EOF}\n`;
}

export function buildOpenMetricsHistory(input: HistoryInput): string {
  let text = "";
  for (const line of buildOpenMetricsLines(input)) text += line;
  return text;
}
