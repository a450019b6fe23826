import type { ListedChannel } from "../discord/types.js";
import type { ChannelChanges, ChannelListingUpdate, ChannelRow, NewChannelRow } from "../store/channel-rows.js";
import { ChannelState } from "../store/channel-states.js";
import { hasOwnMessages } from "../discord/channel-kinds.js";
import { type LifecyclePolicy, nextChannelStatus } from "./channel-lifecycle.js";
import type { ExclusionCheck, ExclusionTarget } from "./exclusion.js";

export interface ListingDiff extends ChannelChanges {
  /** Stored channels absent from the listing: deleted, or hidden from the bot. */
  missing: ChannelRow[];
}

// Being listed only ever moves a channel between excluded, deleted and active, which no retry policy affects.
const NO_RETRIES: LifecyclePolicy = { blockedRetryMs: 0, failureRetryMs: 0, transientRetryMs: 0 };

/**
 * Compares what Discord lists with what is stored and says what to write: new channels, renames, moves,
 * exclusions. Counts and cursors are never touched here, so a renamed channel keeps its history by id. Pure.
 */
export function diffChannelListing(
  guildId: string,
  stored: readonly ChannelRow[],
  listed: readonly ListedChannel[],
  isExcluded: ExclusionCheck,
  now: number,
  isListedScope: (row: ChannelRow) => boolean = () => true,
): ListingDiff {
  const storedById = new Map(stored.map((row) => [row.id, row]));
  const listedById = new Map(listed.map((channel) => [channel.id, channel]));
  const lookup = (id: string): ExclusionTarget | undefined => listedById.get(id) ?? storedById.get(id);
  const inserts: NewChannelRow[] = [];
  const updates: ChannelListingUpdate[] = [];

  for (const channel of listed) {
    const excluded = isExcluded(channel, lookup);
    const existing = storedById.get(channel.id);
    if (!existing) {
      const first = nextChannelStatus(null, { kind: "first_listed", type: channel.type, excluded }, now, NO_RETRIES);
      inserts.push({
        id: channel.id,
        guildId,
        parentId: channel.parentId,
        type: channel.type,
        name: channel.name,
        position: channel.position,
        state: first.state,
        // A category or a forum holds no messages of its own: nothing to walk back through.
        backfillDone: !hasOwnMessages(channel.type),
        lastMessageId: channel.lastMessageId,
        archived: channel.archived,
        archiveTimestamp: channel.archiveTimestamp,
        firstSeenAt: now,
        updatedAt: now,
      });
      continue;
    }
    const update: ChannelListingUpdate = {
      ...listingUpdate(channel),
      ...nextChannelStatus(existing, { kind: "listed", excluded }, now, NO_RETRIES),
    };
    if (isChanged(existing, update)) updates.push(update);
  }

  const missing = stored.filter(
    (row) => !listedById.has(row.id) && row.state !== ChannelState.Deleted && isListedScope(row),
  );
  return { inserts, updates, missing };
}

/** The fields a listing (or a direct look at one channel) decides, for a stored channel of the same id. */
export function listingUpdate(channel: ListedChannel): ChannelListingUpdate {
  return {
    id: channel.id,
    name: channel.name,
    parentId: channel.parentId,
    type: channel.type,
    position: channel.position,
    lastMessageId: channel.lastMessageId,
    archived: channel.archived,
    archiveTimestamp: channel.archiveTimestamp,
  };
}

function isChanged(existing: ChannelRow, update: ChannelListingUpdate): boolean {
  return (
    update.state !== undefined ||
    existing.name !== update.name ||
    existing.parentId !== update.parentId ||
    existing.type !== update.type ||
    existing.position !== update.position ||
    existing.lastMessageId !== update.lastMessageId ||
    existing.archived !== update.archived ||
    existing.archiveTimestamp !== update.archiveTimestamp
  );
}
