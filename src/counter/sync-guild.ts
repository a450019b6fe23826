import { DiscordRequestError, classifyDiscordError } from "../discord/errors.js";
import { applyChannelChanges, readGuildChannels, updateChannelStatus } from "../store/channel-rows.js";
import { applyGuildSnapshot, markGuildDown, markGuildSynced } from "../store/guild-rows.js";
import type { BackfillJobs } from "./backfill-jobs.js";
import { isThreadType } from "./channel-kinds.js";
import { recordChannelFailure } from "./channel-errors.js";
import { planChannelSync } from "./channel-plan.js";
import type { CounterDeps } from "./deps.js";
import type { ExclusionCheck } from "./exclusion.js";
import { isProbeDue, probeMissingChannel } from "./probe-channel.js";
import { activeState, reconcileChannels } from "./reconcile-channels.js";
import { syncThreads } from "./sync-threads.js";
import { backfillChannel, syncChannelForward } from "./sync-channel.js";

export interface GuildSyncOptions {
  isExcluded: ExclusionCheck;
  backfills: BackfillJobs;
  signal: AbortSignal;
}

export type GuildSyncResult = { ok: true } | { ok: false; reason: string };

/**
 * One guild's sync: counts and member sample, channel list, then every channel that has something new. Forward
 * syncs are awaited; backfills are started (or left running) in the background.
 */
export async function syncGuild(
  deps: CounterDeps,
  guildId: string,
  options: GuildSyncOptions,
): Promise<GuildSyncResult> {
  const started = deps.clock();
  try {
    const guild = await deps.limiter.run("high", () => deps.api.fetchGuild(guildId));
    applyGuildSnapshot(deps.store, guild, deps.clock());
    const listed = await deps.limiter.run("high", () => deps.api.fetchGuildChannels(guildId));
    const stored = readGuildChannels(deps.store, guildId);
    const changes = reconcileChannels(
      guildId,
      stored,
      listed,
      options.isExcluded,
      deps.clock(),
      (row) => !isThreadType(row.type),
    );
    applyChannelChanges(deps.store, changes, deps.clock());
    const due = changes.missing.filter((row) => isProbeDue(row, deps.clock()));
    await Promise.all(due.map((row) => probeMissingChannel(deps, row)));
    // Backfills start before the thread listing: a first sync may list archived threads of hundreds of parents,
    // and the biggest channels' backfills bound the first full count.
    startBackfills(deps, guildId, options);
    await syncThreads(deps, guildId, options.isExcluded).catch((error: unknown) => {
      // Threads failing must not hold up the channels' own messages; they are tried again next sync.
      if (!(error instanceof DiscordRequestError) || error.kind === "unauthorized") throw error;
      deps.log.warn({ guildId }, `thread listing failed, retrying next sync: ${error.message}`);
    });
    await syncChannels(deps, guildId, options);
    markGuildSynced(deps.store, guildId, deps.clock());
    deps.observer.syncFinished(guildId, deps.clock() - started, true, deps.clock());
    return { ok: true };
  } catch (error) {
    deps.observer.syncFinished(guildId, deps.clock() - started, false, deps.clock());
    if (!(error instanceof DiscordRequestError)) throw error;
    const failure = classifyDiscordError(error, `guild ${guildId}`);
    if (failure.kind === "unauthorized") throw failure;
    if (failure.kind === "forbidden" || failure.kind === "not_found") {
      // Bot removed or guild gone: keep serving the last values, say so in the metrics.
      markGuildDown(deps.store, guildId, deps.clock());
      deps.log.error({ guildId, status: failure.status, code: failure.code }, `guild unreachable: ${failure.message}`);
    } else {
      deps.log.warn({ guildId }, `guild sync failed, retrying next sync: ${failure.message}`);
    }
    return { ok: false, reason: failure.message };
  }
}

function startBackfills(deps: CounterDeps, guildId: string, options: GuildSyncOptions): void {
  const now = deps.clock();
  for (const row of readGuildChannels(deps.store, guildId)) {
    if (planChannelSync(row, now).backfill) ensureBackfill(deps, row.id, options);
  }
}

function ensureBackfill(deps: CounterDeps, channelId: string, options: GuildSyncOptions): void {
  options.backfills.ensure(channelId, (signal) =>
    backfillChannel(deps, channelId, signal).catch((error: unknown) => recordChannelFailure(deps, channelId, error)),
  );
}

async function syncChannels(deps: CounterDeps, guildId: string, options: GuildSyncOptions): Promise<void> {
  const now = deps.clock();
  const forwards: Promise<void>[] = [];
  for (const row of readGuildChannels(deps.store, guildId)) {
    const plan = planChannelSync(row, now);
    let { forward, backfill } = plan;
    if (plan.retry) {
      const state = activeState(row);
      updateChannelStatus(deps.store, row.id, { state, retryAt: null }, now);
      backfill = state === "backfilling";
      forward = !backfill && row.lastSeenId !== null;
    }
    if (backfill) {
      ensureBackfill(deps, row.id, options);
    }
    if (forward) {
      // The limiter bounds concurrency per request, so these may all be started at once.
      forwards.push(
        syncChannelForward(deps, row.id, options.signal).catch((error: unknown) =>
          recordChannelFailure(deps, row.id, error),
        ),
      );
    }
  }
  const results = await Promise.allSettled(forwards);
  for (const result of results) if (result.status === "rejected") throw result.reason;
}
