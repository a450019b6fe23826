// Every text of the dashboard page besides the charts' own (src/charts/i18n.ts), in both languages, in one table:
// the server renders the page with it and the browser's client reads its few lines from it. Browser-safe.
import type { ChartLocale } from "../charts/chart-options.js";
import { formatMessage } from "../charts/i18n.js";
import type { ChannelState } from "../store/channel-states.js";

export type RangeKey = "7d" | "30d" | "90d" | "1y" | "all";
export const RANGE_KEYS: readonly RangeKey[] = ["7d", "30d", "90d", "1y", "all"];

export interface PageMessages {
  title: string;
  /** Shown for a guild whose channels have not been listed yet. */
  noGuilds: string;
  range: { label: string } & Record<RangeKey, string>;
  language: string;
  links: { metrics: string; health: string; api: string; dashboard: string };
  version: string;
  status: { ok: string; down: string };
  members: string;
  online: string;
  unknown: string;
  lastSync: string;
  never: string;
  channels: {
    heading: string;
    name: string;
    id: string;
    type: string;
    state: string;
    messages: string;
    threadMessages: string;
    backfill: string;
    none: string;
  };
  states: Record<ChannelState, string>;
  firstCount: {
    heading: string;
    done: string;
    /** {channels}: channels still counting; {percent}: share of their history counted. */
    running: string;
    /** {duration} */
    eta: string;
    etaUnknown: string;
  };
  duration: { lessThanMinute: string; minutes: string; hoursMinutes: string; days: string };
  channel: {
    back: string;
    notFound: string;
    /** {percent} of the range's messages were posted in threads or forum posts. */
    threadShare: string;
    noMessages: string;
  };
  /** A chart whose data could not be loaded. */
  loadFailed: string;
  chartHeadings: {
    members: string;
    messages: string;
    activeMembers: string;
    topChannels: string;
    sources: string;
    voice: string;
  };
  /** The voice panel's notes (VOICE_ACTIVITY). */
  voice: {
    /** Nothing recorded, and recording is off. */
    off: string;
    /** Recording is on, nothing recorded yet. */
    none: string;
    /** {day}: the first recorded day, where the chart starts when the range reaches further back. */
    since: string;
    /** History recorded before, but recording is off now. */
    stopped: string;
  };
}

export const pageMessages: Readonly<Record<ChartLocale, PageMessages>> = {
  ja: {
    title: "Discord 統計",
    noGuilds: "まだデータがありません。最初の同期が終わるとここに表示されます。",
    range: { label: "期間", "7d": "7日", "30d": "30日", "90d": "90日", "1y": "1年", all: "全期間" },
    language: "English",
    links: { metrics: "メトリクス", health: "ヘルスチェック", api: "JSON API", dashboard: "ダッシュボード" },
    version: "バージョン",
    status: { ok: "正常", down: "接続できません（最後の値を表示）" },
    members: "メンバー",
    online: "オンライン",
    unknown: "不明",
    lastSync: "最終同期",
    never: "未同期",
    channels: {
      heading: "チャンネル",
      name: "チャンネル",
      id: "ID",
      type: "種類",
      state: "状態",
      messages: "メッセージ",
      threadMessages: "スレッド内",
      backfill: "過去分の集計",
      none: "チャンネルはまだありません。",
    },
    states: {
      backfilling: "過去分を集計中",
      ready: "集計済み",
      forbidden: "閲覧権限なし",
      unreadable: "履歴を読めません",
      deleted: "削除済み",
      excluded: "除外",
    },
    firstCount: {
      heading: "初回集計",
      done: "すべてのチャンネルを最初のメッセージまで集計しました。",
      running: "集計中のチャンネル: {channels}。チャンネル履歴の {percent}% を集計済み。",
      eta: "残り時間の目安: {duration}",
      etaUnknown: "残り時間を計測中です…",
    },
    duration: {
      lessThanMinute: "1分未満",
      minutes: "約{minutes}分",
      hoursMinutes: "約{hours}時間{minutes}分",
      days: "約{days}日{hours}時間",
    },
    channel: {
      back: "← ダッシュボードへ",
      notFound: "このチャンネルは見つかりません。",
      threadShare: "この期間のメッセージの {percent}% はスレッド・フォーラム投稿です。",
      noMessages: "この期間のメッセージはありません。",
    },
    loadFailed: "データを読み込めませんでした。",
    chartHeadings: {
      members: "メンバー数",
      messages: "メッセージ数",
      activeMembers: "アクティブメンバー",
      topChannels: "よく使われているチャンネル",
      sources: "投稿先",
      voice: "ボイスチャンネル",
    },
    voice: {
      off: "ボイスチャンネルの利用状況は記録していません（VOICE_ACTIVITY=true で記録を始めます）。",
      none: "ボイスチャンネルの利用はまだ記録されていません。",
      since: "{day} から記録しています（それより前は不明）。",
      stopped: "VOICE_ACTIVITY がオフのため、新しい通話時間は記録されていません。",
    },
  },
  en: {
    title: "Discord statistics",
    noGuilds: "No data yet. Guilds show here once the first sync has run.",
    range: { label: "Range", "7d": "7 d", "30d": "30 d", "90d": "90 d", "1y": "1 y", all: "All" },
    language: "日本語",
    links: { metrics: "Metrics", health: "Health", api: "JSON API", dashboard: "Dashboard" },
    version: "Version",
    status: { ok: "OK", down: "unreachable (showing the last values)" },
    members: "Members",
    online: "online",
    unknown: "unknown",
    lastSync: "Last successful sync",
    never: "never",
    channels: {
      heading: "Channels",
      name: "Channel",
      id: "Id",
      type: "Type",
      state: "State",
      messages: "Messages",
      threadMessages: "In threads",
      backfill: "History counted",
      none: "No channels yet.",
    },
    states: {
      backfilling: "counting its history",
      ready: "counted",
      forbidden: "no access",
      unreadable: "history not readable",
      deleted: "deleted",
      excluded: "excluded",
    },
    firstCount: {
      heading: "First count",
      done: "Every channel is counted back to its first message.",
      running: "Channels still counting: {channels}. {percent}% of the channels' history counted.",
      eta: "Estimated time to finish: {duration}",
      etaUnknown: "Measuring the pace…",
    },
    duration: {
      lessThanMinute: "under a minute",
      minutes: "about {minutes} min",
      hoursMinutes: "about {hours} h {minutes} min",
      days: "about {days} d {hours} h",
    },
    channel: {
      back: "← Dashboard",
      notFound: "No such channel.",
      threadShare: "{percent}% of this range's messages were posted in threads or forum posts.",
      noMessages: "No messages in this range.",
    },
    loadFailed: "Could not load the data.",
    chartHeadings: {
      members: "Members",
      messages: "Messages",
      activeMembers: "Active members",
      topChannels: "Busiest channels",
      sources: "Where messages were posted",
      voice: "Voice channels",
    },
    voice: {
      off: "Voice activity is not recorded (VOICE_ACTIVITY=true starts recording it).",
      none: "No voice activity recorded yet.",
      since: "Recorded since {day} (unknown before).",
      stopped: "VOICE_ACTIVITY is off: no new voice time is recorded.",
    },
  },
};

/** "about 2 h 10 min": rounded to minutes under a day, to hours beyond. */
export function formatDuration(locale: ChartLocale, seconds: number): string {
  const text = pageMessages[locale].duration;
  if (seconds < 60) return text.lessThanMinute;
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return formatMessage(text.minutes, { minutes });
  if (minutes < 24 * 60)
    return formatMessage(text.hoursMinutes, { hours: Math.floor(minutes / 60), minutes: minutes % 60 });
  const hours = Math.round(seconds / 3600);
  return formatMessage(text.days, { days: Math.floor(hours / 24), hours: hours % 24 });
}
