import { DiscordRequestError } from "../discord/errors.js";
import { type BackfillJobs, createBackfillJobs } from "./backfill-jobs.js";
import type { CounterDeps } from "./deps.js";
import { createExclusionCheck } from "./exclusion.js";
import { createScheduler, type Scheduler, type Timers } from "./scheduler.js";
import { syncGuild } from "./sync-guild.js";

export interface ExporterLoopOptions {
  guildIds: readonly string[];
  excludedChannels: readonly string[];
  pollIntervalMs: number;
  timers?: Timers;
}

export interface ExporterLoop {
  start(): void;
  /** One sync of every guild now (waits for a running one instead of overlapping). */
  syncNow(): Promise<void>;
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
        deps.log.error("Discord rejected the token (401 Unauthorized): check DISCORD_TOKEN; serving the last known values");
      } else {
        deps.log.error({ err: error }, "sync failed; serving the last known values, retrying at the next interval");
      }
    },
  });
  return {
    start: () => scheduler.start(),
    syncNow: () => scheduler.trigger(),
    backfills,
    async stop() {
      await scheduler.stop();
      await backfills.stop();
    },
  };
}
