import { DiscordRequestError } from "../discord/errors.js";
import { type BackfillJobs, createBackfillJobs } from "./backfill-jobs.js";
import type { CounterDeps } from "./deps.js";
import { createExclusionCheck } from "./exclusion.js";
import { reconcileAllChannels } from "./reconcile-loop.js";
import { createScheduler, type Scheduler, type Timers } from "./scheduler.js";
import { syncGuild } from "./sync-guild.js";

export interface ExporterLoopOptions {
  guildIds: readonly string[];
  excludedChannels: readonly string[];
  pollIntervalMs: number;
  /** Recount every channel this often (null: off); see reconcile-loop.ts. */
  reconcileIntervalMs?: number | null;
  timers?: Timers;
}

export interface ExporterLoop {
  start(): void;
  /** One sync of every guild now (waits for a running one instead of overlapping). */
  syncNow(): Promise<void>;
  /** One reconcile round now (no-op when RECONCILE_INTERVAL is off). */
  reconcileNow(): Promise<void>;
  readonly backfills: BackfillJobs;
  stop(): Promise<void>;
}

/** The poll loop: every guild synced at start and then every interval; backfills continue between syncs. */
export function createExporterLoop(deps: CounterDeps, options: ExporterLoopOptions): ExporterLoop {
  const backfills = createBackfillJobs(deps.log);
  const isExcluded = createExclusionCheck(options.excludedChannels);
  const scheduler: Scheduler = createScheduler({
    intervalMs: options.pollIntervalMs,
    clock: deps.clock,
    timers: options.timers,
    task: async (signal) => {
      const results = await Promise.allSettled(
        options.guildIds.map((guildId) => syncGuild(deps, guildId, { isExcluded, backfills, signal })),
      );
      for (const result of results) if (result.status === "rejected") throw result.reason;
    },
    onError: (error) => {
      if (error instanceof DiscordRequestError && error.kind === "unauthorized") {
        deps.log.error(
          "Discord rejected the token (401 Unauthorized): check DISCORD_TOKEN; serving the last known values",
        );
      } else {
        deps.log.error({ err: error }, "sync failed; serving the last known values, retrying at the next interval");
      }
    },
  });
  const reconcileEvery = options.reconcileIntervalMs ?? null;
  const reconciler =
    reconcileEvery === null
      ? null
      : createScheduler({
          intervalMs: reconcileEvery,
          clock: deps.clock,
          timers: options.timers,
          task: (signal) => reconcileAllChannels(deps, options.guildIds, signal),
          onError: (error) => deps.log.error({ err: error }, "reconcile failed"),
        });
  let reconcileTimer: ReturnType<typeof setTimeout> | null = null;
  return {
    start() {
      scheduler.start();
      // The first reconcile waits one interval: at start the counts were just made.
      if (reconciler && reconcileEvery !== null) {
        reconcileTimer = setTimeout(() => reconciler.start(), reconcileEvery);
        reconcileTimer.unref();
      }
    },
    syncNow: () => scheduler.trigger(),
    reconcileNow: () => reconciler?.trigger() ?? Promise.resolve(),
    backfills,
    async stop() {
      if (reconcileTimer) clearTimeout(reconcileTimer);
      await Promise.all([scheduler.stop(), reconciler?.stop()]);
      await backfills.stop();
    },
  };
}
