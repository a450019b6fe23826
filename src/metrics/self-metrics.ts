import { Counter, Gauge, type Registry } from "prom-client";
import { FAILURE_KINDS, type FailureKind } from "../failure-kinds.js";

const OPERATIONS = [
  "guild_sync",
  "thread_listing",
  "archived_thread_scan",
  "private_thread_scan",
  "backfill",
  "backfill_eta",
  "scheduled_recount",
  "metrics_render",
] as const;
type Operation = (typeof OPERATIONS)[number];

// The observers are described here by shape (the counter and the Discord layer declare what they call), so that
// metrics/ depends on neither; exporter.ts hands these to them and the compiler checks the fit.
export interface SyncMetrics {
  syncFinished(guildId: string, durationMs: number, ok: boolean, finishedAt: number): void;
  pageCounted(mode: "forward" | "backfill", messages: number): void;
  channelFailed(channelId: string, kind: FailureKind): void;
  operationFailed(operation: Operation, kind: FailureKind): void;
}

export interface RequestMetrics {
  onResponse(route: string, method: string, status: number): void;
  onRateLimited(route: string, scope: string, retryAfterMs: number): void;
}

export interface SelfMetrics {
  syncObserver: SyncMetrics;
  requestObserver: RequestMetrics;
  /** Each guild's estimated seconds until its first count ends (counter/backfill-eta.ts); null: unknown, no series. */
  setBackfillEta(estimates: ReadonlyMap<string, number | null>): void;
  /** Changes whenever a self-metric changes: part of the render cache key. */
  generation(): number;
}

/** Route templates without ids, so the request counter grows with endpoints, never with channels. */
export function routeTemplate(route: string): string {
  return route.replace(/\d{15,21}/g, ":id").replace(/\?.*$/, "");
}

/** The exporter's own health, as other exporters report it (discord_exporter_*). */
export function createSelfMetrics(registry: Registry): SelfMetrics {
  let generation = 0;
  const bump = () => {
    generation++;
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
    help: "Failures of one channel's work (its requests, plan or stored state), by kind (forbidden, unreadable, not_found, transient, fatal, unauthorized, internal); each becomes the channel's state and retry time and leaves the guild's sync to the other channels, except unauthorized: a rejected token fails the sync.",
    labelNames: ["kind"] as const,
    registers,
  });
  const operationFailures = new Counter({
    name: "discord_exporter_operation_failures_total",
    help: "Failures of work outside one channel (guild syncs, thread listings, archived-thread scans, backfill jobs, the backfill's progress estimate, scheduled recounts, the metrics render worker), by operation and kind.",
    labelNames: ["operation", "kind"] as const,
    registers,
  });
  const backfillEta = new Gauge({
    name: "discord_exporter_backfill_eta_seconds",
    help: "Estimated seconds until the guild's first count (every channel back to its first message) is done, the guild's pages left at its pace of the last 10 minutes, or its largest channel's at the fastest pace one channel keeps (the later of the two); 0 once done; absent while unknown.",
    labelNames: ["guild_id"] as const,
    registers,
  });
  let backfillEtaKey = "";
  // Present from the start, so rate() and alerts work before the first failure.
  for (const mode of ["forward", "backfill"]) counted.inc({ mode }, 0);
  for (const kind of FAILURE_KINDS) failures.inc({ kind }, 0);
  for (const operation of OPERATIONS) operationFailures.inc({ operation, kind: "transient" }, 0);

  return {
    generation: () => generation,
    setBackfillEta(estimates) {
      const known = [...estimates].filter((entry): entry is [string, number] => entry[1] !== null);
      const key = JSON.stringify(known);
      if (key === backfillEtaKey) return;
      backfillEtaKey = key;
      // reset() first: a guild whose estimate became unknown must lose its series, not keep a stale one.
      backfillEta.reset();
      for (const [guildId, seconds] of known) backfillEta.set({ guild_id: guildId }, seconds);
      bump();
    },
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
      operationFailed(operation, kind) {
        operationFailures.inc({ operation, kind });
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
