import { Counter, Gauge, type Registry } from "prom-client";
import type { VoiceReader } from "../store/voice-read.js";

// Names and HELP texts shared with the OpenMetrics history (src/history/), so a backfilled series is the live one.
export const VOICE_MEMBERS_METRIC = {
  name: "discord_voice_members",
  help: "People (not bots) in the voice or stage channel now.",
} as const;
export const VOICE_SECONDS_METRIC = {
  name: "discord_voice_seconds_total",
  help: "Time spent in the voice or stage channel, by author kind (human, bot), up to the last checkpoint (at most a minute old).",
} as const;
export const VOICE_ACTIVE_MEMBERS_METRIC = {
  name: "discord_voice_active_members",
  help: "Distinct people who were in the guild's voice or stage channels over the last N UTC days including today (window 1d, 7d, 30d).",
} as const;
export const MEMBER_JOINS_METRIC = {
  name: "discord_guild_member_joins_total",
  help: "Members who joined the guild while the exporter listened (MEMBER_EVENTS).",
} as const;
export const MEMBER_LEAVES_METRIC = {
  name: "discord_guild_member_leaves_total",
  help: "Members who left the guild while the exporter listened (MEMBER_EVENTS).",
} as const;

export interface VoiceChannelLabelRow {
  guildId: string;
  channelId: string;
  name: string;
}

/** The labels of a voice channel's series (the author label comes on top for the seconds). */
export function voiceChannelLabels(
  row: VoiceChannelLabelRow,
  exportChannelNames: boolean,
): { guild_id: string; channel_id: string; channel: string } {
  return { guild_id: row.guildId, channel_id: row.channelId, channel: exportChannelNames ? row.name : "" };
}

export interface VoiceMetricsOptions {
  exportChannelNames: boolean;
  /** The UTC day the windows end on (the exporter's clock). */
  today: () => string;
  /** One read per data generation, shared by the three families of a render. */
  generation: () => string;
  voice: boolean;
  memberEvents: boolean;
}

/**
 * Voice activity and member joins/leaves, read from SQLite at render time like every store metric (reset first, so a
 * channel that is gone leaves the output). Registered only for the features that are on.
 */
export function registerVoiceMetrics(registry: Registry, reader: VoiceReader, options: VoiceMetricsOptions): void {
  const registers = [registry];
  let cache: { key: string; channels: ReturnType<VoiceReader["channels"]> } | null = null;
  const channels = () => {
    const key = options.generation();
    if (cache?.key !== key) cache = { key, channels: reader.channels() };
    return cache.channels;
  };
  const labels = (row: VoiceChannelLabelRow) => voiceChannelLabels(row, options.exportChannelNames);
  if (options.voice) {
    new Gauge({
      ...VOICE_MEMBERS_METRIC,
      labelNames: ["guild_id", "channel_id", "channel"] as const,
      registers,
      collect() {
        this.reset();
        for (const row of channels()) this.set(labels(row), row.peopleNow);
      },
    });
    new Counter({
      ...VOICE_SECONDS_METRIC,
      labelNames: ["guild_id", "channel_id", "channel", "author"] as const,
      registers,
      collect() {
        this.reset();
        for (const row of channels()) {
          this.inc({ ...labels(row), author: "human" }, row.humanMs / 1000);
          this.inc({ ...labels(row), author: "bot" }, row.botMs / 1000);
        }
      },
    });
    new Gauge({
      ...VOICE_ACTIVE_MEMBERS_METRIC,
      labelNames: ["guild_id", "window"] as const,
      registers,
      collect() {
        this.reset();
        for (const row of reader.active(options.today()))
          this.set({ guild_id: row.guildId, window: row.window }, row.count);
      },
    });
  }
  if (options.memberEvents) {
    const flow = () => reader.memberFlow();
    new Counter({
      ...MEMBER_JOINS_METRIC,
      labelNames: ["guild_id"] as const,
      registers,
      collect() {
        this.reset();
        for (const row of flow()) this.inc({ guild_id: row.guildId }, row.joins);
      },
    });
    new Counter({
      ...MEMBER_LEAVES_METRIC,
      labelNames: ["guild_id"] as const,
      registers,
      collect() {
        this.reset();
        for (const row of flow()) this.inc({ guild_id: row.guildId }, row.leaves);
      },
    });
  }
}
