import { classifyDiscordError, DiscordRequestError } from "../discord/errors.js";
import { updateChannelStatus } from "../store/channel-rows.js";
import type { CounterDeps } from "./deps.js";

/**
 * One failing channel never stops the others: its failure becomes a state and a self-metric. Only a rejected token
 * (nothing else can work either) and non-Discord errors (the database) go up to the caller.
 */
export function recordChannelFailure(deps: CounterDeps, channelId: string, error: unknown): void {
  if (!(error instanceof DiscordRequestError)) throw error;
  const failure = classifyDiscordError(error, `channel ${channelId}`);
  const now = deps.clock();
  deps.observer.channelFailed(channelId, failure.kind);
  switch (failure.kind) {
    case "unauthorized":
      throw failure;
    case "forbidden":
      deps.log.warn(
        { channelId, code: failure.code },
        `channel is not readable by the bot; retrying after ${deps.forbiddenRetryMs / 60000} min`,
      );
      updateChannelStatus(
        deps.store,
        channelId,
        { state: "forbidden", retryAt: now + deps.forbiddenRetryMs, lastError: failure.message },
        now,
      );
      return;
    case "not_found":
      deps.log.info({ channelId }, "channel no longer exists; history kept");
      updateChannelStatus(deps.store, channelId, { state: "deleted", deletedAt: now, lastError: failure.message }, now);
      return;
    default:
      deps.log.warn(
        { channelId, kind: failure.kind, status: failure.status },
        `channel sync failed, will retry next sync: ${failure.message}`,
      );
      return;
  }
}
