// Rows like a busy Japanese game community's, for the renderer tests and bench/charts-render.ts.
import type {
  ActiveMembersChartData,
  ChannelSourcesChartData,
  MembersChartData,
  MessagesChartData,
  TopChannelsChartData,
  VoiceChartData,
} from "../../src/charts/chart-data.js";
import type { ChartBuildOptions } from "../../src/charts/chart-options.js";
import type { ChartConfig } from "../../src/charts/chart-config.js";
import { activeMembersChart } from "../../src/charts/active-members-chart.js";
import { channelSourcesChart } from "../../src/charts/channel-sources-chart.js";
import { membersChart } from "../../src/charts/members-chart.js";
import { messagesChart } from "../../src/charts/messages-chart.js";
import { topChannelsChart } from "../../src/charts/top-channels-chart.js";
import { voiceChart } from "../../src/charts/voice-chart.js";

const DAY = 86_400_000;
const FROM = "2024-06-01";
const TO = "2024-06-30";

function days(count: number): string[] {
  return Array.from({ length: count }, (_, i) => new Date(Date.UTC(2024, 5, 1) + i * DAY).toISOString().slice(0, 10));
}

// A deterministic wobble (no Math.random: the same pictures every run).
function wave(i: number, period: number, amplitude: number): number {
  return Math.round(amplitude * (1 + Math.sin((2 * Math.PI * i) / period)));
}

/** 90 days of 5-minute polls: 25,920 samples, downsampled by the chart. */
export function sampleMembers(): MembersChartData {
  const start = Date.UTC(2024, 3, 1);
  return {
    points: Array.from({ length: 90 * 288 }, (_, i) => ({
      at: start + i * 300_000,
      members: 12_000 + Math.floor(i / 30) + wave(i, 288, 20),
      online: i % 5000 === 17 ? null : 1500 + wave(i, 288, 600),
    })),
  };
}

export function sampleMessages(): MessagesChartData {
  const all = days(30);
  return {
    from: FROM,
    to: TO,
    // Days 10 and 11 are missing: zero bars.
    days: all.filter((_, i) => i !== 10 && i !== 11).map((day, i) => ({ day, human: 800 + wave(i, 7, 400), bot: 120 })),
    active: all.map((day, i) => ({ day, active: 150 + wave(i, 7, 60) })),
  };
}

export function sampleActiveMembers(): ActiveMembersChartData {
  return {
    from: FROM,
    to: TO,
    days: days(30).map((day, i) => ({ day, d1: 150 + wave(i, 7, 60), d7: 600 + wave(i, 30, 50), d30: 1400 + i * 3 })),
  };
}

export function sampleTopChannels(): TopChannelsChartData {
  const names = ["雑談", "ゲーム募集", "🎮ゲーム実況", "攻略・質問", "イラスト🎨", "はじめまして", "bot-commands"];
  return {
    from: FROM,
    to: TO,
    channels: names.map((name, i) => ({ channelId: String(1000 + i), name, human: 9000 - i * 1200, bot: i * 150 })),
  };
}

export function sampleChannelSources(): ChannelSourcesChartData {
  return {
    from: FROM,
    to: TO,
    days: days(30).map((day, i) => ({ day, channel: 300 + wave(i, 7, 100), threads: 80 + wave(i, 5, 60) })),
  };
}

export function sampleVoice(): VoiceChartData {
  return {
    from: FROM,
    to: TO,
    days: days(30).map((day, i) => ({
      day,
      humanSeconds: 3600 * (20 + wave(i, 7, 15)),
      botSeconds: 3600 * 4,
      people: 25 + wave(i, 7, 12),
    })),
  };
}

export type SampleChart = "members" | "messages" | "activeMembers" | "topChannels" | "channelSources" | "voice";

/** Every chart once, built from the samples above. */
export function sampleConfigs(options: ChartBuildOptions): Record<SampleChart, ChartConfig> {
  return {
    members: membersChart(sampleMembers(), options),
    messages: messagesChart(sampleMessages(), options),
    activeMembers: activeMembersChart(sampleActiveMembers(), options),
    topChannels: topChannelsChart(sampleTopChannels(), options),
    channelSources: channelSourcesChart(sampleChannelSources(), { ...options, context: "#🎮ゲーム実況" }),
    voice: voiceChart(sampleVoice(), options),
  };
}
