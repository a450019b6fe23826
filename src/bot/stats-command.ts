// The /stats guild command as Discord registers it (bulk overwrite), with Japanese localizations. Pure data.
// https://discord.com/developers/docs/interactions/application-commands#application-command-object
import {
  ApplicationCommandOptionType,
  ApplicationCommandType,
  ChannelType,
  type RESTPutAPIApplicationGuildCommandsJSONBody,
} from "discord-api-types/v10";

export const STATS_COMMAND = "stats";
export const MAX_DAYS = 3650;
export const DEFAULT_DAYS = 30;
export const MAX_LIMIT = 25;
export const DEFAULT_LIMIT = 10;

export type StatsSubcommand = "members" | "channels" | "activity" | "summary" | "voice";

const days = {
  type: ApplicationCommandOptionType.Integer,
  name: "days",
  name_localizations: { ja: "日数" },
  description: `How many days back (1-${MAX_DAYS}, default ${DEFAULT_DAYS})`,
  description_localizations: { ja: `何日前までさかのぼるか（1〜${MAX_DAYS}、既定は${DEFAULT_DAYS}）` },
  min_value: 1,
  max_value: MAX_DAYS,
} as const;

const theme = {
  type: ApplicationCommandOptionType.String,
  name: "theme",
  name_localizations: { ja: "テーマ" },
  description: "Chart colours: dark (default, like Discord's dark theme) or light",
  description_localizations: { ja: "グラフの配色：dark（既定。Discord のダークテーマ向け）または light" },
  choices: [
    { name: "dark", name_localizations: { ja: "ダーク" }, value: "dark" },
    { name: "light", name_localizations: { ja: "ライト" }, value: "light" },
  ],
} as const;

// Channels that hold messages or threads: their messages (threads and posts included) are counted.
const COUNTED_CHANNEL_TYPES = [
  ChannelType.GuildText,
  ChannelType.GuildAnnouncement,
  ChannelType.GuildVoice,
  ChannelType.GuildStageVoice,
  ChannelType.GuildForum,
  ChannelType.GuildMedia,
];

/** The command, with the voice subcommand only when voice activity is recorded (VOICE_ACTIVITY). */
export function buildStatsCommands(options: { voice: boolean }): RESTPutAPIApplicationGuildCommandsJSONBody {
  const subcommands = [
    {
      type: ApplicationCommandOptionType.Subcommand,
      name: "members",
      name_localizations: { ja: "メンバー" },
      description: "Members and online members over time, as a chart",
      description_localizations: { ja: "メンバー数とオンライン数の推移をグラフで表示" },
      options: [days, theme],
    },
    {
      type: ApplicationCommandOptionType.Subcommand,
      name: "channels",
      name_localizations: { ja: "チャンネル" },
      description: "The busiest channels, threads and forum posts included",
      description_localizations: { ja: "メッセージの多いチャンネル（スレッド・フォーラム投稿を含む）" },
      options: [
        days,
        {
          type: ApplicationCommandOptionType.Integer,
          name: "limit",
          name_localizations: { ja: "件数" },
          description: `How many channels (1-${MAX_LIMIT}, default ${DEFAULT_LIMIT})`,
          description_localizations: { ja: `表示するチャンネルの数（1〜${MAX_LIMIT}、既定は${DEFAULT_LIMIT}）` },
          min_value: 1,
          max_value: MAX_LIMIT,
        },
        theme,
      ],
    },
    {
      type: ApplicationCommandOptionType.Subcommand,
      name: "activity",
      name_localizations: { ja: "アクティビティ" },
      description: "Messages per day and people who posted, for the server or one channel",
      description_localizations: { ja: "1日あたりのメッセージ数と発言した人数（サーバー全体または1チャンネル）" },
      options: [
        days,
        {
          type: ApplicationCommandOptionType.Channel,
          name: "channel",
          name_localizations: { ja: "チャンネル" },
          description: "Only this channel, with its threads",
          description_localizations: { ja: "このチャンネルだけ（スレッドを含む）" },
          channel_types: COUNTED_CHANNEL_TYPES,
        },
        theme,
      ],
    },
    {
      type: ApplicationCommandOptionType.Subcommand,
      name: "summary",
      name_localizations: { ja: "概要" },
      description: "The server's numbers at a glance",
      description_localizations: { ja: "サーバーの主な数字をまとめて表示" },
    },
  ];
  if (options.voice) {
    subcommands.push({
      type: ApplicationCommandOptionType.Subcommand,
      name: "voice",
      name_localizations: { ja: "ボイス" },
      description: "Time spent in voice channels per day, and how many people joined",
      description_localizations: { ja: "1日あたりのボイスチャンネルの通話時間と参加した人数" },
      options: [days, theme],
    });
  }
  return [
    {
      type: ApplicationCommandType.ChatInput,
      name: STATS_COMMAND,
      name_localizations: { ja: "統計" },
      description: "Statistics of this server, from the exporter's history",
      description_localizations: { ja: "このサーバーの統計（エクスポーターが記録した履歴から）" },
      options: subcommands,
    },
  ] as RESTPutAPIApplicationGuildCommandsJSONBody;
}
