import { Gauge, type Registry } from "prom-client";
import { CHANNEL_STATES, ChannelState } from "../store/channel-states.js";
import type { ChannelCountRow, GuildCountRow, MetricsSnapshotReader } from "../store/metrics-read.js";
import { backfillProgress, buildChannelSeries, channelSeriesLabels } from "./channel-series.js";

export interface StoreMetricsOptions {
  exportChannelNames: boolean;
  legacyMetrics: boolean;
}

/**
 * Gauges whose values are read from SQLite when the registry is collected: a scrape never calls Discord. Each
 * collect() starts with reset() so deleted channels vanish from the output.
 */
interface Snapshot {
  channels: ChannelCountRow[];
  guilds: GuildCountRow[];
}

export function registerStoreMetrics(
  registry: Registry,
  reader: MetricsSnapshotReader,
  dataGeneration: () => string,
  options: StoreMetricsOptions,
): void {
  const registers = [registry];
  // One read per data generation: every gauge of a render shares it, and an unchanged database is not read again.
  let snapshot: Snapshot | null = null;
  let snapshotGeneration = "";
  const read = (): Snapshot => {
    const generation = dataGeneration();
    if (snapshot === null || generation !== snapshotGeneration) {
      snapshot = { channels: reader.readChannels(), guilds: reader.readGuilds() };
      snapshotGeneration = generation;
    }
    return snapshot;
  };

  new Gauge({
    name: "discord_guild_members",
    help: "Members of the guild (approximate_member_count: all members, no cap).",
    labelNames: ["guild_id", "guild"] as const,
    registers,
    collect() {
      this.reset();
      for (const guild of read().guilds) {
        if (guild.memberCount !== null) this.set({ guild_id: guild.id, guild: guild.name }, guild.memberCount);
      }
    },
  });
  new Gauge({
    name: "discord_guild_members_online",
    help: "Members of the guild who are not offline (approximate_presence_count).",
    labelNames: ["guild_id", "guild"] as const,
    registers,
    collect() {
      this.reset();
      for (const guild of read().guilds) {
        if (guild.presenceCount !== null) this.set({ guild_id: guild.id, guild: guild.name }, guild.presenceCount);
      }
    },
  });
  new Gauge({
    name: "discord_guild_up",
    help: "1 if the guild was reachable at the last sync, 0 if the bot lost access (last values are still served).",
    labelNames: ["guild_id"] as const,
    registers,
    collect() {
      this.reset();
      for (const guild of read().guilds) this.set({ guild_id: guild.id }, guild.status === "ok" ? 1 : 0);
    },
  });
  new Gauge({
    name: "discord_channel_messages",
    help: "Messages counted in the channel, by author kind (human, bot) and source (the channel itself, or its threads and posts summed).",
    labelNames: [
      "guild_id",
      "channel_id",
      "channel",
      "category_id",
      "category",
      "channel_type",
      "author",
      "source",
    ] as const,
    registers,
    collect() {
      this.reset();
      for (const series of buildChannelSeries(read().channels, options.exportChannelNames)) {
        const labels = channelSeriesLabels(series);
        if (series.channelType !== "forum" && series.channelType !== "media") {
          this.set({ ...labels, author: "human", source: "channel" }, series.own.human);
          this.set({ ...labels, author: "bot", source: "channel" }, series.own.bot);
        }
        if (series.threads) {
          this.set({ ...labels, author: "human", source: "threads" }, series.threads.human);
          this.set({ ...labels, author: "bot", source: "threads" }, series.threads.bot);
        }
      }
    },
  });
  new Gauge({
    name: "discord_exporter_channels",
    help: "Stored channels and threads by state.",
    labelNames: ["guild_id", "state"] as const,
    registers,
    collect() {
      this.reset();
      const guildIds = new Set(read().guilds.map((guild) => guild.id));
      for (const guildId of guildIds) for (const state of CHANNEL_STATES) this.set({ guild_id: guildId, state }, 0);
      for (const row of read().channels) this.inc({ guild_id: row.guildId, state: row.state });
    },
  });
  new Gauge({
    name: "discord_exporter_backfill_progress_ratio",
    help: "Share of each backfilling channel's lifetime already counted (by time, from its newest message back to its creation).",
    labelNames: ["guild_id", "channel_id", "channel"] as const,
    registers,
    collect() {
      this.reset();
      for (const row of read().channels) {
        if (row.state !== ChannelState.Backfilling) continue;
        this.set(
          { guild_id: row.guildId, channel_id: row.id, channel: options.exportChannelNames ? row.name : "" },
          backfillProgress(row),
        );
      }
    },
  });
  new Gauge({
    name: "discord_exporter_last_sync_success_timestamp_seconds",
    help: "When the guild was last synced successfully (kept across restarts).",
    labelNames: ["guild_id"] as const,
    registers,
    collect() {
      this.reset();
      for (const guild of read().guilds) {
        if (guild.lastSuccessAt !== null) this.set({ guild_id: guild.id }, guild.lastSuccessAt / 1000);
      }
    },
  });
  if (options.legacyMetrics) registerLegacyMetrics(registry, read);
}

/**
 * The Go exporter's two metrics, exactly as it served them, so its users' dashboards keep working while they move.
 * Their names break Prometheus conventions (_count on a gauge); see README "Legacy metrics".
 */
function registerLegacyMetrics(registry: Registry, read: () => Snapshot): void {
  new Gauge({
    name: "discord_members_count",
    help: "Number of members in the Discord server",
    registers: [registry],
    collect() {
      this.reset();
      const total = read().guilds.reduce((sum, guild) => sum + (guild.memberCount ?? 0), 0);
      this.set(total);
    },
  });
  new Gauge({
    name: "discord_message_count",
    help: "Number of messages per channel",
    labelNames: ["channel"] as const,
    registers: [registry],
    collect() {
      this.reset();
      for (const series of buildChannelSeries(read().channels, true)) {
        if (series.channelType !== "text" && series.channelType !== "announcement") continue;
        // Two channels may share a name; the Go exporter overwrote one with the other, summing loses less.
        this.inc({ channel: series.channel }, series.own.human + series.own.bot);
      }
    },
  });
}
