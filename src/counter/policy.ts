import type { LifecyclePolicy } from "./channel-lifecycle.js";

/** A malformed request (400) or a bug of ours would fail identically every sync: an hour between tries. */
const FAILURE_RETRY_MS = 3_600_000;

/**
 * A 5xx, a timeout or a rate limit is due again at once: its retry time is the failure's own, so the next sync (or a
 * message event's forward sync) asks again, whenever it comes. Any wait would hold the channel back a whole poll
 * interval whenever the next sync came sooner than the wait, because a sync skips a channel whose retry time has not
 * come (channel-plan.ts). The hammering a wait would prevent is already bounded: the REST client retries a 5xx three
 * times before it fails, syncs never overlap, and message events are coalesced per channel.
 */
const TRANSIENT_RETRY_MS = 0;

/** The retry policy from the settings: one place for the exporter, the recount CLI and the tests. */
export function lifecyclePolicy(settings: { forbiddenRetryMs: number }): LifecyclePolicy {
  return {
    blockedRetryMs: settings.forbiddenRetryMs,
    failureRetryMs: Math.min(FAILURE_RETRY_MS, settings.forbiddenRetryMs),
    transientRetryMs: TRANSIENT_RETRY_MS,
  };
}
