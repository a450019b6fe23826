import { eq, sql } from "drizzle-orm";
import type { Store } from "./open.js";
import type { ChannelState } from "./channel-states.js";
import { channels } from "./schema.js";

export type ChannelRow = typeof channels.$inferSelect;
export type NewChannelRow = typeof channels.$inferInsert;
export type { ChannelState } from "./channel-states.js";

/** Fields the channel list decides; counts and cursors are only ever moved by page writes. */
export interface ChannelListingUpdate extends Partial<ChannelStatusUpdate> {
  id: string;
  name: string;
  parentId: string | null;
  type: number;
  position: number;
  lastMessageId: string | null;
  archived: boolean;
  archiveTimestamp: string | null;
}

export interface ChannelChanges {
  inserts: NewChannelRow[];
  updates: ChannelListingUpdate[];
}

// The reads run on every sync of every channel and on every live event: prepared once per store, not built and
// prepared by the query builder on each call (~4 s of thread time in a CPU profile of the test suite). Kept beside
// the store they belong to, since a statement lives on its connection.
function prepareReads(store: Store) {
  return {
    one: store.db
      .select()
      .from(channels)
      .where(eq(channels.id, sql.placeholder("id")))
      .prepare(),
    guild: store.db
      .select()
      .from(channels)
      .where(eq(channels.guildId, sql.placeholder("guildId")))
      .prepare(),
    all: store.db.select().from(channels).prepare(),
  };
}

const preparedReads = new WeakMap<Store, ReturnType<typeof prepareReads>>();

function reads(store: Store): ReturnType<typeof prepareReads> {
  let prepared = preparedReads.get(store);
  if (prepared === undefined) {
    prepared = prepareReads(store);
    preparedReads.set(store, prepared);
  }
  return prepared;
}

export function readGuildChannels(store: Store, guildId: string): ChannelRow[] {
  return reads(store).guild.all({ guildId });
}

export function readChannel(store: Store, id: string): ChannelRow | undefined {
  return reads(store).one.get({ id });
}

export function readAllChannels(store: Store): ChannelRow[] {
  return reads(store).all.all();
}

export function applyChannelChanges(store: Store, changes: ChannelChanges, now: number): void {
  if (changes.inserts.length === 0 && changes.updates.length === 0) return;
  store.db.transaction((tx) => {
    for (const row of changes.inserts) tx.insert(channels).values(row).onConflictDoNothing().run();
    for (const update of changes.updates) {
      const { id, ...fields } = update;
      tx.update(channels)
        .set({ ...fields, updatedAt: now })
        .where(eq(channels.id, id))
        .run();
    }
  });
  store.noteWrite();
}

/** What a channel's lifecycle writes (counter/channel-lifecycle.ts decides it); counts and cursors never. */
export interface ChannelStatusUpdate {
  state: ChannelState;
  retryAt?: number | null;
  lastError?: string | null;
  deletedAt?: number | null;
}

export function updateChannelStatus(store: Store, id: string, status: ChannelStatusUpdate, now: number): void {
  store.db
    .update(channels)
    .set({ ...status, updatedAt: now })
    .where(eq(channels.id, id))
    .run();
  store.noteWrite();
}

/** After a forward sync reached the end, remember the listed last_message_id so a deleted newest message costs nothing. */
export function markChannelChecked(store: Store, id: string, checkedMessageId: string, now: number): void {
  store.db.update(channels).set({ checkedMessageId, updatedAt: now }).where(eq(channels.id, id)).run();
  store.noteWrite();
}

/** A newer last_message_id than the listing had (a MESSAGE_CREATE's id): where the next forward sync pages to. */
export function setLastMessageId(store: Store, id: string, lastMessageId: string, now: number): void {
  store.db.update(channels).set({ lastMessageId, updatedAt: now }).where(eq(channels.id, id)).run();
  store.noteWrite();
}

export interface ThreadScanRecord {
  scannedAt: number;
  /** Newest archive_timestamp seen; the next scan stops below it. */
  scannedUntil: string | null;
  scanMessageId: string | null;
}

export function markThreadsScanned(store: Store, parentId: string, scan: ThreadScanRecord): void {
  store.db
    .update(channels)
    .set({
      threadsScannedAt: scan.scannedAt,
      threadsScannedUntil: scan.scannedUntil,
      threadsScanMessageId: scan.scanMessageId,
    })
    .where(eq(channels.id, parentId))
    .run();
  store.noteWrite();
}

export function deferPrivateThreads(store: Store, parentId: string, retryAt: number | null): void {
  store.db.update(channels).set({ privateThreadsRetryAt: retryAt }).where(eq(channels.id, parentId)).run();
  store.noteWrite();
}
