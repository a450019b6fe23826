import type { ChannelRow } from "../../src/store/channel-rows.js";

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
