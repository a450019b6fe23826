import { DiscordRequestError } from "../discord/errors.js";
import { type BackfillJobs, createBackfillJobs } from "./backfill-jobs.js";
import type { CounterDeps } from "./deps.js";
import { createExclusionCheck, type ExclusionCheck } from "./exclusion.js";
import { countFailure } from "./count-failure.js";
import { recountAllChannels } from "./scheduled-recount.js";
import { createScheduler, type Scheduler } from "./scheduler.js";
import { syncGuild } from "./sync-guild.js";

export interface ExporterLoopOptions {
  guildIds: readonly string[];
  excludedChannels: readonly string[];
  pollIntervalMs: number;
  /** Recount every channel this often (null: off; RECONCILE_INTERVAL); see scheduled-recount.ts. */
  recountIntervalMs?: number | null;
}

export interface ExporterLoop {
  start(): void;
  /** One sync of every guild now (waits for a running one instead of overlapping). */
  syncNow(): Promise<void>;
  /** One scheduled-recount round now (no-op when RECONCILE_INTERVAL is off). */
  recountNow(): Promise<void>;
  readonly backfills: BackfillJobs;
  /** EXCLUDED_CHANNELS, for the live updates that list channels between syncs. */
  readonly isExcluded: ExclusionCheck;
  stop(): Promise<void>;
}

/** The poll loop: every guild synced at start and then every interval; backfills continue between syncs. */
export function createExporterLoop(deps: CounterDeps, options: ExporterLoopOptions): ExporterLoop {
  const backfills = createBackfillJobs(deps.log, (error) => countFailure(deps.observer, "backfill", error, "backfill"));
  const isExcluded = createExclusionCheck(options.excludedChannels);
  const scheduler: Scheduler = createScheduler({
    intervalMs: options.pollIntervalMs,
    clock: deps.clock,
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
  const recountEvery = options.recountIntervalMs ?? null;
  const recounter =
    recountEvery === null
      ? null
      : createScheduler({
          intervalMs: recountEvery,
          clock: deps.clock,
          task: (signal) => recountAllChannels(deps, options.guildIds, signal),
          // A round that fails as a whole (the channel list unreadable, a rejected token) is counted, not only logged.
          onError: (error) => {
            const failure = countFailure(deps.observer, "scheduled_recount", error, "scheduled recount");
            deps.log.error({ err: error, kind: failure.kind }, `scheduled recount failed: ${failure.message}`);
          },
        });
  let recountTimer: ReturnType<typeof setTimeout> | null = null;
  return {
    start() {
      scheduler.start();
      // The first recount waits one interval: at start the counts were just made.
      if (recounter && recountEvery !== null) {
        recountTimer = setTimeout(() => recounter.start(), recountEvery);
        recountTimer.unref();
      }
    },
    syncNow: () => scheduler.trigger(),
    recountNow: () => recounter?.trigger() ?? Promise.resolve(),
    backfills,
    isExcluded,
    async stop() {
      if (recountTimer) clearTimeout(recountTimer);
      await Promise.all([scheduler.stop(), recounter?.stop()]);
      await backfills.stop();
    },
  };
}
