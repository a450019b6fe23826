import { DiscordRequestError } from "../discord/errors.js";
import { applyChannelChanges, type ChannelRow, updateChannelStatus } from "../store/channel-rows.js";
import type { CounterDeps } from "./deps.js";
import { activeState, listingUpdate } from "./reconcile-channels.js";

/** Is a missing channel or thread due for a direct look? A forbidden one only when its retry time has come. */
export function isProbeDue(row: ChannelRow, now: number): boolean {
  if (row.state === "deleted" || row.state === "excluded") return false;
  if (row.state === "forbidden" || row.state === "unreadable") return row.retryAt === null || row.retryAt <= now;
  return true;
}

/**
 * A channel absent from Discord's listing is either deleted (404) or hidden from the bot (403: since 2026-10-12 the
 * channel list omits channels the bot cannot view). One GET /channels/{id} tells which.
 */
export async function probeMissingChannel(deps: CounterDeps, row: ChannelRow): Promise<void> {
  try {
    const current = await deps.limiter.run("high", () => deps.api.fetchChannel(row.id, row.guildId));
    const restore = row.state === "forbidden" || row.state === "unreadable" ? activeState(row) : undefined;
    applyChannelChanges(
      deps.store,
      {
        inserts: [],
        updates: [
          { ...listingUpdate({ ...current, id: row.id }), ...(restore ? { state: restore, retryAt: null } : {}) },
        ],
      },
      deps.clock(),
    );
  } catch (error) {
    if (!(error instanceof DiscordRequestError)) throw error;
    const now = deps.clock();
    deps.observer.channelFailed(row.id, error.kind);
    if (error.kind === "not_found") {
      deps.log.info({ channelId: row.id }, "channel deleted; its history is kept");
      updateChannelStatus(deps.store, row.id, { state: "deleted", deletedAt: now, lastError: error.message }, now);
    } else if (error.kind === "forbidden") {
      deps.log.warn({ channelId: row.id }, "channel hidden from the bot; retrying later");
      updateChannelStatus(
        deps.store,
        row.id,
        { state: "forbidden", retryAt: now + deps.forbiddenRetryMs, lastError: error.message },
        now,
      );
    } else {
      throw error;
    }
  }
}
