import type { ListedChannel } from "../discord/types.js";
import type {
  ChannelChanges,
  ChannelListingUpdate,
  ChannelRow,
  ChannelState,
  NewChannelRow,
} from "../store/channel-rows.js";
import { hasOwnMessages } from "./channel-kinds.js";
import type { ExclusionCheck, ExclusionTarget } from "./exclusion.js";

/** The state a channel returns to when nothing is wrong with it. */
export function activeState(row: Pick<ChannelRow, "type" | "backfillDone">): ChannelState {
  return hasOwnMessages(row.type) && !row.backfillDone ? "backfilling" : "ready";
}

export interface ChannelReconciliation extends ChannelChanges {
  /** Stored channels absent from the listing: deleted, or hidden from the bot. */
  missing: ChannelRow[];
}

/**
 * Compares what Discord lists with what is stored and says what to write: new channels, renames, moves,
 * exclusions. Counts and cursors are never touched here, so a renamed channel keeps its history by id.
 */
export function reconcileChannels(
  guildId: string,
  stored: readonly ChannelRow[],
  listed: readonly ListedChannel[],
  isExcluded: ExclusionCheck,
  now: number,
  isListedScope: (row: ChannelRow) => boolean = () => true,
): ChannelReconciliation {
  const storedById = new Map(stored.map((row) => [row.id, row]));
  const listedById = new Map(listed.map((channel) => [channel.id, channel]));
  const lookup = (id: string): ExclusionTarget | undefined => listedById.get(id) ?? storedById.get(id);
  const inserts: NewChannelRow[] = [];
  const updates: ChannelListingUpdate[] = [];

  for (const channel of listed) {
    const excluded = isExcluded(channel, lookup);
    const existing = storedById.get(channel.id);
    if (!existing) {
      const countable = hasOwnMessages(channel.type);
      inserts.push({
        id: channel.id,
        guildId,
        parentId: channel.parentId,
        type: channel.type,
        name: channel.name,
        position: channel.position,
        state: excluded ? "excluded" : countable ? "backfilling" : "ready",
        backfillDone: !countable,
        lastMessageId: channel.lastMessageId,
        archived: channel.archived,
        archiveTimestamp: channel.archiveTimestamp,
        firstSeenAt: now,
        updatedAt: now,
      });
      continue;
    }
    const state = nextState(existing, excluded);
    const update = listingUpdate(channel);
    if (state !== existing.state) {
      update.state = state;
      if (existing.state === "deleted") update.deletedAt = null;
    }
    if (isChanged(existing, update)) updates.push(update);
  }

  const missing = stored.filter((row) => !listedById.has(row.id) && row.state !== "deleted" && isListedScope(row));
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

function nextState(existing: ChannelRow, excluded: boolean): ChannelState {
  const current = existing.state as ChannelState;
  if (excluded) return "excluded";
  if (current === "excluded" || current === "deleted") return activeState(existing);
  return current;
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
