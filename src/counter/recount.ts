import { isNewerSnowflake, maxSnowflake, timestampOfSnowflake } from "../discord/snowflake.js";
import type { DiscordApi } from "../discord/types.js";
import { readChannel } from "../store/channel-rows.js";
import type { Store } from "../store/open.js";
import { swapInRecount } from "../store/recount-writes.js";
import type { Limiter, Priority } from "./limiter.js";
import { PAGE_SIZE } from "./sync-channel.js";
import { emptyTally, mergeTally, type PageTally, tallyPage } from "./tally.js";

export interface RecountDeps {
  api: DiscordApi;
  store: Store;
  limiter: Limiter;
  clock: () => number;
  priority: Priority;
}

export interface RecountProgress {
  channelId: string;
  /** 0..1, by time covered: from the newest message back to the channel's creation. */
  ratio: number;
  messages: number;
}

export interface RecountResult {
  channelId: string;
  oldTotal: number;
  newTotal: number;
  /** old − new: messages deleted since they were counted (negative if the old count had missed some). */
  difference: number;
}

/** A recount that keeps losing the race with live syncs gives up after this many catch-ups (and says so). */
const MAX_SWAP_ATTEMPTS = 20;

/**
 * Counts a channel again from scratch, aside, while the exporter keeps running on the same database; then swaps the
 * new count in atomically. Messages the live exporter counted meanwhile are caught up with before the swap, so
 * nothing is lost or counted twice.
 */
export async function recountChannel(
  deps: RecountDeps,
  channelId: string,
  onProgress: (progress: RecountProgress) => void = () => {},
  signal?: AbortSignal,
): Promise<RecountResult> {
  const tally = emptyTally();
  const createdAt = timestampOfSnowflake(channelId);
  let newestAtStart: number | null = null;
  let before: string | null = null;
  for (;;) {
    if (signal?.aborted) throw new Error("recount aborted");
    const cursor: string | null = before;
    const page = await deps.limiter.run(deps.priority, () =>
      deps.api.fetchMessagePage(channelId, cursor === null ? {} : { before: cursor }, PAGE_SIZE),
    );
    const pageTally = tallyPage(page, { before: cursor });
    mergeTally(tally, pageTally);
    if (pageTally.oldestId !== null) {
      newestAtStart ??= timestampOfSnowflake(tally.newestId ?? pageTally.oldestId);
      const span = Math.max(1, newestAtStart - createdAt);
      onProgress({
        channelId,
        ratio: Math.min(1, (newestAtStart - timestampOfSnowflake(pageTally.oldestId)) / span),
        messages: tally.human + tally.bot,
      });
    }
    if (page.length < PAGE_SIZE || pageTally.oldestId === null) break;
    before = pageTally.oldestId;
  }
  onProgress({ channelId, ratio: 1, messages: tally.human + tally.bot });

  let covered = tally.newestId;
  for (let attempt = 0; attempt < MAX_SWAP_ATTEMPTS; attempt++) {
    const live = readChannel(deps.store, channelId);
    if (!live) throw new Error(`channel ${channelId} is not in the database`);
    const liveCursor = live.lastSeenId;
    // The live exporter counted past what the backward walk saw: count the same stretch here before swapping.
    if (liveCursor !== null && liveCursor !== "0" && isNewerSnowflake(liveCursor, covered)) {
      covered = await catchUp(deps, channelId, tally, covered ?? "0", liveCursor);
    }
    const coveredUpToId = maxSnowflake(covered, liveCursor) ?? "0";
    const swap = swapInRecount(deps.store, {
      channelId,
      expectedLastSeenId: liveCursor,
      coveredUpToId,
      tally,
      now: deps.clock(),
    });
    if (swap.swapped) {
      const oldTotal = swap.before.human + swap.before.bot;
      const newTotal = tally.human + tally.bot;
      return { channelId, oldTotal, newTotal, difference: oldTotal - newTotal };
    }
  }
  throw new Error(`channel ${channelId}: live syncs kept moving during the recount; try again`);
}

/** Counts (from, to] into the tally, paging forwards; returns `to`. */
async function catchUp(
  deps: RecountDeps,
  channelId: string,
  tally: PageTally,
  from: string,
  to: string,
): Promise<string> {
  let after = from;
  const upper = (BigInt(to) + 1n).toString();
  for (;;) {
    const cursor = after;
    const page = await deps.limiter.run(deps.priority, () =>
      deps.api.fetchMessagePage(channelId, { after: cursor }, PAGE_SIZE),
    );
    const pageTally = tallyPage(page, { after: cursor, before: upper });
    mergeTally(tally, pageTally);
    const newest =
      page.length > 0 ? page.reduce((max, m) => (BigInt(m.id) > BigInt(max) ? m.id : max), page[0]!.id) : null;
    if (page.length < PAGE_SIZE || newest === null || !isNewerSnowflake(to, newest)) return to;
    after = newest;
  }
}
