import { utcDayOfSnowflake } from "../../discord/snowflake.js";
import { maxSnowflake } from "../../discord/snowflake.js";
import { toListedChannel } from "../../discord/rest-mapping.js";
import type { ListedChannel } from "../../discord/types.js";
import type { GatewayDispatch, GatewayListener } from "../../gateway/gateway-events.js";
import { applyChannelChanges, readChannel, readGuildChannels, setLastMessageId } from "../../store/channel-rows.js";
import { ACTIVE_STATES } from "../../store/channel-states.js";
import type { BackfillJobs } from "../backfill-jobs.js";
import { describeChannel, recordChannelFailure } from "../channel-events.js";
import { planChannelSync } from "../channel-plan.js";
import type { CounterDeps } from "../deps.js";
import type { ExclusionCheck } from "../exclusion.js";
import { diffChannelListing } from "../listing-diff.js";
import type { Timers } from "../scheduler.js";
import { backfillChannel, syncChannelForward } from "../sync-channel.js";
import { createCoalescer } from "./coalescer.js";
import { recountDay } from "./day-recount.js";
import { readChannelRef, readMessageRef, readThreadListSync } from "./dispatch-payloads.js";

export interface LiveUpdatesOptions {
  guildIds: ReadonlySet<string>;
  isExcluded: ExclusionCheck;
  backfills: BackfillJobs;
  signal: AbortSignal;
  timers: Timers;
  /** Deletions are counted only when the gateway carries messages (LIVE_UPDATES). */
  deletions: boolean;
  timings: LiveTimings;
}

export interface LiveUpdates extends GatewayListener {
  /** Resolves when nothing is waiting or running (tests). */
  idle(): Promise<void>;
  stop(): Promise<void>;
}

/** How long each kind of event waits for the rest of its burst, and how often one key may run under a storm. */
export interface LiveTimings {
  forwardDelayMs: number;
  forwardMinIntervalMs: number;
  refreshDelayMs: number;
  refreshMinIntervalMs: number;
  dayRecountDelayMs: number;
  dayRecountMinIntervalMs: number;
}

export const LIVE_TIMINGS: LiveTimings = Object.freeze({
  // A message posted: its channel's forward sync soon, and then at most every few seconds under a storm.
  forwardDelayMs: 250,
  forwardMinIntervalMs: 3000,
  // A channel changed: one look at it (renames, new threads, deletions), bursts merged.
  refreshDelayMs: 250,
  refreshMinIntervalMs: 2000,
  // Deletions come in bursts (a moderator cleaning up): one recount per channel and day for the burst.
  dayRecountDelayMs: 2000,
  dayRecountMinIntervalMs: 10_000,
});

/**
 * The gateway as a doorbell: an event says where to look, and the REST cursors stay the one ledger. A message event
 * is never counted (a lost or repeated one changes no number), it only makes that channel's forward sync happen now
 * instead of at the next poll; a deletion recounts the message's day; a channel event updates the listing at once.
 * What happens while the gateway is disconnected is caught up by the next poll.
 */
export function createLiveUpdates(deps: CounterDeps, options: LiveUpdatesOptions): LiveUpdates {
  const guildOf = new Map<string, string>();
  const witnessOf = new Map<string, string>();
  const common = { clock: deps.clock, timers: options.timers };
  const { timings } = options;

  const forward = createCoalescer<string>({
    ...common,
    delayMs: timings.forwardDelayMs,
    minIntervalMs: timings.forwardMinIntervalMs,
    run: async (channelId) => {
      const row = readChannel(deps.store, channelId);
      if (!row) return refresh.request(channelId);
      if (!planChannelSync(row, deps.clock()).forward) return;
      await syncChannelForward(deps, row, options.signal).catch((error: unknown) => {
        recordChannelFailure(deps, row, error);
      });
    },
    onError: (channelId, error) => deps.log.warn({ channelId, err: error }, "live forward sync failed"),
  });

  const refresh = createCoalescer<string>({
    ...common,
    delayMs: timings.refreshDelayMs,
    minIntervalMs: timings.refreshMinIntervalMs,
    run: async (channelId) => {
      const guildId = guildOf.get(channelId);
      if (guildId === undefined) return;
      const stored = readChannel(deps.store, channelId);
      try {
        // The event's own payload is not trusted for names and access (Discord obfuscates channels the bot lost
        // sight of): one GET tells the channel as the bot sees it now, a 403 or a 404 what became of it.
        const current = await deps.limiter.run("high", () => deps.api.fetchChannel(channelId, guildId));
        applyListing(guildId, [current]);
      } catch (error) {
        if (stored) recordChannelFailure(deps, stored, error);
      }
    },
    onError: (channelId, error) => deps.log.warn({ channelId, err: error }, "live channel refresh failed"),
  });

  const dayRecount = createCoalescer<string>({
    ...common,
    delayMs: timings.dayRecountDelayMs,
    minIntervalMs: timings.dayRecountMinIntervalMs,
    run: async (key) => {
      const [channelId = "", day = ""] = key.split("|");
      const result = await recountDay(deps, channelId, day, witnessOf.get(key) ?? null, options.signal);
      witnessOf.delete(key);
      const row = readChannel(deps.store, channelId);
      const name = row ? describeChannel(row) : channelId;
      if (result.kind === "replaced" && result.before !== result.after) {
        deps.log.info(
          { channelId, channel: row?.name, day, before: result.before, after: result.after },
          `deletion in ${name}: ${day} recounted, ${result.before} -> ${result.after} messages`,
        );
      }
    },
    onError: (key, error) => deps.log.warn({ key, err: error }, "day recount after a deletion failed"),
  });

  /** Writes what the listing says about these channels, and starts the backfill of a new countable one. */
  function applyListing(guildId: string, listed: readonly ListedChannel[]): void {
    const changes = diffChannelListing(
      guildId,
      readGuildChannels(deps.store, guildId),
      listed,
      options.isExcluded,
      deps.clock(),
      () => false,
    );
    applyChannelChanges(deps.store, changes, deps.clock());
    for (const channel of listed) {
      const row = readChannel(deps.store, channel.id);
      if (!row || !ACTIVE_STATES.has(row.state)) continue;
      const plan = planChannelSync(row, deps.clock());
      if (plan.backfill) {
        options.backfills.ensure(row, (signal) =>
          backfillChannel(deps, row.id, signal).catch((error: unknown) => {
            recordChannelFailure(deps, row, error);
          }),
        );
      } else if (plan.forward) {
        forward.request(row.id);
      }
    }
  }

  function onMessageCreated(guildId: string, channelId: string, ids: readonly string[]): void {
    const row = readChannel(deps.store, channelId);
    if (!row) {
      guildOf.set(channelId, guildId);
      refresh.request(channelId);
      return;
    }
    // The event's id is only a hint of where the channel's newest message is now, as the listing's would be.
    const newest = ids.reduce<string | null>((max, id) => maxSnowflake(max, id), row.lastMessageId);
    if (newest !== null && newest !== row.lastMessageId) setLastMessageId(deps.store, row.id, newest, deps.clock());
    forward.request(channelId);
  }

  function onDispatch(dispatch: GatewayDispatch): void {
    switch (dispatch.t) {
      case "MESSAGE_CREATE": {
        const ref = readMessageRef(dispatch.d);
        if (ref && options.guildIds.has(ref.guildId)) onMessageCreated(ref.guildId, ref.channelId, ref.ids);
        return;
      }
      case "MESSAGE_DELETE":
      case "MESSAGE_DELETE_BULK": {
        const ref = readMessageRef(dispatch.d);
        if (!options.deletions || !ref || !options.guildIds.has(ref.guildId)) return;
        for (const id of ref.ids) {
          const key = `${ref.channelId}|${utcDayOfSnowflake(id)}`;
          witnessOf.set(key, id);
          dayRecount.request(key);
        }
        return;
      }
      case "CHANNEL_CREATE":
      case "CHANNEL_UPDATE":
      case "CHANNEL_DELETE":
      case "THREAD_CREATE":
      case "THREAD_UPDATE":
      case "THREAD_DELETE": {
        const ref = readChannelRef(dispatch.d);
        if (!ref || !options.guildIds.has(ref.guildId)) return;
        guildOf.set(ref.channelId, ref.guildId);
        refresh.request(ref.channelId);
        return;
      }
      case "THREAD_LIST_SYNC": {
        const sync = readThreadListSync(dispatch.d);
        if (!sync || !options.guildIds.has(sync.guildId)) return;
        applyListing(
          sync.guildId,
          sync.threads.map((thread) => toListedChannel(thread, sync.guildId)),
        );
        return;
      }
      default:
        return;
    }
  }

  return {
    onDispatch,
    async idle() {
      for (;;) {
        await Promise.all([forward.idle(), refresh.idle(), dayRecount.idle(), options.backfills.idle()]);
        if (forward.pending() + refresh.pending() + dayRecount.pending() === 0) return;
      }
    },
    async stop() {
      await Promise.all([forward.stop(), refresh.stop(), dayRecount.stop()]);
    },
  };
}
