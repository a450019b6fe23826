import { Counter, Gauge, type Registry } from "prom-client";
import type { SyncObserver } from "../counter/observer.js";
import type { RequestObserver } from "../discord/rest-api.js";

export interface SelfMetrics {
  syncObserver: SyncObserver;
  requestObserver: RequestObserver;
  /** Changes whenever a self-metric changes: part of the render cache key. */
  version(): number;
}

/** Route templates without ids, so the request counter grows with endpoints, never with channels. */
export function routeTemplate(route: string): string {
  return route.replace(/\d{15,21}/g, ":id").replace(/\?.*$/, "");
}

/** The exporter's own health, as other exporters report it (discord_exporter_*). */
export function createSelfMetrics(registry: Registry): SelfMetrics {
  let version = 0;
  const bump = () => {
    version++;
  };
  const registers = [registry];
  const syncs = new Counter({
    name: "discord_exporter_syncs_total",
    help: "Guild syncs finished, by result.",
    labelNames: ["guild_id", "result"] as const,
    registers,
  });
  const syncDuration = new Gauge({
    name: "discord_exporter_last_sync_duration_seconds",
    help: "Duration of the guild's last sync (backfills continue in the background and are not included).",
    labelNames: ["guild_id"] as const,
    registers,
  });
  const lastSyncEnd = new Gauge({
    name: "discord_exporter_last_sync_timestamp_seconds",
    help: "When the guild's last sync attempt ended, successful or not.",
    labelNames: ["guild_id"] as const,
    registers,
  });
  const requests = new Counter({
    name: "discord_exporter_discord_requests_total",
    help: "HTTP responses from Discord's API, by route template, method and status (retries included).",
    labelNames: ["route", "method", "status"] as const,
    registers,
  });
  const rateLimited = new Counter({
    name: "discord_exporter_rate_limited_total",
    help: "Times the REST client waited on a Discord rate limit, by route template and scope.",
    labelNames: ["route", "scope"] as const,
    registers,
  });
  const counted = new Counter({
    name: "discord_exporter_messages_counted_total",
    help: "Messages counted since the exporter started, by how they were fetched.",
    labelNames: ["mode"] as const,
    registers,
  });
  const failures = new Counter({
    name: "discord_exporter_channel_failures_total",
    help: "Channel syncs that failed, by kind (forbidden, not_found, transient, fatal, unauthorized).",
    labelNames: ["kind"] as const,
    registers,
  });
  // Present from the start, so rate() and alerts work before the first failure.
  for (const mode of ["forward", "backfill"]) counted.inc({ mode }, 0);
  for (const kind of ["forbidden", "not_found", "transient", "fatal", "unauthorized"]) failures.inc({ kind }, 0);

  return {
    version: () => version,
    syncObserver: {
      syncFinished(guildId, durationMs, ok, finishedAt) {
        syncs.inc({ guild_id: guildId, result: ok ? "success" : "failure" });
        syncDuration.set({ guild_id: guildId }, durationMs / 1000);
        lastSyncEnd.set({ guild_id: guildId }, finishedAt / 1000);
        bump();
      },
      pageCounted(mode, messages) {
        counted.inc({ mode }, messages);
        bump();
      },
      channelFailed(_channelId, kind) {
        failures.inc({ kind });
        bump();
      },
    },
    requestObserver: {
      onResponse(route, method, status) {
        requests.inc({ route: routeTemplate(route), method, status: String(status) });
        bump();
      },
      onRateLimited(route, scope) {
        rateLimited.inc({ route: routeTemplate(route), scope });
        bump();
      },
    },
  };
}
