import type { LifecyclePolicy } from "./channel-lifecycle.js";

/** A malformed request (400) or a bug of ours would fail identically every sync: an hour between tries. */
const FAILURE_RETRY_MS = 3_600_000;

/** The retry policy from the settings: one place for the exporter, the recount CLI and the tests. */
export function lifecyclePolicy(settings: { forbiddenRetryMs: number }): LifecyclePolicy {
  return {
    blockedRetryMs: settings.forbiddenRetryMs,
    failureRetryMs: Math.min(FAILURE_RETRY_MS, settings.forbiddenRetryMs),
  };
}
