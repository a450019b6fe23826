/**
 * The exporter's real app (src/http/app.ts) with the real dashboard and API over a small database written by hand,
 * for tests through app.request() (no socket): the validation table, headers, escaping, the asset whitelist. The
 * names are hostile on purpose (markup, quotes, ampersands) and Japanese.
 */
import { gzipSync } from "node:zlib";
import type { Hono, MiddlewareHandler } from "hono";
import { type AppDeps, createApp } from "../../src/http/app.js";
import { createAssetTable, defaultAssetSources } from "../../src/http/dashboard/assets.js";
import type { FirstCountProgress } from "../../src/http/dashboard/first-count.js";
import { buildLandingData } from "../../src/http/landing-data.js";
import { createSilentLogger } from "../../src/log.js";
import { createHistoryQueries } from "../../src/store/history-queries.js";
import { createVoiceHistory } from "../../src/store/voice-history.js";
import { createMetricsReader } from "../../src/store/metrics-read.js";
import type { Store } from "../../src/store/open.js";
import { prepareInsertDay } from "../helpers/daily-rows.js";
import { openTempStore } from "../helpers/temp-store.js";

export const TODAY = "2024-06-30";
export const GUILD = "1100000000000000001";
export const GUILD_NAME = `<script>alert("g")</script> & 原神`;
export const CHANNELS = {
  general: { id: "1100000000000000010", name: `雑談 "<b>general</b>" & co`, type: 0 },
  category: { id: "1100000000000000011", name: "Category", type: 4 },
  thread: { id: "1100000000000000012", name: "a thread", type: 11 },
  forum: { id: "1100000000000000013", name: "質問", type: 15 },
  post: { id: "1100000000000000014", name: "a post", type: 11 },
  secret: { id: "1100000000000000015", name: "secret", type: 0 },
} as const;
/** Messages per day: general on its own, its thread, the forum's post, an excluded channel. */
export const DAYS = [
  ["general", "2024-06-01", 5, 1],
  ["general", "2024-06-30", 7, 2],
  ["thread", "2024-06-30", 3, 0],
  ["post", "2024-05-01", 4, 4],
  ["secret", "2024-06-30", 100, 0],
] as const;

/** With `voice: true`: a voice and a stage channel, and an excluded voice channel whose time counts nowhere. */
export const VOICE_CHANNELS = {
  lounge: { id: "1100000000000000020", name: `ラウンジ "<i>voice</i>"`, type: 2, state: "ready" },
  stage: { id: "1100000000000000021", name: "stage", type: 13, state: "ready" },
  hidden: { id: "1100000000000000022", name: "hidden voice", type: 2, state: "excluded" },
} as const;
/** voice_daily: channel, day, human ms, bot ms. */
export const VOICE_DAYS = [
  ["lounge", "2024-06-28", 3_600_001, 600_000],
  ["stage", "2024-06-28", 1_800_000, 0],
  ["lounge", "2024-06-30", 90_500, 0],
  ["hidden", "2024-06-30", 999_000, 0],
] as const;
/** voice_daily_people: channel, day, user. u3's moment on the stage on the 29th added no time. */
export const VOICE_PEOPLE = [
  ["lounge", "2024-06-28", "u1"],
  ["lounge", "2024-06-28", "u2"],
  ["stage", "2024-06-28", "u2"],
  ["stage", "2024-06-29", "u3"],
  ["lounge", "2024-06-30", "u1"],
  ["hidden", "2024-06-30", "u9"],
] as const;

export interface DashboardTestApp {
  app: Hono;
  store: Store;
  firstCount: Map<string, FirstCountProgress>;
  cleanup(): void;
}

export function createDashboardTestApp(
  options: {
    exportChannelNames?: boolean;
    /** What the page footer names; "test" unless a test checks it. */
    version?: string;
    middleware?: readonly MiddlewareHandler[];
    /** VOICE_ACTIVITY as the voice panel's note reads it. */
    voiceActivity?: boolean;
    /** Write VOICE_CHANNELS, VOICE_DAYS and VOICE_PEOPLE. */
    voice?: boolean;
    /** The parts test/http/app.test.ts replaces to test /metrics, /healthz and the error handler. */
    overrides?: Partial<Pick<AppDeps, "renderMetrics" | "checkHealth" | "log">>;
  } = {},
): DashboardTestApp {
  const temp = openTempStore();
  const { sqlite } = temp.store;
  sqlite
    .prepare(
      "INSERT INTO guilds (id, name, member_count, presence_count, status, last_success_at) VALUES (?, ?, 120, 12, 'ok', ?)",
    )
    .run(GUILD, GUILD_NAME, Date.UTC(2024, 5, 30, 12));
  const insertChannel = sqlite.prepare(
    `INSERT INTO channels (id, guild_id, parent_id, type, name, state, human_messages, bot_messages, backfill_done,
      last_seen_id, first_seen_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 1, ?, 0, 0)`,
  );
  const parents: Record<string, string | null> = {
    general: CHANNELS.category.id,
    category: null,
    thread: CHANNELS.general.id,
    forum: null,
    post: CHANNELS.forum.id,
    secret: null,
  };
  for (const [key, channel] of Object.entries(CHANNELS)) {
    const days = DAYS.filter(([name]) => name === key);
    const human = days.reduce((sum, [, , h]) => sum + h, 0);
    const bot = days.reduce((sum, [, , , b]) => sum + b, 0);
    const state = key === "secret" ? "excluded" : "ready";
    insertChannel.run(channel.id, GUILD, parents[key], channel.type, channel.name, state, human, bot, channel.id);
  }
  const insertDay = prepareInsertDay(sqlite);
  for (const [key, day, human, bot] of DAYS) insertDay(CHANNELS[key].id, day, human, bot);
  if (options.voice) {
    for (const channel of Object.values(VOICE_CHANNELS)) {
      insertChannel.run(channel.id, GUILD, null, channel.type, channel.name, channel.state, 0, 0, null);
    }
    const insertVoice = sqlite.prepare(
      "INSERT INTO voice_daily (channel_id, day, human_ms, bot_ms) VALUES (?, ?, ?, ?)",
    );
    for (const [key, day, human, bot] of VOICE_DAYS) insertVoice.run(VOICE_CHANNELS[key].id, day, human, bot);
    const insertPerson = sqlite.prepare("INSERT INTO voice_daily_people (channel_id, day, user_id) VALUES (?, ?, ?)");
    for (const [key, day, user] of VOICE_PEOPLE) insertPerson.run(VOICE_CHANNELS[key].id, day, user);
  }
  const insertSample = sqlite.prepare(
    "INSERT INTO member_samples (guild_id, sampled_at, members, online) VALUES (?, ?, ?, ?)",
  );
  insertSample.run(GUILD, Date.UTC(2024, 5, 29, 12), 118, 10);
  insertSample.run(GUILD, Date.UTC(2024, 5, 30, 12), 120, 12);

  const exportChannelNames = options.exportChannelNames ?? true;
  const history = createHistoryQueries(temp.store);
  const voice = createVoiceHistory(temp.store);
  const reader = createMetricsReader(temp.store);
  const firstCount = new Map<string, FirstCountProgress>();
  const body = "discord_guild_members 120\n";
  const app = createApp({
    renderMetrics: async () => ({
      body: new Uint8Array(Buffer.from(body)),
      gzip: new Uint8Array(gzipSync(body)),
      contentType: "text/plain; version=0.0.4",
    }),
    checkHealth: () => ({ ok: true }),
    log: createSilentLogger(),
    middleware: options.middleware,
    ...options.overrides,
    api: { history, voice, exportChannelNames, today: () => TODAY },
    dashboard: {
      version: options.version ?? "test",
      readLanding: () => buildLandingData(options.version ?? "test", reader.readGuilds(), reader.readChannels()),
      readFirstCount: () => firstCount,
      history,
      voice,
      voiceActivity: options.voiceActivity ?? false,
      exportChannelNames,
      today: () => TODAY,
      assets: createAssetTable(defaultAssetSources()),
    },
  });
  return { app, store: temp.store, firstCount, cleanup: temp.cleanup };
}
