/**
 * One channel's (or thread's) messages, sized for 1,000,000+ entries: ids ascending in a growable
 * BigUint64Array (8 bytes each) and the author as an index into the world's user table in a Uint32Array
 * (4 bytes each). Every read is a binary search over the ids, the way Discord pages by snowflake.
 */

import { DISCORD_EPOCH, nextWorkerId, SNOWFLAKE_INCREMENT_BITS } from "./snowflake.js";

/** Half-open index range [start, end) into a store, oldest first. */
export interface IndexRange {
  readonly start: number;
  readonly end: number;
}

export type PageQuery =
  | { readonly mode: "newest"; readonly limit: number }
  | { readonly mode: "before" | "after" | "around"; readonly id: bigint; readonly limit: number };

export class MessageStore {
  private ids: BigUint64Array;
  private authors: Uint32Array;
  private count = 0;
  /**
   * Discord keeps `last_message_id` pointing at the newest message ever sent, even once it is deleted;
   * so this is never lowered by a deletion.
   */
  private lastSent: bigint | null = null;
  /** Messages ever sent (Discord's `total_message_sent` never decrements). */
  private sent = 0;
  /** Distinct authors ever seen, for a thread's approximate `member_count`. */
  readonly authorSet = new Set<number>();

  /**
   * @param floorId new messages get ids strictly above this (the channel or thread's own id).
   * @param worker this store's worker id (0..1022) in the snowflake's low bits, unique per store so that
   *   generated ids never collide across channels.
   */
  constructor(
    readonly floorId: bigint,
    readonly worker: number,
    initialCapacity = 16,
  ) {
    this.ids = new BigUint64Array(initialCapacity);
    this.authors = new Uint32Array(initialCapacity);
  }

  get size(): number {
    return this.count;
  }

  get lastMessageId(): bigint | null {
    return this.lastSent;
  }

  get totalSent(): number {
    return this.sent;
  }

  /** The smallest id a new message may take: above the floor and above every id ever sent. */
  nextFreeId(): bigint {
    const floor = this.lastSent !== null && this.lastSent > this.floorId ? this.lastSent : this.floorId;
    return floor + 1n;
  }

  idAt(index: number): bigint {
    const id = this.ids[index];
    if (id === undefined || index >= this.count) throw new RangeError(`index ${index} out of range`);
    return id;
  }

  authorAt(index: number): number {
    const author = this.authors[index];
    if (author === undefined || index >= this.count) throw new RangeError(`index ${index} out of range`);
    return author;
  }

  /** Newest message still present (unlike lastMessageId, this moves back when it is deleted). */
  newestId(): bigint | null {
    return this.count === 0 ? null : this.idAt(this.count - 1);
  }

  oldestId(): bigint | null {
    return this.count === 0 ? null : this.idAt(0);
  }

  reserve(extra: number): void {
    const needed = this.count + extra;
    if (needed <= this.ids.length) return;
    // Double, so a stream of small appends (the living demo) stays amortised O(1).
    const capacity = Math.max(needed, this.ids.length * 2);
    const ids = new BigUint64Array(capacity);
    ids.set(this.ids.subarray(0, this.count));
    const authors = new Uint32Array(capacity);
    authors.set(this.authors.subarray(0, this.count));
    this.ids = ids;
    this.authors = authors;
  }

  /** Appends one message with an explicit id, which must be above every id ever sent here. */
  appendId(id: bigint, author: number): void {
    const newest = this.lastSent ?? -1n;
    if (id <= newest || id < this.floorId) {
      throw new RangeError(`message id ${id} must be above ${newest > this.floorId ? newest : this.floorId}`);
    }
    this.reserve(1);
    this.ids[this.count] = id;
    this.authors[this.count] = author;
    this.count++;
    this.lastSent = id;
    this.sent++;
    this.authorSet.add(author);
  }

  /**
   * Appends messages at the given times (ms, ascending). Ids are snowflakes of those times with this
   * store's worker id, bumped (increment, then next ms) where needed so they stay strictly increasing and
   * above every id ever sent in this store. Returns the range of the new messages.
   */
  appendAtTimes(times: Float64Array, authors: Uint32Array): IndexRange {
    if (times.length !== authors.length) throw new RangeError("times and authors differ in length");
    this.reserve(times.length);
    const start = this.count;
    let previous = this.nextFreeId() - 1n;
    const workerBits = BigInt(this.worker << 12);
    for (let i = 0; i < times.length; i++) {
      let id = ((BigInt(times[i] ?? 0) - DISCORD_EPOCH) << SNOWFLAKE_INCREMENT_BITS) | workerBits;
      if (id <= previous) id = nextWorkerId(previous, this.worker);
      const author = authors[i] ?? 0;
      this.ids[this.count] = id;
      this.authors[this.count] = author;
      this.count++;
      this.authorSet.add(author);
      previous = id;
    }
    if (times.length > 0) this.lastSent = previous;
    this.sent += times.length;
    return { start, end: this.count };
  }

  /** First index whose id is >= id. */
  lowerBound(id: bigint): number {
    let lo = 0;
    let hi = this.count;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((this.ids[mid] ?? 0n) < id) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** First index whose id is > id. */
  upperBound(id: bigint): number {
    let lo = 0;
    let hi = this.count;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((this.ids[mid] ?? 0n) <= id) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  indexOf(id: bigint): number {
    const index = this.lowerBound(id);
    return index < this.count && this.ids[index] === id ? index : -1;
  }

  /**
   * The index range Discord's GET /channels/{id}/messages would return (the caller reverses it: the API
   * answers newest-first in every mode).
   */
  page(query: PageQuery): IndexRange {
    const { limit } = query;
    switch (query.mode) {
      case "newest":
        return { start: Math.max(0, this.count - limit), end: this.count };
      case "before": {
        const end = this.lowerBound(query.id);
        return { start: Math.max(0, end - limit), end };
      }
      case "after": {
        const start = this.upperBound(query.id);
        return { start, end: Math.min(this.count, start + limit) };
      }
      case "around": {
        // The message itself (if present) and the newer half at or above it; the older half below it.
        const pivot = this.lowerBound(query.id);
        const atOrAbove = Math.ceil(limit / 2);
        return { start: Math.max(0, pivot - (limit - atOrAbove)), end: Math.min(this.count, pivot + atOrAbove) };
      }
    }
  }

  /** Deletes the newest `n` messages; lastMessageId and totalSent are untouched, as on Discord. */
  deleteNewest(n: number): number {
    const removed = Math.max(0, Math.min(n, this.count));
    this.count -= removed;
    return removed;
  }

  /** Deletes the given ids (those present); one compacting pass. */
  deleteIds(ids: ReadonlySet<bigint>): number {
    let write = 0;
    for (let read = 0; read < this.count; read++) {
      const id = this.ids[read] ?? 0n;
      if (ids.has(id)) continue;
      this.ids[write] = id;
      this.authors[write] = this.authors[read] ?? 0;
      write++;
    }
    const removed = this.count - write;
    this.count = write;
    return removed;
  }

  /** Messages in [range) whose author satisfies `isBot[author] === 1` (or not, for `bot: false`). */
  countByBot(range: IndexRange, isBot: Uint8Array, bot: boolean): number {
    const want = bot ? 1 : 0;
    let n = 0;
    for (let i = range.start; i < range.end; i++) {
      if ((isBot[this.authors[i] ?? 0] ?? 0) === want) n++;
    }
    return n;
  }

  /** Read-only view of the ids currently present, oldest first (no copy). */
  idsView(): BigUint64Array {
    return this.ids.subarray(0, this.count);
  }

  /** Read-only view of the author indexes, parallel to idsView(). */
  authorsView(): Uint32Array {
    return this.authors.subarray(0, this.count);
  }
}
