import { DiscordRequestError } from "../discord/errors.js";
import { isNewerSnowflake } from "../discord/snowflake.js";
import type { DiscordApi, MessageCursor, MessageSummary } from "../discord/types.js";
import type { PageTally } from "../store/page-tally.js";
import type { Limiter, Priority } from "./limiter.js";
import { tallyPage } from "./tally.js";

/** Discord's largest page. A shorter page means the end was reached. */
export const PAGE_SIZE = 100;

/**
 * One walk over a window of a channel's history, page by page: the backfill (backwards to the first message), the
 * forward sync (after the last counted message), a recount and its catch-up, a day's recount. Discord answers every
 * page newest-first: a backward walk's next cursor is the page's oldest id, a forward walk's its newest.
 */
export interface PageWalk {
  channelId: string;
  direction: "backward" | "forward";
  /** Exclusive start: a backward walk counts ids below it (null: from the newest), a forward walk ids above it. */
  from: string | null;
  /** Exclusive end: a backward walk counts ids above it (null: to the first message), a forward walk ids below it. */
  to: string | null;
  /**
   * A message Discord told us of (the listed last_message_id, a deleted message's id), which tells an empty page
   * apart from a channel the bot cannot read; see explainEmptyPage.
   */
  knownId: string | null;
  priority: Priority;
  /** Backfills are ordered by their estimated remaining pages; asked before each page. */
  weight?: () => number;
  signal?: AbortSignal;
}

export interface WalkedPage {
  tally: PageTally;
  /** The cursor this page was fetched with: the compare-and-set of the write that counts it. */
  from: string | null;
  /** The walk ends with this page (it reached `to` or the end of the channel). */
  last: boolean;
}

/** Counts a page; false when the cursor moved under us (a recount, another loop): the walk stops, nothing counted. */
export type PageHandler = (page: WalkedPage) => boolean;

export type WalkOutcome =
  /** Reached `to` or the end of the channel; `cursor` is where the walk stopped. */
  | { kind: "complete"; cursor: string | null }
  | { kind: "stopped" }
  | { kind: "aborted" }
  /** Discord shows an empty history where messages exist: no page of this walk was counted as empty. */
  | { kind: "unreadable"; reason: string };

export interface WalkDeps {
  api: Pick<DiscordApi, "fetchMessagePage" | "probeMessage">;
  limiter: Limiter;
}

export async function walkPages(deps: WalkDeps, walk: PageWalk, onPage: PageHandler): Promise<WalkOutcome> {
  let cursor = walk.from;
  for (;;) {
    const step = await walkOnePage(deps, walk, cursor, onPage);
    if (step.kind !== "next") return step;
    cursor = step.cursor;
  }
}

/**
 * One page of a walk: fetched, tallied, handed to `onPage`. Its own frame, so that the page and its tally are gone
 * once it returns: a suspended async function keeps the values of its last iteration in its registers, and in the
 * loop above every backfill waiting for its next request (200 at once in a first count) held its previous page
 * (100 messages and their tally): 20.8 MiB of main heap instead of 13.7 in heap snapshots of the same moment of a
 * count (docs/memory.md).
 */
async function walkOnePage(
  deps: WalkDeps,
  walk: PageWalk,
  cursor: string | null,
  onPage: PageHandler,
): Promise<WalkOutcome | { kind: "next"; cursor: string }> {
  if (walk.signal?.aborted) return { kind: "aborted" };
  const query = pageQuery(walk.direction, cursor);
  const page = await deps.limiter.run(
    walk.priority,
    () => deps.api.fetchMessagePage(walk.channelId, query, PAGE_SIZE),
    walk.weight?.(),
  );
  // A page that arrives after a stop request is dropped: its cursor was not committed, so nothing is lost.
  if (walk.signal?.aborted) return { kind: "aborted" };
  const bounds =
    walk.direction === "backward" ? { before: cursor, after: walk.to } : { after: cursor, before: walk.to };
  const tally = tallyPage(page, bounds);
  if (page.length === 0) {
    const unreadable = await explainEmptyPage(deps, walk, cursor);
    if (unreadable !== null) return { kind: "unreadable", reason: unreadable };
    return onPage({ tally, from: cursor, last: true }) ? { kind: "complete", cursor } : { kind: "stopped" };
  }
  const last = page.length < PAGE_SIZE || crossesEnd(walk, page);
  if (tally.oldestId === null && !last) {
    // Discord never sends a full page with nothing inside the window; a walk that cannot move must not spin.
    throw new DiscordRequestError(
      "fatal",
      `messages of channel ${walk.channelId}: a full page held no message ${walk.direction === "backward" ? "below" : "above"} ${cursor}`,
      200,
      null,
    );
  }
  if (!onPage({ tally, from: cursor, last })) return { kind: "stopped" };
  const next = walk.direction === "backward" ? tally.oldestId : tally.newestId;
  if (last || next === null) return { kind: "complete", cursor: next ?? cursor };
  return { kind: "next", cursor: next };
}

function pageQuery(direction: PageWalk["direction"], cursor: string | null): MessageCursor {
  if (direction === "forward") return { after: cursor ?? "0" };
  return cursor === null ? {} : { before: cursor };
}

/** Did this page reach past the walk's end bound (so the window is exhausted)? */
function crossesEnd(walk: PageWalk, page: readonly MessageSummary[]): boolean {
  if (walk.to === null) return false;
  const end = BigInt(walk.to);
  return walk.direction === "backward"
    ? page.some((message) => BigInt(message.id) <= end)
    : page.some((message) => BigInt(message.id) >= end);
}

/**
 * An empty page proves nothing by itself: without Read Message History Discord answers 200 [] for a channel full of
 * messages (https://discord.com/developers/docs/resources/message#get-channel-messages). So before an empty page ends
 * a walk, one message we know of is asked for (reading one message needs that permission too):
 * - a known message inside the window (the listed newest, a deleted message's id) that Discord did not return:
 *   403 → unreadable; gone (10008) → the page is really empty; there → Discord contradicts itself: try again later;
 * - otherwise, for a backward walk, the message at the cursor (the oldest counted): 403 → unreadable, else the walk
 *   really reached the first message.
 * A forward walk whose cursor is at or past everything listed needs no proof. Returns the reason when unreadable.
 */
async function explainEmptyPage(deps: WalkDeps, walk: PageWalk, cursor: string | null): Promise<string | null> {
  const inside = walk.knownId !== null && isInWindow(walk, cursor, walk.knownId) ? walk.knownId : null;
  const witness = inside ?? (walk.direction === "backward" ? cursor : null);
  if (witness === null) return null;
  let presence: Awaited<ReturnType<WalkDeps["api"]["probeMessage"]>>;
  try {
    presence = await deps.limiter.run(walk.priority, () => deps.api.probeMessage(walk.channelId, witness));
  } catch (error) {
    if (error instanceof DiscordRequestError && error.kind === "forbidden") {
      return `Discord lists no messages, and answers ${error.status} for message ${witness}: the bot lacks Read Message History`;
    }
    throw error;
  }
  if (presence === "present" && inside !== null) {
    throw new DiscordRequestError(
      "transient",
      `messages of channel ${walk.channelId}: an empty page although message ${witness} exists`,
      200,
      null,
    );
  }
  return null;
}

function isInWindow(walk: PageWalk, cursor: string | null, id: string): boolean {
  const [low, high] = walk.direction === "backward" ? [walk.to, cursor] : [cursor, walk.to];
  return (low === null || isNewerSnowflake(id, low)) && (high === null || isNewerSnowflake(high, id));
}
