import { applyChannelChanges, type ChannelRow, type NewChannelRow } from "../../src/store/channel-rows.js";
import type { Store } from "../../src/store/open.js";

/** A stored channel row with plausible defaults: a ready text channel that has been counted. */
export function makeChannelRow(fields: Partial<ChannelRow> & { id: string }): ChannelRow {
  return {
    key: 1,
    guildId: "g",
    parentId: null,
    type: 0,
    name: fields.id,
    position: 0,
    state: "ready",
    humanMessages: 0,
    botMessages: 0,
    lastSeenId: null,
    checkedMessageId: null,
    backfillBeforeId: null,
    backfillDone: true,
    lastMessageId: null,
    retryAt: null,
    lastError: null,
    archived: false,
    archiveTimestamp: null,
    threadsScannedAt: null,
    threadsScannedUntil: null,
    threadsScanMessageId: null,
    privateThreadsRetryAt: null,
    firstSeenAt: 0,
    deletedAt: null,
    updatedAt: 0,
    ...fields,
  };
}

/**
 * Stores one new channel through the listing's own insert (applyChannelChanges), as a first sync would: a text
 * channel of guild "g", first seen at 0, with the given fields.
 */
export function insertChannel(
  store: Store,
  fields: Partial<NewChannelRow> & Pick<NewChannelRow, "id" | "name" | "state">,
): void {
  applyChannelChanges(
    store,
    { inserts: [{ guildId: "g", type: 0, firstSeenAt: 0, updatedAt: 0, ...fields }], updates: [] },
    0,
  );
}
