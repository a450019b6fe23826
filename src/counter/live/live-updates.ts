import { utcDayOfSnowflake } from "../../discord/snowflake.js";
import { maxSnowflake } from "../../discord/snowflake.js";
import { toListedChannel } from "../../discord/rest-mapping.js";
import type { ListedChannel } from "../../discord/types.js";
import type { GatewayDispatch, GatewayListener } from "../../gateway/gateway-events.js";
import { applyChannelChanges, readChannel, readGuildChannels, setLastMessageId } from "../../store/channel-rows.js";
import { ACTIVE_STATES } from "../../store/channel-states.js";
import type { BackfillJobs } from "../backfill-jobs.js";
import {
  classifyChannelError,
  describeChannel,
  recordChannelFailure,
  runChannelStep,
  runChannelTask,
} from "../channel-events.js";
import { planChannelSync } from "../channel-plan.js";
import { countFailure } from "../count-failure.js";
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
/** A day recount refused this many times in a row, each time because the day kept changing, is given up. */
const DAY_RECOUNT_BUSY_ROUNDS = 6;

/**
 * The gateway as a doorbell: an event says where to look, and the REST cursors stay the one ledger. A message event
 * is never counted (a lost or repeated one changes no number), it only makes that channel's forward sync happen now
 * instead of at the next poll; a deletion recounts the message's day; a channel event updates the listing at once.
 * What happens while the gateway is disconnected is caught up by the next poll.
 */
export function createLiveUpdates(deps: CounterDeps, options: LiveUpdatesOptions): LiveUpdates {
  const guildOf = new Map<string, string>();
  const witnessOf = new Map<string, string>();
  const busyRounds = new Map<string, number>();
  const common = { clock: deps.clock, timers: options.timers };
  const { timings } = options;

  const forward = createCoalescer<string>({
    ...common,
    delayMs: timings.forwardDelayMs,
    minIntervalMs: timings.forwardMinIntervalMs,
    run: async (channelId) => {
      const row = readChannel(deps.store, channelId);
      if (!row) return refresh.request(channelId);
      await runChannelTask(deps, row, async () => {
        if (planChannelSync(row, deps.clock()).forward) await syncChannelForward(deps, row, options.signal);
      });
    },
    onError: (channelId, error) => reportLiveFailure(channelId, error, "live forward sync failed"),
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
        // A channel not stored yet has no state to hold the failure: the metric and the log line still tell it.
        if (!stored) throw error;
        recordChannelFailure(deps, stored, error);
      }
    },
    onError: (channelId, error) => reportLiveFailure(channelId, error, "live channel refresh failed"),
  });

  const dayRecount = createCoalescer<string>({
    ...common,
    delayMs: timings.dayRecountDelayMs,
    minIntervalMs: timings.dayRecountMinIntervalMs,
    run: async (key) => {
      const [channelId = "", day = ""] = key.split("|");
      const result = await recountDayOrRecord(channelId, day, witnessOf.get(key) ?? null);
      const row = readChannel(deps.store, channelId);
      const name = row ? describeChannel(row) : channelId;
      if (result.kind === "skipped" && (result.reason === "busy" || result.reason === "transient")) {
        // The day kept moving under the walks (today's syncs, a backfill crossing it): later, once the interval
        // has passed, rather than leave the deleted messages counted.
        const rounds = (busyRounds.get(key) ?? 0) + 1;
        if (rounds < DAY_RECOUNT_BUSY_ROUNDS) {
          busyRounds.set(key, rounds);
          dayRecount.request(key);
          return;
        }
        deps.log.warn(
          { channelId, channel: row?.name, day },
          `deletion in ${name}: ${day} ${result.reason === "busy" ? "kept changing" : "kept failing"} through ${rounds} recounts; still counted until a recount`,
        );
      }
      witnessOf.delete(key);
      busyRounds.delete(key);
      if (result.kind === "replaced" && result.before !== result.after) {
        deps.log.info(
          { channelId, channel: row?.name, day, before: result.before, after: result.after },
          `deletion in ${name}: ${day} recounted, ${result.before} -> ${result.after} messages`,
        );
      }
    },
    onError: (key, error) => reportLiveFailure(key.split("|")[0] ?? key, error, "day recount after a deletion failed"),
  });

  /**
   * A deletion's day recount whose requests fail (403, 5xx, a bug) records that as the channel's failure, like any
   * other request for it; a transient one is asked again like a busy day.
   */
  async function recountDayOrRecord(channelId: string, day: string, witness: string | null) {
    try {
      return await recountDay(deps, channelId, day, witness, options.signal);
    } catch (error) {
      const row = readChannel(deps.store, channelId);
      if (!row) throw error;
      recordChannelFailure(deps, row, error);
      const transient = classifyChannelError(error, channelId).kind === "transient";
      return { kind: "skipped", reason: transient ? "transient" : "failed" } as const;
    }
  }

  /** What escaped a live task (a rejected token, a database error before the channel was read): counted and logged. */
  function reportLiveFailure(channelId: string, error: unknown, what: string): void {
    const failure = classifyChannelError(error, `channel ${channelId}`);
    deps.observer.channelFailed(channelId, failure.kind);
    deps.log.warn({ channelId, kind: failure.kind }, `${what}: ${failure.message}`);
  }

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
      // One listed channel's plan failing (a malformed id) must not keep the others from being planned.
      runChannelStep(deps, row, () => {
        const plan = planChannelSync(row, deps.clock());
        if (plan.backfill) {
          options.backfills.ensure(row, (signal) =>
            runChannelTask(deps, row, () => backfillChannel(deps, row.id, signal)),
          );
        } else if (plan.forward) {
          forward.request(row.id);
        }
      });
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
    runChannelStep(deps, row, () => {
      const newest = ids.reduce<string | null>((max, id) => maxSnowflake(max, id), row.lastMessageId);
      if (newest !== null && newest !== row.lastMessageId) setLastMessageId(deps.store, row.id, newest, deps.clock());
    });
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
        try {
          applyListing(
            sync.guildId,
            sync.threads.map((thread) => toListedChannel(thread, sync.guildId)),
          );
        } catch (error) {
          // Not one channel's: the listing itself could not be written. The next poll lists the threads again.
          const failure = countFailure(deps.observer, "thread_listing", error, `thread list of guild ${sync.guildId}`);
          deps.log.warn({ guildId: sync.guildId, kind: failure.kind }, `live thread list failed: ${failure.message}`);
        }
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
