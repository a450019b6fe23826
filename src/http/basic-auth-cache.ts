/**
 * A small least-recently-used map whose entries also expire a fixed time after they were added. Pure apart
 * from the clock, which the caller passes in on every call.
 *
 * Used by basic-auth-verifier.ts to remember bcrypt verdicts: the bound on entries keeps memory flat whatever
 * a client sends, and the expiry keeps a credential's fast-to-check stand-in in memory only while it saves work.
 */
export interface BoundedCacheOptions {
  /** At most this many entries; adding one more evicts the least recently used. */
  readonly maxEntries: number;
  /** An entry is forgotten this long after it was set, however often it is read. */
  readonly ttlMs: number;
}

export class BoundedCache<V> {
  // A Map iterates in insertion order: re-inserting on every hit keeps the least recently used first.
  readonly #entries = new Map<string, { value: V; expiresAt: number }>();
  readonly #options: BoundedCacheOptions;

  constructor(options: BoundedCacheOptions) {
    if (!Number.isInteger(options.maxEntries) || options.maxEntries < 1) {
      throw new RangeError(`maxEntries must be a positive integer, got ${options.maxEntries}`);
    }
    if (!(options.ttlMs > 0)) throw new RangeError(`ttlMs must be positive, got ${options.ttlMs}`);
    this.#options = options;
  }

  get size(): number {
    return this.#entries.size;
  }

  get(key: string, now: number): V | undefined {
    const entry = this.#entries.get(key);
    if (entry === undefined) return undefined;
    this.#entries.delete(key);
    if (now >= entry.expiresAt) return undefined;
    this.#entries.set(key, entry);
    return entry.value;
  }

  set(key: string, value: V, now: number): void {
    this.#entries.delete(key);
    this.#entries.set(key, { value, expiresAt: now + this.#options.ttlMs });
    while (this.#entries.size > this.#options.maxEntries) {
      const oldest = this.#entries.keys().next();
      if (oldest.done) break;
      this.#entries.delete(oldest.value);
    }
  }

  delete(key: string): void {
    this.#entries.delete(key);
  }
}
