import { DiscordRequestError } from "../discord/errors.js";
import type { ArchivedThreadPage, ListedChannel } from "../discord/types.js";
import {
  applyChannelChanges,
  type ChannelRow,
  deferPrivateThreads,
  markThreadsScanned,
  readGuildChannels,
} from "../store/channel-rows.js";
import { isThreadType } from "./channel-kinds.js";
import type { CounterDeps } from "./deps.js";
import type { ExclusionCheck } from "./exclusion.js";
import { isProbeDue, probeMissingChannel } from "./probe-channel.js";
import { reconcileChannels } from "./reconcile-channels.js";
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
      .filter((row) => isThreadType(row.type) && !row.archived && row.state !== "deleted" && !activeIds.has(row.id))
      .map((row) => row.parentId),
  );
  const now = deps.clock();
  const parents = stored.filter(
    (row) => !isThreadType(row.type) && needsArchivedScan(row, vanishedParents.has(row.id), now),
  );
  const scans = await Promise.all(parents.map((parent) => scanOrSkip(deps, parent)));
  const scanned = scans.flatMap((scan) => scan ?? []);

  const listedById = new Map<string, ListedChannel>();
  for (const thread of [...scanned, ...active]) listedById.set(thread.id, thread);
  const storedThreads = stored.filter((row) => isThreadType(row.type));
  const changes = reconcileChannels(
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
    if (!(error instanceof DiscordRequestError) || error.kind === "unauthorized") throw error;
    deps.log.warn({ channelId: parent.id }, `listing archived threads failed, retrying next sync: ${error.message}`);
    return null;
  }
}

async function scanArchivedThreads(deps: CounterDeps, parent: ChannelRow): Promise<ListedChannel[]> {
  let found: ListedChannel[];
  try {
    found = await listArchived(deps, parent, "public");
  } catch (error) {
    if (!(error instanceof DiscordRequestError) || error.kind !== "forbidden") throw error;
    // Listing archived threads needs Read Message History; the channel's own sync reports that. Counted as scanned
    // (nothing found) so the 403 is not repeated every sync: the daily rescan tries again.
    return [];
  }
  if (parent.privateThreadsRetryAt === null || parent.privateThreadsRetryAt <= deps.clock()) {
    try {
      found.push(...(await listArchived(deps, parent, "private")));
      if (parent.privateThreadsRetryAt !== null) deferPrivateThreads(deps.store, parent.id, null);
    } catch (error) {
      if (!(error instanceof DiscordRequestError) || error.kind !== "forbidden") throw error;
      // Private archived threads need Manage Threads; a 403 counts towards Discord's invalid-request limit.
      deferPrivateThreads(deps.store, parent.id, deps.clock() + deps.forbiddenRetryMs);
    }
  }
  return found;
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
    const page: ArchivedThreadPage = await deps.limiter.run("high", () =>
      deps.api.fetchArchivedThreads(parent.id, visibility, cursor),
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
