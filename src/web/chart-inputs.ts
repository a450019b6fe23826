// From an /api/v1 answer to the chart the page draws with it: the same chart definitions as the bot's (src/charts/),
// fed the rows they take. Pure and browser-safe.
import { activeMembersChart } from "../charts/active-members-chart.js";
import type { ChartConfig } from "../charts/chart-config.js";
import type { ChartBuildOptions } from "../charts/chart-options.js";
import { channelSourcesChart } from "../charts/channel-sources-chart.js";
import { membersChart } from "../charts/members-chart.js";
import { messagesChart } from "../charts/messages-chart.js";
import { TOP_CHANNELS_DEFAULT, topChannelsChart } from "../charts/top-channels-chart.js";
import { voiceChart } from "../charts/voice-chart.js";
import type {
  ActiveMembersDailyAnswer,
  ChannelSourcesDailyAnswer,
  MembersAnswer,
  MessagesDailyAnswer,
  TopChannelsAnswer,
  VoiceDailyAnswer,
} from "../http/api/answers.js";

/** The charts a page can ask for (data-chart="…"), with the answer each is drawn from. */
export interface ChartAnswers {
  members: MembersAnswer;
  messages: MessagesDailyAnswer;
  activeMembers: ActiveMembersDailyAnswer;
  topChannels: TopChannelsAnswer;
  channelSources: ChannelSourcesDailyAnswer;
  voice: VoiceDailyAnswer;
}

export type ChartKind = keyof ChartAnswers;

export const CHART_KINDS: readonly ChartKind[] = [
  "members",
  "messages",
  "activeMembers",
  "topChannels",
  "channelSources",
  "voice",
];

export function isChartKind(value: string | undefined): value is ChartKind {
  return CHART_KINDS.some((kind) => kind === value);
}

type Builders = { [K in ChartKind]: (answer: ChartAnswers[K], options: ChartBuildOptions) => ChartConfig };

const builders: Builders = {
  members: (answer, options) =>
    membersChart(
      { points: answer.samples.map((s) => ({ at: Date.parse(s.time), members: s.members, online: s.online })) },
      options,
    ),
  messages: (answer, options) => messagesChart({ from: answer.from, to: answer.to, days: answer.days }, options),
  activeMembers: (answer, options) =>
    activeMembersChart({ from: answer.from, to: answer.to, days: answer.days }, options),
  topChannels: (answer, options) =>
    topChannelsChart(
      {
        from: answer.from,
        to: answer.to,
        // Without names (EXPORT_CHANNEL_NAMES=false) a bar is labelled with its channel's id.
        channels: answer.channels.map((c) => ({
          channelId: c.channel_id,
          name: c.name ?? c.channel_id,
          human: c.human,
          bot: c.bot,
        })),
      },
      { ...options, limit: TOP_CHANNELS_DEFAULT },
    ),
  channelSources: (answer, options) =>
    channelSourcesChart({ from: answer.from, to: answer.to, days: answer.days }, options),
  voice: (answer, options) =>
    voiceChart(
      {
        from: answer.from,
        to: answer.to,
        days: answer.days.map((d) => ({
          day: d.day,
          humanSeconds: d.human_seconds,
          botSeconds: d.bot_seconds,
          people: d.people,
        })),
      },
      options,
    ),
};

export function buildChart<K extends ChartKind>(
  kind: K,
  answer: ChartAnswers[K],
  options: ChartBuildOptions,
): ChartConfig {
  return builders[kind](answer, options);
}
