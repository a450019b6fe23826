// Every text the charts show, in both languages, in one table that the bot's replies and the web page reuse.
// Plain strings (placeholders in braces, filled by formatMessage) so the table can be sent to a browser as JSON.
import type { ChartLocale } from "./chart-options.js";

export interface ChartMessages {
  /** The x axis of the daily charts: history days are UTC days, and the axis says so. */
  dayAxis: string;
  /** The x axis of the member chart, whose samples are labelled in UTC like the days. */
  timeAxis: string;
  /** Between the two ends of a date range. */
  rangeSeparator: string;
  /** Between the context (guild or channel name) and the range in a subtitle. */
  subtitleSeparator: string;
  people: string;
  bots: string;
  members: { title: string; members: string; online: string; axis: string };
  messages: { title: string; axis: string; active: string; activeAxis: string };
  activeMembers: { title: string; d1: string; d7: string; d30: string; axis: string };
  topChannels: { title: string; axis: string };
  channelSources: { title: string; channel: string; threads: string; axis: string };
  voice: { title: string; human: string; bot: string; people: string; minutesAxis: string; peopleAxis: string };
  /** For callers that answer in words instead of a chart. */
  noData: string;
  /** The render queue is full; {seconds} is how long to wait. */
  busy: string;
  renderFailed: string;
}

export const chartMessages: Readonly<Record<ChartLocale, ChartMessages>> = {
  ja: {
    dayAxis: "日付 (UTC)",
    timeAxis: "日時 (UTC)",
    rangeSeparator: "〜",
    subtitleSeparator: " | ",
    people: "ユーザー",
    bots: "Bot",
    members: { title: "メンバー数の推移", members: "メンバー", online: "オンライン", axis: "人数" },
    messages: {
      title: "1日あたりのメッセージ数",
      axis: "メッセージ数",
      active: "発言した人数",
      activeAxis: "人数",
    },
    activeMembers: {
      title: "アクティブメンバー数（発言した人数）",
      d1: "過去1日",
      d7: "過去7日",
      d30: "過去30日",
      axis: "人数",
    },
    topChannels: { title: "メッセージの多いチャンネル", axis: "メッセージ数" },
    channelSources: {
      title: "1日あたりのメッセージ数（投稿先別）",
      channel: "チャンネル内",
      threads: "スレッド・フォーラム投稿",
      axis: "メッセージ数",
    },
    voice: {
      title: "ボイスチャンネルの利用状況",
      human: "ユーザーの通話時間",
      bot: "Botの通話時間",
      people: "通話した人数",
      minutesAxis: "通話時間（分）",
      peopleAxis: "人数",
    },
    noData: "この期間のデータはありません。",
    busy: "グラフの作成が混み合っています。{seconds}秒後にもう一度お試しください。",
    renderFailed: "グラフを作成できませんでした。しばらくしてからもう一度お試しください。",
  },
  en: {
    dayAxis: "Day (UTC)",
    timeAxis: "Time (UTC)",
    rangeSeparator: " – ",
    subtitleSeparator: " | ",
    people: "People",
    bots: "Bots",
    members: { title: "Members over time", members: "Members", online: "Online", axis: "Members" },
    messages: { title: "Messages per day", axis: "Messages", active: "People who posted", activeAxis: "People" },
    activeMembers: {
      title: "Active members (people who posted)",
      d1: "Last day",
      d7: "Last 7 days",
      d30: "Last 30 days",
      axis: "People",
    },
    topChannels: { title: "Busiest channels", axis: "Messages" },
    channelSources: {
      title: "Messages per day, by where they were posted",
      channel: "In the channel",
      threads: "In threads and forum posts",
      axis: "Messages",
    },
    voice: {
      title: "Voice activity",
      human: "People's time in voice",
      bot: "Bots' time in voice",
      people: "People in voice",
      minutesAxis: "Time in voice (minutes)",
      peopleAxis: "People",
    },
    noData: "No data for this period.",
    busy: "Charts are busy right now. Please try again in {seconds} s.",
    renderFailed: "Could not draw the chart. Please try again later.",
  },
};

/** Fills `{name}` placeholders; a placeholder with no value is left as it is, so a missing value shows. */
export function formatMessage(template: string, values: Readonly<Record<string, string | number>>): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const value = values[name];
    return value === undefined ? whole : String(value);
  });
}
