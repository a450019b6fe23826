// The history as an OpenMetrics file for `promtool tsdb create-blocks-from openmetrics`. Pure.
// Names, labels and HELP match the live /metrics, so Grafana joins the backfilled days and the scraped ones into
// one line per series.
import { ACTIVE_MEMBERS_HELP, ACTIVE_MEMBERS_METRIC } from "../metrics/active-members.js";
import {
  MEMBER_JOINS_METRIC,
  MEMBER_LEAVES_METRIC,
  VOICE_ACTIVE_MEMBERS_METRIC,
  VOICE_SECONDS_METRIC,
} from "../metrics/voice-metrics.js";
import { ACTIVE_MEMBER_WINDOWS } from "../store/active-members-read.js";
import { buildChannelHistory, type HistoryPoint, type HistorySeries } from "./channel-history.js";
import type { ActiveMembersDay, HistoryInput } from "./history-input.js";
import { buildMemberFlowHistory } from "./member-flow-history.js";
import {
  OPENMETRICS_EOF,
  formatCounterHeader,
  formatGaugeHeader,
  formatLabels,
  formatTimestampSeconds,
  formatValue,
} from "./openmetrics-text.js";
import { endOfUtcDayMs, startOfUtcDayMs } from "./utc-days.js";
import { buildVoiceSecondsHistory } from "./voice-history.js";

// The same names and HELP texts as the live metrics (src/metrics/store-metrics.ts, and the shared constants). A
// counter's name is its samples' name (`_total`); its OpenMetrics family name drops the suffix (openmetrics-text.ts).
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
  voiceSeconds: VOICE_SECONDS_METRIC,
  voiceActiveMembers: VOICE_ACTIVE_MEMBERS_METRIC,
  memberJoins: MEMBER_JOINS_METRIC,
  memberLeaves: MEMBER_LEAVES_METRIC,
} as const;

interface Family {
  name: string;
  help: string;
  type: "gauge" | "counter";
  unit?: string;
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

/** discord_active_members, and discord_voice_active_members from the same kind of rows. */
function buildActiveMemberSeries(input: HistoryInput, rows: readonly ActiveMembersDay[]): HistorySeries[] {
  const byGuild = new Map<string, Map<string, { day: string; count: number }[]>>();
  for (const row of rows) {
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

function formatHeader(family: Family): string[] {
  return family.type === "counter"
    ? formatCounterHeader(family.name, family.help, family.unit)
    : formatGaugeHeader(family.name, family.help);
}

/**
 * The file line by line (each ending in "\n"): a family's samples together, each series' samples together and in
 * time order, "# EOF" last. A family without a single sample is left out (a database that never recorded voice has
 * no voice family). A generator so that years of history can be streamed to a file.
 */
export function* buildOpenMetricsLines(input: HistoryInput): Generator<string> {
  const flow = buildMemberFlowHistory(input);
  const families: Family[] = [
    { ...HISTORY_FAMILIES.channelMessages, type: "gauge", series: buildChannelHistory(input) },
    { ...HISTORY_FAMILIES.guildMembers, type: "gauge", series: buildMemberSeries(input, "members") },
    { ...HISTORY_FAMILIES.guildMembersOnline, type: "gauge", series: buildMemberSeries(input, "online") },
    { ...HISTORY_FAMILIES.activeMembers, type: "gauge", series: buildActiveMemberSeries(input, input.activeMembers) },
    { ...HISTORY_FAMILIES.voiceSeconds, type: "counter", unit: "seconds", series: buildVoiceSecondsHistory(input) },
    {
      ...HISTORY_FAMILIES.voiceActiveMembers,
      type: "gauge",
      series: buildActiveMemberSeries(input, input.voiceActiveMembers),
    },
    { ...HISTORY_FAMILIES.memberJoins, type: "counter", series: flow.joins },
    { ...HISTORY_FAMILIES.memberLeaves, type: "counter", series: flow.leaves },
  ];
  for (const family of families) {
    let headerWritten = false;
    for (const series of family.series) {
      // The name and labels are escaped once per series, not once per sample.
      const prefix = `${family.name}${formatLabels(series.labels)} `;
      for (const point of series.points()) {
        if (!headerWritten) {
          for (const line of formatHeader(family)) yield `${line}\n`;
          headerWritten = true;
        }
        yield `${prefix}${formatValue(point.value)} ${formatTimestampSeconds(point.ms)}\n`;
      }
    }
  }
  yield `${OPENMETRICS_EOF}\n`;
}

export function buildOpenMetricsHistory(input: HistoryInput): string {
  let text = "";
  for (const line of buildOpenMetricsLines(input)) text += line;
  return text;
}
