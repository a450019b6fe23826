import { type ClassifiedFailure, classifyChannelError } from "./channel-events.js";
import type { CounterOperation, SyncObserver } from "./observer.js";

/**
 * The failure of work outside any one channel's state, classified and counted under its operation. Counting comes
 * first, before the caller logs it or sends a rejected token up (throwIfTokenRejected), so that every failure shows
 * in discord_exporter_operation_failures_total whatever happens to it next.
 */
export function countFailure(
  observer: Pick<SyncObserver, "operationFailed">,
  operation: CounterOperation,
  error: unknown,
  what: string,
): ClassifiedFailure {
  const failure = classifyChannelError(error, what);
  observer.operationFailed(operation, failure.kind);
  return failure;
}

/** A rejected token is every channel's failure, not this operation's: the loop says so once (exporter-loop.ts). */
export function throwIfTokenRejected(failure: ClassifiedFailure): void {
  if (failure.kind === "unauthorized") throw failure.error;
}
