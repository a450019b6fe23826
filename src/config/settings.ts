/**
 * The settings table: one row per setting, in the order settings are parsed and errors reported.
 * Adding a setting is adding a row; Config, DEFAULTS, the YAML schema and the README table follow.
 * After changing a row's doc or default, run `npm run docs:settings` (a test says so otherwise).
 */
import { formatDuration } from "./duration.js";
import { type NoDefault, REQUIRED, type SettingSpec, setting } from "./setting-spec.js";
import {
  durationParser,
  formatList,
  formatOptionalDuration,
  integerParser,
  optionalDurationParser,
  parseApiUrl,
  parseBoolean,
  parseGuildIds,
  parseHost,
  parseLogFormat,
  parseLogLevel,
  parseNameList,
  parseOptionalPath,
  parsePath,
  parseToken,
  scalar,
} from "./values.js";
import {
  YAML_CHANNELS,
  YAML_FLAG,
  YAML_INTEGER,
  YAML_SERVER_ID,
  YAML_SERVER_IDS,
  YAML_TEXT,
  yamlDuration,
  type YamlType,
  yamlOptionalDuration,
} from "./yaml-types.js";

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;

export const LIMITS = Object.freeze({
  port: { min: 1, max: 65_535 },
  // Each poll costs requests per channel; beyond ~50 in flight Discord's global rate limit is what bounds us.
  concurrency: { min: 1, max: 50 },
  // Discord's global limit is 50 requests/s per bot; Discord raises it for large bots on request.
  globalRateLimit: { min: 1, max: 10_000 },
  pollIntervalMinMs: 10 * SECOND,
  // A scheduled recount is a full pass over every channel; more often than hourly is a rate-limit hazard.
  recountIntervalMinMs: HOUR,
  // A crash loses at most the time since the last voice checkpoint: at most a minute, as promised in the docs.
  voiceCheckpoint: { minMs: 100, maxMs: MINUTE },
  // Waits longer than this look like a hang: better to fail with the "locked" error and be restarted.
  databaseBusyTimeoutMaxMs: 10 * MINUTE,
});

const joinLists = (lists: readonly string[][]): string[] => [...new Set(lists.flat())];

export const SETTINGS = Object.freeze({
  token: setting({
    env: "DISCORD_TOKEN",
    yaml: { token: YAML_TEXT },
    parse: scalar(parseToken),
    format: String,
    default: REQUIRED,
    secret: true,
    doc: {
      en: "Bot token, without `Bot `. Never logged or exported.",
      ja: "Bot のトークン（先頭の `Bot ` は付けません）。ログにもメトリクスにも出ません。",
    },
  }),
  guildIds: setting({
    env: "DISCORD_GUILD_ID",
    // serverID is the Go exporter's key, for a single server id.
    yaml: { guildIds: YAML_SERVER_IDS, serverID: YAML_SERVER_ID },
    parse: parseGuildIds,
    combine: joinLists,
    format: formatList,
    default: REQUIRED,
    doc: {
      en: "Server id(s), comma-separated for several.",
      ja: "サーバー ID。複数のときはカンマで区切ります。",
    },
  }),
  apiUrl: setting({
    env: "DISCORD_API_URL",
    yaml: { apiUrl: YAML_TEXT },
    parse: scalar(parseApiUrl),
    format: String,
    default: "https://discord.com/api",
    doc: {
      en: "REST base without version (the fake Discord in tests).",
      ja: "REST API のベース URL（バージョンは含めない）。テストでは偽の Discord API に向けます。",
    },
  }),
  databasePath: setting({
    env: "DATABASE_PATH",
    yaml: { databasePath: YAML_TEXT },
    parse: scalar(parsePath),
    format: String,
    default: "./data/discord-exporter.db",
    doc: {
      en: "SQLite file (WAL mode). One exporter per file.",
      ja: "SQLite のデータベースファイル（WAL モード）。1 つのファイルにつきエクスポーターは 1 つまで。",
    },
  }),
  databaseBusyTimeoutMs: setting({
    env: "DATABASE_BUSY_TIMEOUT",
    yaml: { databaseBusyTimeout: yamlDuration("5s") },
    parse: scalar(durationParser({ maxMs: LIMITS.databaseBusyTimeoutMaxMs })),
    format: formatDuration,
    default: 5 * SECOND,
    doc: {
      en: `How long a write (the exporter's, or \`npm run recount\`'s) waits while another process (a backup, \`sqlite3\`, the exporter beside a recount) holds the database, before it gives up with a "locked" error (at most \`${formatDuration(LIMITS.databaseBusyTimeoutMaxMs)}\`).`,
      ja: `別のプロセス（バックアップや \`sqlite3\`、recount の横で動くエクスポーターなど）がデータベースを使用中のとき、書き込み（エクスポーターや \`npm run recount\`）を待つ時間（\`${formatDuration(LIMITS.databaseBusyTimeoutMaxMs)}\` 以下）。過ぎると「locked」エラーで終了します。`,
    },
  }),
  port: setting({
    env: "PORT",
    yaml: { port: YAML_INTEGER },
    parse: scalar(integerParser(LIMITS.port.min, LIMITS.port.max)),
    format: String,
    default: 2112,
    doc: { en: "HTTP port.", ja: "HTTP のポート番号。" },
  }),
  host: setting({
    env: "HOST",
    yaml: { host: YAML_TEXT },
    parse: scalar(parseHost),
    format: String,
    default: "0.0.0.0",
    doc: { en: "Address to listen on.", ja: "待ち受けるアドレス。" },
  }),
  pollIntervalMs: setting({
    env: "POLL_INTERVAL",
    yaml: { pollInterval: yamlDuration("15m") },
    parse: scalar(
      durationParser({ minMs: LIMITS.pollIntervalMinMs, minReason: "to stay within Discord's rate limits" }),
    ),
    format: formatDuration,
    default: 15 * MINUTE,
    doc: {
      en: `Time between syncs (\`30s\`, \`15m\`, \`1h\`…, at least \`${formatDuration(LIMITS.pollIntervalMinMs)}\`). Never two at once.`,
      ja: `同期の間隔（\`30s\`、\`15m\`、\`1h\` など。\`${formatDuration(LIMITS.pollIntervalMinMs)}\` 以上）。同期が重なって実行されることはありません。`,
    },
  }),
  excludedChannels: setting({
    env: "EXCLUDED_CHANNELS",
    // excludeChannels is the Go exporter's key; excludedChannels matches the other camelCase keys.
    yaml: { excludedChannels: YAML_CHANNELS, excludeChannels: YAML_CHANNELS },
    parse: parseNameList,
    combine: joinLists,
    format: formatList,
    default: [],
    doc: {
      en: "Names or ids, comma-separated (or a YAML list). Excluding a category excludes its channels and their threads.",
      ja: "除外するチャンネルの名前または ID。カンマ区切り（YAML ではリストも可）。カテゴリを除外すると、その中のチャンネルとスレッドも除外されます。",
    },
  }),
  concurrency: setting({
    env: "CONCURRENCY",
    yaml: { concurrency: YAML_INTEGER },
    parse: scalar(integerParser(LIMITS.concurrency.min, LIMITS.concurrency.max)),
    format: String,
    default: 5,
    doc: {
      en: `Discord requests in flight at once (${LIMITS.concurrency.min}–${LIMITS.concurrency.max}). Rate limits are handled by discord.js.`,
      ja: `Discord に同時に送るリクエストの数（${LIMITS.concurrency.min}〜${LIMITS.concurrency.max}）。レート制限は discord.js が処理します。`,
    },
  }),
  logLevel: setting({
    env: "LOG_LEVEL",
    yaml: { logLevel: YAML_TEXT },
    parse: scalar(parseLogLevel),
    format: String,
    default: "info",
    doc: {
      en: "`trace` … `fatal`, `silent`. Logs go to stdout, in the format `LOG_FORMAT` says.",
      ja: "`trace` 〜 `fatal`、`silent`。ログは標準出力に出ます（形式は `LOG_FORMAT` で決まります）。",
    },
  }),
  logFormat: setting({
    env: "LOG_FORMAT",
    yaml: { logFormat: YAML_TEXT },
    parse: scalar(parseLogFormat),
    format: String,
    default: "auto",
    doc: {
      en: "`json` (one JSON object per line, for log collectors), `pretty` (readable lines), or `auto`: pretty on a terminal, JSON otherwise.",
      ja: "`json`（1 行 1 つの JSON。ログ収集向け）、`pretty`（読みやすい行）、`auto`（端末では pretty、それ以外では JSON）。",
    },
  }),
  legacyMetrics: setting({
    env: "LEGACY_METRICS",
    yaml: { legacyMetrics: YAML_FLAG },
    parse: scalar(parseBoolean),
    format: String,
    default: false,
    doc: {
      en: "Also export the Go exporter's two metrics (below).",
      ja: "Go 版エクスポーターの 2 つのメトリクス（後述）も出力します。",
    },
  }),
  exportChannelNames: setting({
    env: "EXPORT_CHANNEL_NAMES",
    yaml: { exportChannelNames: YAML_FLAG },
    parse: scalar(parseBoolean),
    format: String,
    // On for dashboards; turning it off keeps private channel names out of Prometheus.
    default: true,
    doc: {
      en: "`false` exports ids only (channel names can be private).",
      ja: "`false` にすると ID だけを出力します（チャンネル名は非公開のこともあるため）。",
    },
  }),
  forbiddenRetryMs: setting({
    env: "FORBIDDEN_RETRY_INTERVAL",
    yaml: { forbiddenRetryInterval: yamlDuration("6h") },
    parse: scalar(durationParser()),
    format: formatDuration,
    default: 6 * HOUR,
    doc: {
      en: "How long a forbidden/unreadable channel is left alone.",
      ja: "見えない・履歴を読めないチャンネル（forbidden / unreadable）を、再確認せずに置いておく時間。",
    },
  }),
  // The scheduled recount. Its env and YAML names say "reconcile": the names users already set are kept.
  recountIntervalMs: setting({
    env: "RECONCILE_INTERVAL",
    yaml: { reconcileInterval: yamlOptionalDuration("1d") },
    parse: scalar(optionalDurationParser({ minMs: LIMITS.recountIntervalMinMs })),
    format: formatOptionalDuration,
    default: null,
    doc: {
      en: `Recount every channel this often in the background (at least \`${formatDuration(LIMITS.recountIntervalMinMs)}\`), to correct for deleted messages.`,
      ja: `削除されたメッセージを反映するため、この間隔で全チャンネルをバックグラウンドで数え直します（\`${formatDuration(LIMITS.recountIntervalMinMs)}\` 以上）。`,
    },
  }),
  globalRateLimit: setting({
    env: "DISCORD_GLOBAL_RATE_LIMIT",
    yaml: { globalRateLimit: YAML_INTEGER },
    parse: scalar(integerParser(LIMITS.globalRateLimit.min, LIMITS.globalRateLimit.max)),
    format: String,
    default: 50,
    doc: {
      en: "Requests per second the bot may send in all: Discord's global rate limit, 50 unless Discord raised it for your bot.",
      ja: "Bot 全体で 1 秒あたりに送れるリクエスト数。Discord のグローバルレート制限で、Discord が引き上げていなければ 50 です。",
    },
  }),
  botEnabled: setting({
    env: "BOT_ENABLED",
    yaml: { botEnabled: YAML_FLAG },
    parse: scalar(parseBoolean),
    format: String,
    default: false,
    doc: {
      en: "Also connect to the Discord gateway and answer `/stats` with charts of the history (no privileged intent).",
      ja: "Discord の Gateway にも接続し、`/stats` コマンドに履歴のグラフで答えます（特権インテントは不要）。",
    },
  }),
  liveUpdates: setting({
    env: "LIVE_UPDATES",
    yaml: { liveUpdates: YAML_FLAG },
    parse: scalar(parseBoolean),
    format: String,
    default: false,
    doc: {
      en: "New messages in `/metrics` within seconds and deleted ones corrected, from gateway events (GuildMessages intent, not privileged; no message content).",
      ja: "Gateway のイベントから、新しいメッセージを数秒で `/metrics` に反映し、削除されたメッセージも補正します（GuildMessages インテント。特権不要、本文は読みません）。",
    },
  }),
  voiceActivity: setting({
    env: "VOICE_ACTIVITY",
    yaml: { voiceActivity: YAML_FLAG },
    parse: scalar(parseBoolean),
    format: String,
    default: false,
    doc: {
      en: "Record time spent in voice and stage channels per day, people and bots apart (GuildVoiceStates intent, not privileged).",
      ja: "ボイス・ステージチャンネルの通話時間を日ごとに記録します（ユーザーと Bot は別々。GuildVoiceStates インテント、特権不要）。",
    },
  }),
  voiceCheckpointMs: setting({
    env: "VOICE_CHECKPOINT_INTERVAL",
    yaml: { voiceCheckpointInterval: yamlDuration("30s") },
    parse: scalar(durationParser({ minMs: LIMITS.voiceCheckpoint.minMs, maxMs: LIMITS.voiceCheckpoint.maxMs })),
    format: formatDuration,
    default: 30 * SECOND,
    doc: {
      en: `How often the time of voice sessions in progress is written (at most \`${formatDuration(LIMITS.voiceCheckpoint.maxMs)}\`): a crash loses at most this much of it, and never counts any twice.`,
      ja: `通話中のセッションの時間を書き込む間隔（\`${formatDuration(LIMITS.voiceCheckpoint.maxMs)}\` 以下）。クラッシュしても失われるのはこの時間まで、二重に数えることはありません。`,
    },
  }),
  memberEvents: setting({
    env: "MEMBER_EVENTS",
    yaml: { memberEvents: YAML_FLAG },
    parse: scalar(parseBoolean),
    format: String,
    default: false,
    doc: {
      en: "Count joins and leaves per day (privileged GUILD_MEMBERS intent: switch on Server Members Intent in the developer portal first).",
      ja: "参加・退出を日ごとに数えます（特権インテント GUILD_MEMBERS が必要：先に開発者ポータルで Server Members Intent を有効にしてください）。",
    },
  }),
  webConfigFile: setting({
    env: "WEB_CONFIG_FILE",
    yaml: { webConfigFile: YAML_TEXT },
    parse: scalar(parseOptionalPath),
    format: (path: string | null) => path ?? "",
    default: null,
    doc: {
      en: "Prometheus exporter-toolkit web configuration file: TLS (`tls_server_config`) and basic auth (`basic_auth_users`) for every route but `/healthz`. See [docs/monitoring-stack.md](docs/monitoring-stack.md#tls-and-basic-auth).",
      ja: "Prometheus の exporter-toolkit 形式の Web 設定ファイル。TLS（`tls_server_config`）と Basic 認証（`basic_auth_users`）を `/healthz` 以外のすべての URL にかけます。[docs/monitoring-stack.md](docs/monitoring-stack.md#tls-and-basic-auth) を参照。",
    },
  }),
  requestTimeoutMs: setting({
    env: "DISCORD_REQUEST_TIMEOUT",
    yaml: { requestTimeout: yamlDuration("15s") },
    parse: scalar(durationParser()),
    format: formatDuration,
    default: 15 * SECOND,
    doc: {
      en: "Per-request timeout (retried by the REST client).",
      ja: "リクエストごとのタイムアウト（タイムアウトしたリクエストは REST クライアントが再試行します）。",
    },
  }),
});

type Table = typeof SETTINGS;
export type SettingName = keyof Table;
/** A setting's parsed value: Config's field type. */
export type SettingValue<Name extends SettingName> = Table[Name] extends SettingSpec<infer T> ? T : never;
export type SettingValues = { -readonly [Name in SettingName]: SettingValue<Name> };
/** Settings with a default: what DEFAULTS holds. */
export type DefaultedSettingName = {
  [Name in SettingName]: Table[Name]["default"] extends NoDefault ? never : Name;
}[SettingName];
export type YamlKey = { [Name in SettingName]: keyof Table[Name]["yaml"] & string }[SettingName];

/**
 * The table seen one row at a time: for a generic `Name`, `SETTING_SPECS[Name]` has the value type
 * `SettingValue<Name>`, which indexing SETTINGS itself does not give.
 */
export const SETTING_SPECS: { readonly [Name in SettingName]: SettingSpec<SettingValues[Name]> } = SETTINGS;

/** In table order: the order settings are parsed, errors reported and docs listed. */
export const SETTING_NAMES = Object.keys(SETTINGS) as SettingName[];

/** A setting's YAML keys with their types, preferred first (object keys keep their written order). */
export function yamlEntriesOf(name: SettingName): [YamlKey, YamlType][] {
  return Object.entries(SETTING_SPECS[name].yaml) as [YamlKey, YamlType][];
}

export function yamlKeysOf(name: SettingName): YamlKey[] {
  return yamlEntriesOf(name).map(([key]) => key);
}
