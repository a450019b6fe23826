import { applyChannelChanges, type ChannelRow } from "../store/channel-rows.js";
import { ACTIVE_STATES } from "../store/channel-states.js";
import { isRetryDue } from "./channel-lifecycle.js";
import { recordChannelFailure } from "./channel-events.js";
import type { CounterDeps } from "./deps.js";
import { listingUpdate } from "./listing-diff.js";

/**
 * Is a channel missing from the listing due for a direct look? Only counted ones: a forbidden or unreadable one is
 * asked again at its retry time anyway (retry-blocked.ts), which tells a deleted channel too.
 */
export function isProbeDue(row: ChannelRow, now: number): boolean {
  return ACTIVE_STATES.has(row.state) && isRetryDue(row, now);
}

/**
 * A channel absent from Discord's listing is either deleted (404), hidden from the bot (403: since 2026-10-12 the
 * channel list omits channels the bot cannot view), or a thread that left the lists (archived privately). One
 * GET /channels/{id} tells which; any other answer is a failure of this channel alone.
 */
export async function probeMissingChannel(deps: CounterDeps, row: ChannelRow): Promise<void> {
  try {
    const current = await deps.limiter.run("high", () => deps.api.fetchChannel(row.id, row.guildId));
    applyChannelChanges(
      deps.store,
      { inserts: [], updates: [listingUpdate({ ...current, id: row.id })] },
      deps.clock(),
    );
  } catch (error) {
    recordChannelFailure(deps, row, error);
  }
}
