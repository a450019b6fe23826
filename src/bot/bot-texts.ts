// Every text the bot writes, in Japanese and English (Japanese when the user's client is Japanese). Placeholders in
// braces, filled by fill(); numbers and dates are formatted for the locale by format.ts.
export type BotLocale = "ja" | "en";

export interface BotTexts {
  members: { summary: string; noSamples: string };
  channels: { summary: string; line: string; none: string };
  activity: { summary: string; summaryChannel: string; none: string };
  summary: {
    title: string;
    members: string;
    online: string;
    messages: string;
    messagesValue: string;
    active: string;
    activeValue: string;
    busiest: string;
    busiestValue: string;
    nobody: string;
    progress: string;
    progressDone: string;
    progressRunning: string;
    footer: string;
  };
  voice: { summary: string; none: string; off: string };
  stillCounting: string;
  stillCountingEta: string;
  unknownChannel: string;
  unreadableChannel: string;
  unknownGuild: string;
  outOfRange: string;
  cooldown: string;
  busy: string;
  failed: string;
  unknownCommand: string;
}

export const BOT_TEXTS: Readonly<Record<BotLocale, BotTexts>> = {
  ja: {
    members: {
      summary:
        "現在のメンバー数は **{members}** 人。過去{days}日間で **{change}** 人（{percent}）。オンライン数の最大は **{peak}** 人でした。",
      noSamples: "メンバー数の記録がまだありません。エクスポーターの最初の同期が終わるまでお待ちください。",
    },
    channels: {
      summary: "過去{days}日間にメッセージの多かったチャンネル（スレッド・フォーラム投稿を含む）:",
      line: "{rank}. **{name}** — {total}件（ユーザー {human}・Bot {bot}）",
      none: "過去{days}日間のメッセージはありません。",
    },
    activity: {
      summary:
        "過去{days}日間のメッセージは **{total}** 件（ユーザー {human}・Bot {bot}）、1日平均 {average} 件。最も多かったのは {peakDay} の {peak} 件です。",
      summaryChannel:
        "**{channel}** の過去{days}日間のメッセージは **{total}** 件（ユーザー {human}・Bot {bot}、スレッドを含む）、1日平均 {average} 件。最も多かったのは {peakDay} の {peak} 件です。",
      none: "過去{days}日間のメッセージはありません。",
    },
    summary: {
      title: "{guild} の統計",
      members: "メンバー",
      online: "オンライン",
      messages: "メッセージ（今日 / 7日 / 30日）",
      messagesValue: "{today} / {week} / {month}",
      active: "発言した人数（今日 / 7日 / 30日）",
      activeValue: "{d1} / {d7} / {d30}",
      busiest: "過去30日で最も活発なチャンネル",
      busiestValue: "{name}（{total}件）",
      nobody: "なし",
      progress: "履歴の集計",
      progressDone: "完了",
      progressRunning: "{percent} 完了",
      footer: "日付は UTC で区切っています",
    },
    voice: {
      summary: "過去{days}日間のボイスチャンネルの通話時間は合計 **{hours}** 時間、参加した人は {people} 人です。",
      none: "過去{days}日間のボイスチャンネルの利用はありません。",
      off: "ボイスチャンネルの記録は有効になっていません（VOICE_ACTIVITY）。",
    },
    stillCounting: "この期間の履歴はまだ集計中です（全体の {percent} 完了）。集計が終わるまでしばらくお待ちください。",
    stillCountingEta:
      "この期間の履歴はまだ集計中です（全体の {percent} 完了、あと約 {eta}）。集計が終わるまでしばらくお待ちください。",
    unknownChannel: "そのチャンネルの記録はありません。",
    unreadableChannel:
      "Bot がそのチャンネルの履歴を読めないため、集計していません（{state}）。チャンネルの権限を確認してください。",
    unknownGuild: "このサーバーはエクスポーターの集計対象ではありません。",
    outOfRange: "{option} には {min}〜{max} の整数を指定してください。",
    cooldown: "少し間を空けてください。{seconds}秒後にもう一度お試しください。",
    busy: "グラフの作成が混み合っています。{seconds}秒後にもう一度お試しください。",
    failed: "回答を作成できませんでした。しばらくしてからもう一度お試しください。",
    unknownCommand: "このコマンドには対応していません。",
  },
  en: {
    members: {
      summary:
        "**{members}** members now, **{change}** ({percent}) over the last {days} days. Peak online: **{peak}**.",
      noSamples: "No member counts recorded yet: wait for the exporter's first sync.",
    },
    channels: {
      summary: "The busiest channels of the last {days} days (threads and forum posts included):",
      line: "{rank}. **{name}**: {total} messages ({human} from people, {bot} from bots)",
      none: "No messages in the last {days} days.",
    },
    activity: {
      summary:
        "**{total}** messages in the last {days} days ({human} from people, {bot} from bots), {average} a day on average; the busiest day was {peakDay} with {peak}.",
      summaryChannel:
        "**{total}** messages in **{channel}** in the last {days} days ({human} from people, {bot} from bots, threads included), {average} a day on average; the busiest day was {peakDay} with {peak}.",
      none: "No messages in the last {days} days.",
    },
    summary: {
      title: "{guild} statistics",
      members: "Members",
      online: "Online",
      messages: "Messages (today / 7 d / 30 d)",
      messagesValue: "{today} / {week} / {month}",
      active: "People who posted (today / 7 d / 30 d)",
      activeValue: "{d1} / {d7} / {d30}",
      busiest: "Busiest channel, last 30 days",
      busiestValue: "{name} ({total} messages)",
      nobody: "none",
      progress: "History counted",
      progressDone: "complete",
      progressRunning: "{percent} done",
      footer: "Days are UTC days",
    },
    voice: {
      summary: "**{hours}** hours in voice channels over the last {days} days, by {people} different people.",
      none: "Nobody was in a voice channel in the last {days} days.",
      off: "Voice activity is not being recorded (VOICE_ACTIVITY is off).",
    },
    stillCounting:
      "The history of this period is still being counted ({percent} of it done). Try again a little later.",
    stillCountingEta:
      "The history of this period is still being counted ({percent} of it done, about {eta} to go). Try again a little later.",
    unknownChannel: "There is no record of that channel.",
    unreadableChannel:
      "The bot cannot read that channel's history, so it is not counted ({state}). Check the channel's permissions.",
    unknownGuild: "This server is not one the exporter counts.",
    outOfRange: "{option} must be a whole number from {min} to {max}.",
    cooldown: "One moment: try again in {seconds} s.",
    busy: "Charts are busy right now: try again in {seconds} s.",
    failed: "Something went wrong making the answer. Try again in a while.",
    unknownCommand: "This command is not supported.",
  },
};

/** ja for Japanese clients (`ja`), English for every other locale Discord sends (`en-US`, `ko`, ...). */
export function botLocale(discordLocale: string | null | undefined): BotLocale {
  return discordLocale?.toLowerCase().startsWith("ja") ? "ja" : "en";
}

/** Replaces {name} placeholders; an unknown placeholder stays as it is (a missing value shows, never crashes). */
export function fill(template: string, values: Readonly<Record<string, string | number>>): string {
  return template.replace(/\{(\w+)\}/g, (whole, key: string) => (key in values ? String(values[key]) : whole));
}
