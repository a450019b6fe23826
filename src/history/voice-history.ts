// discord_voice_seconds_total as it would have read at the end of each UTC day. Pure.
//
// The live counter is every voice channel's stored time (voice_daily, ms) summed, per author kind. The history is the
// same sum day by day. A channel's series starts the day voice recording began in its guild (its first voice record:
// before that, VOICE_ACTIVITY was off and the live counter did not exist), or at the channel's creation if later.
import { type VoiceChannelLabelRow, voiceChannelLabels } from "../metrics/voice-metrics.js";
import { creationDay, type HistorySeries } from "./channel-history.js";
import type { HistoryInput } from "./history-input.js";
import { runningTotalPoints } from "./running-totals.js";
import { maxDay } from "./utc-days.js";

export type VoiceHistoryInput = Pick<
  HistoryInput,
  "since" | "until" | "exportChannelNames" | "voiceChannels" | "voiceFirstDays" | "voiceMsBefore" | "voiceDays"
>;

interface AuthorMs {
  before: number;
  days: Map<string, number>;
}

function authorTotals(): { human: AuthorMs; bot: AuthorMs } {
  return { human: { before: 0, days: new Map() }, bot: { before: 0, days: new Map() } };
}

const toSeconds = (ms: number) => ms / 1000;

/** One series per live label set and author kind, each with at least one point (`until` may come before its start). */
export function buildVoiceSecondsHistory(input: VoiceHistoryInput): HistorySeries[] {
  const firstDays = new Map(input.voiceFirstDays.map((row) => [row.guildId, row.day]));
  const totals = new Map<string, ReturnType<typeof authorTotals>>();
  const totalsOf = (channelId: string) => {
    let found = totals.get(channelId);
    if (!found) {
      found = authorTotals();
      totals.set(channelId, found);
    }
    return found;
  };
  for (const row of input.voiceMsBefore) {
    const found = totalsOf(row.channelId);
    found.human.before += row.humanMs;
    found.bot.before += row.botMs;
  }
  for (const row of input.voiceDays) {
    if (row.day > input.until) continue;
    const found = totalsOf(row.channelId);
    // A day before `since` only moves the starting point.
    if (row.day < input.since) {
      found.human.before += row.humanMs;
      found.bot.before += row.botMs;
      continue;
    }
    found.human.days.set(row.day, (found.human.days.get(row.day) ?? 0) + row.humanMs);
    found.bot.days.set(row.day, (found.bot.days.get(row.day) ?? 0) + row.botMs);
  }
  const series: HistorySeries[] = [];
  for (const channel of input.voiceChannels) {
    const first = firstExportedDay(input.since, firstDays.get(channel.guildId), channel);
    if (first === null || first > input.until) continue;
    const channelTotals = totals.get(channel.channelId) ?? authorTotals();
    const labels = voiceChannelLabels(channel, input.exportChannelNames);
    for (const author of ["human", "bot"] as const) {
      const { before, days } = channelTotals[author];
      series.push({
        labels: { ...labels, author },
        points: () => runningTotalPoints(before, days, first, input.until, toSeconds),
      });
    }
  }
  return series;
}

/** null: voice was never recorded in the channel's guild, so the live counter never existed. */
function firstExportedDay(since: string, guildFirstDay: string | undefined, channel: VoiceChannelLabelRow) {
  if (guildFirstDay === undefined) return null;
  const created = creationDay(channel.channelId);
  return maxDay(since, created === null ? guildFirstDay : maxDay(guildFirstDay, created));
}
