import { DiscordRequestError } from "../discord/errors.js";
import type { ArchivedThreadPage, ListedChannel } from "../discord/types.js";
import {
  applyChannelChanges,
  type ChannelRow,
  deferPrivateThreads,
  markThreadsScanned,
  readGuildChannels,
} from "../store/channel-rows.js";
import { ChannelType, isThreadType } from "../discord/channel-kinds.js";
import { ChannelState } from "../store/channel-states.js";
import { FIRST_PAGE_WEIGHT } from "./backfill-weight.js";
import { describeChannel } from "./channel-events.js";
import { countFailure, throwIfTokenRejected } from "./count-failure.js";
import type { CounterDeps } from "./deps.js";
import type { ExclusionCheck } from "./exclusion.js";
import { diffChannelListing } from "./listing-diff.js";
import type { CounterOperation } from "./observer.js";
import { isProbeDue, probeMissingChannel } from "./probe-channel.js";
import { isBelowWatermark, needsArchivedScan, newestArchiveTimestamp } from "./thread-scan-plan.js";

/**
 * Keeps the stored threads in step with Discord: active threads (one request per guild), archived threads of the
 * parents that need it, and a direct look at any thread that vanished from both lists (archived privately, or gone).
 */
export async function syncThreads(deps: CounterDeps, guildId: string, isExcluded: ExclusionCheck): Promise<void> {
  const active = await deps.limiter.run("high", () => deps.api.fetchActiveThreads(guildId));
  const stored = readGuildChannels(deps.store, guildId);
  const activeIds = new Set(active.map((thread) => thread.id));
  const vanishedParents = new Set(
    stored
      .filter(
        (row) =>
          isThreadType(row.type) && !row.archived && row.state !== ChannelState.Deleted && !activeIds.has(row.id),
      )
      .map((row) => row.parentId),
  );
  const now = deps.clock();
  const parents = stored.filter(
    (row) => !isThreadType(row.type) && needsArchivedScan(row, vanishedParents.has(row.id), now),
  );
  const scans = await Promise.all(parents.map((parent) => scanOrSkip(deps, parent)));
  const privateScans = await scanPrivateArchived(
    deps,
    parents.filter((_parent, index) => scans[index] !== null),
  );
  const scanned = [...scans.flatMap((scan) => scan ?? []), ...privateScans];

  const listedById = new Map<string, ListedChannel>();
  for (const thread of [...scanned, ...active]) listedById.set(thread.id, thread);
  const storedThreads = stored.filter((row) => isThreadType(row.type));
  const changes = diffChannelListing(
    guildId,
    // Parents are passed along so exclusion can walk thread → channel → category.
    [...storedThreads, ...stored.filter((row) => !isThreadType(row.type))],
    [...listedById.values()],
    isExcluded,
    deps.clock(),
    (row) => isThreadType(row.type) && !row.archived,
  );
  applyChannelChanges(deps.store, changes, deps.clock());
  for (const [index, parent] of parents.entries()) {
    const found = scans[index];
    if (found === null || found === undefined) continue;
    markThreadsScanned(deps.store, parent.id, {
      scannedAt: now,
      scannedUntil: newestArchiveTimestamp(found, parent.threadsScannedUntil),
      scanMessageId: parent.lastMessageId,
    });
  }
  const due = changes.missing.filter((thread) => isProbeDue(thread, deps.clock()));
  await Promise.all(due.map((thread) => probeMissingChannel(deps, thread)));
}

/** One parent failing to list its threads must not stop the others: null means "not scanned, try next sync". */
async function scanOrSkip(deps: CounterDeps, parent: ChannelRow): Promise<ListedChannel[] | null> {
  try {
    return await scanArchivedThreads(deps, parent);
  } catch (error) {
    reportScanFailure(deps, "archived_thread_scan", parent, error);
    return null;
  }
}

/** A failed listing is counted and logged naming the parent; only a rejected token goes up. */
function reportScanFailure(deps: CounterDeps, operation: CounterOperation, parent: ChannelRow, error: unknown): void {
  const failure = countFailure(deps.observer, operation, error, `threads of channel ${describeChannel(parent)}`);
  throwIfTokenRejected(failure);
  deps.log.warn(
    { channelId: parent.id, channel: parent.name, kind: failure.kind },
    `listing archived threads failed, retrying next sync: ${failure.message}`,
  );
}

async function scanArchivedThreads(deps: CounterDeps, parent: ChannelRow): Promise<ListedChannel[]> {
  let found: ListedChannel[];
  try {
    found = await listArchived(deps, parent, "public");
  } catch (error) {
    if (!(error instanceof DiscordRequestError) || error.kind !== "forbidden") throw error;
    // Listing archived threads needs Read Message History; the channel's own sync reports that as its state. Marked
    // as scanned (nothing found) so the 403 is not repeated every sync: the daily rescan tries again. Counted, so the
    // threads it hides show in the metrics, not only in the channel's state.
    deps.observer.operationFailed("archived_thread_scan", "forbidden");
    return [];
  }
  return found;
}

/**
 * Private archived threads need Manage Threads, which the bot usually lacks in every channel alike. Ask one parent
 * first: on a 403 the others are not asked (each 403 counts towards Discord's invalid-request limit) and all are
 * deferred for FORBIDDEN_RETRY_INTERVAL.
 */
async function scanPrivateArchived(deps: CounterDeps, parents: readonly ChannelRow[]): Promise<ListedChannel[]> {
  // Private threads exist only in text channels (announcement channels have announcement threads, forums posts).
  const due = parents.filter(
    (parent) =>
      parent.type === ChannelType.GuildText &&
      (parent.privateThreadsRetryAt === null || parent.privateThreadsRetryAt <= deps.clock()),
  );
  const [first, ...rest] = due;
  if (!first) return [];
  const found: ListedChannel[] = [];
  try {
    found.push(...(await listArchived(deps, first, "private")));
  } catch (error) {
    if (error instanceof DiscordRequestError && error.kind === "forbidden") {
      deps.observer.operationFailed("private_thread_scan", "forbidden");
      for (const parent of due) deferPrivateThreads(deps.store, parent.id, deps.clock() + deps.policy.blockedRetryMs);
      return [];
    }
    reportScanFailure(deps, "private_thread_scan", first, error);
  }
  const others = await Promise.all(
    rest.map(async (parent) => {
      try {
        const threads = await listArchived(deps, parent, "private");
        if (parent.privateThreadsRetryAt !== null) deferPrivateThreads(deps.store, parent.id, null);
        return threads;
      } catch (error) {
        if (error instanceof DiscordRequestError && error.kind === "forbidden") {
          deps.observer.operationFailed("private_thread_scan", "forbidden");
          deferPrivateThreads(deps.store, parent.id, deps.clock() + deps.policy.blockedRetryMs);
        } else {
          reportScanFailure(deps, "private_thread_scan", parent, error);
        }
        return [];
      }
    }),
  );
  if (first.privateThreadsRetryAt !== null) deferPrivateThreads(deps.store, first.id, null);
  return [...found, ...others.flat()];
}

async function listArchived(
  deps: CounterDeps,
  parent: ChannelRow,
  visibility: "public" | "private",
): Promise<ListedChannel[]> {
  const found: ListedChannel[] = [];
  let before: string | null = null;
  for (;;) {
    const cursor: string | null = before;
    // Archived listings wait behind the biggest backfills (they bound the first full count), ahead of small ones.
    const page: ArchivedThreadPage = await deps.limiter.run(
      "low",
      () => deps.api.fetchArchivedThreads(parent.id, visibility, cursor),
      FIRST_PAGE_WEIGHT,
    );
    let reachedKnown = false;
    for (const thread of page.threads) {
      if (isBelowWatermark(thread, parent.threadsScannedUntil)) {
        reachedKnown = true;
        break;
      }
      found.push({ ...thread, guildId: parent.guildId, parentId: thread.parentId ?? parent.id });
    }
    const last: ListedChannel | undefined = page.threads.at(-1);
    if (reachedKnown || !page.hasMore || !last?.archiveTimestamp) return found;
    before = last.archiveTimestamp;
  }
}
