/**
 * Where a crash test's kill landed, judged from what was stored before the round and after the kill (pure, so the
 * judgement itself is tested with literal rows). A kill "landed mid-count" only when the round it cut had committed
 * progress and left work to do: a kill before the round's first commit, or after its work was done, proves nothing
 * about crash safety and is not counted as one that did.
 */

/** One channel's stored cursors and total, as a crash test reads them after a kill. */
export interface ChannelCursors {
  /** Messages counted (human + bot). */
  total: number;
  lastSeen: string | null;
  before: string | null;
  done: boolean;
}

/**
 * The backfill walks backwards and commits each page with its cursor: the round committed a page when the backfill
 * cursor was set (the first page) or moved to an older id, and it was cut mid-count when the backfill is not done.
 */
export function landedMidBackfill(start: ChannelCursors | undefined, end: ChannelCursors | undefined): boolean {
  if (end === undefined || end.done || end.before === null) return false;
  if (start === undefined || start.before === null) return true;
  return BigInt(end.before) < BigInt(start.before);
}

/**
 * A forward sync commits each page with `last_seen_id`: the round committed a page when that cursor moved up, and it
 * was cut mid-count when the cursor is still below the channel's newest message.
 */
export function landedMidForward(
  start: ChannelCursors | undefined,
  end: ChannelCursors | undefined,
  newestId: string,
): boolean {
  if (start?.lastSeen == null || end?.lastSeen == null) return false;
  const moved = BigInt(end.lastSeen) > BigInt(start.lastSeen);
  return moved && BigInt(end.lastSeen) < BigInt(newestId);
}

/**
 * A recount sums its pages in memory and writes nothing before its swap, so its progress shows in the page request it
 * was killed on: the walk asks for `before` = the oldest message it has merged, only once that page is merged. The
 * cursor, or null when the request was the walk's first page (nothing merged yet) or not a page of the backward walk.
 */
export function recountWalkCursor(query: Readonly<Record<string, string>>): string | null {
  if (query.after !== undefined) return null;
  return query.before ?? null;
}

export type SwapKillLanding = "inside the swap" | "after the swap committed" | "before the swap" | "not killed";

/**
 * The recount prints its marker line from inside the swap's transaction, after deleting the old buckets. A SIGKILL
 * sent on that line that leaves the stored rows as they were cut the transaction before its commit: inside the swap.
 * Rows changed mean the commit won the race with the kill; a process that exited on its own was not killed at all.
 */
export function classifySwapKill(
  exit: { signal: string | null },
  sawMarker: boolean,
  storedUnchanged: boolean,
): SwapKillLanding {
  if (exit.signal !== "SIGKILL") return "not killed";
  if (!sawMarker) return "before the swap";
  return storedUnchanged ? "inside the swap" : "after the swap committed";
}

/** One lane's kills and how many landed where it aims, with a note per landed kill for the test's report. */
export class LaneTally {
  kills = 0;
  landed = 0;
  private readonly notes: number[] = [];

  constructor(readonly what: string) {}

  /** A real kill (the process died by SIGKILL); `progress`, what the round had done when the kill landed. */
  kill(landed: boolean, progress?: number): void {
    this.kills++;
    if (!landed) return;
    this.landed++;
    if (progress !== undefined) this.notes.push(progress);
  }

  describe(unit: string): string {
    const range = this.notes.length === 0 ? "" : ` (${Math.min(...this.notes)}-${Math.max(...this.notes)} ${unit})`;
    return `${this.landed} of ${this.kills} kills ${this.what}${range}`;
  }
}
