import { isThreadType } from "../discord/channel-kinds.js";
import { applyChannelChanges, type ChannelRow, readChannel, readGuildChannels } from "../store/channel-rows.js";
import { ACTIVE_STATES } from "../store/channel-states.js";
import { applyGuildSnapshot, markGuildDown, markGuildSynced } from "../store/guild-rows.js";
import type { BackfillJobs } from "./backfill-jobs.js";
import { runChannelStep, runChannelTask } from "./channel-events.js";
import { countFailure, throwIfTokenRejected } from "./count-failure.js";
import { planChannelSync } from "./channel-plan.js";
import type { CounterDeps } from "./deps.js";
import type { ExclusionCheck } from "./exclusion.js";
import { diffChannelListing } from "./listing-diff.js";
import { isProbeDue, probeMissingChannel } from "./probe-channel.js";
import { retryBlockedChannel } from "./retry-blocked.js";
import { backfillChannel, syncChannelForward } from "./sync-channel.js";
import { syncThreads } from "./sync-threads.js";

export interface GuildSyncOptions {
  isExcluded: ExclusionCheck;
  backfills: BackfillJobs;
  signal: AbortSignal;
}

export type GuildSyncResult = { ok: true } | { ok: false; reason: string };

/**
 * One guild's sync: counts and member sample, channel list, then every channel that has something new. Forward
 * syncs are awaited; backfills are started (or left running) in the background. A channel's failure, of any kind,
 * becomes that channel's state and a metric (channel-events.ts): only the guild's own steps and a rejected token fail
 * the sync, and each failure of the sync is counted too.
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
    const changes = diffChannelListing(
      guildId,
      readGuildChannels(deps.store, guildId),
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
    startBackfills(deps, readGuildChannels(deps.store, guildId), options);
    await syncThreads(deps, guildId, options.isExcluded).catch((error: unknown) => {
      // Threads failing must not hold up the channels' own messages; they are tried again next sync.
      const failure = countFailure(deps.observer, "thread_listing", error, `threads of guild ${guildId}`);
      throwIfTokenRejected(failure);
      deps.log.warn({ guildId, kind: failure.kind }, `thread listing failed, retrying next sync: ${failure.message}`);
    });
    await syncChannels(deps, readGuildChannels(deps.store, guildId), options);
    markGuildSynced(deps.store, guildId, deps.clock());
    deps.observer.syncFinished(guildId, deps.clock() - started, true, deps.clock());
    return { ok: true };
  } catch (error) {
    deps.observer.syncFinished(guildId, deps.clock() - started, false, deps.clock());
    const failure = countFailure(deps.observer, "guild_sync", error, `guild ${guildId}`);
    throwIfTokenRejected(failure);
    if (failure.kind === "forbidden" || failure.kind === "not_found") {
      // Bot removed or guild gone: keep serving the last values, say so in the metrics.
      markGuildDown(deps.store, guildId, deps.clock());
      deps.log.error({ guildId, kind: failure.kind }, `guild unreachable: ${failure.message}`);
    } else {
      const level = failure.kind === "internal" ? "error" : "warn";
      deps.log[level]({ guildId, kind: failure.kind }, `guild sync failed, retrying next sync: ${failure.message}`);
    }
    return { ok: false, reason: failure.message };
  }
}

function startBackfills(deps: CounterDeps, rows: readonly ChannelRow[], options: GuildSyncOptions): void {
  const now = deps.clock();
  for (const row of rows) {
    runChannelStep(deps, row, () => {
      if (planChannelSync(row, now).backfill) ensureBackfill(deps, row, options);
    });
  }
}

function ensureBackfill(deps: CounterDeps, row: ChannelRow, options: GuildSyncOptions): void {
  options.backfills.ensure(row, (signal) => runChannelTask(deps, row, () => backfillChannel(deps, row.id, signal)));
}

async function syncChannels(deps: CounterDeps, rows: readonly ChannelRow[], options: GuildSyncOptions): Promise<void> {
  const now = deps.clock();
  // The limiter bounds requests in flight, so every channel's task may be started at once.
  await Promise.all(rows.map((row) => runChannelTask(deps, row, () => syncOneChannel(deps, row, now, options))));
}

async function syncOneChannel(deps: CounterDeps, row: ChannelRow, now: number, options: GuildSyncOptions) {
  const plan = planChannelSync(row, now);
  let current = row;
  if (plan.retry) {
    const state = await retryBlockedChannel(deps, row);
    const fresh = state !== null && ACTIVE_STATES.has(state) ? readChannel(deps.store, row.id) : undefined;
    if (!fresh) return;
    current = fresh;
  }
  const next = plan.retry ? planChannelSync(current, now) : plan;
  if (next.backfill) ensureBackfill(deps, current, options);
  if (next.forward) await syncChannelForward(deps, current, options.signal);
}
