// BoundedCache: least recently used out first, entries expire a fixed time after they were set.
import { describe, expect, it } from "vitest";
import { BoundedCache } from "../../src/http/basic-auth-cache.js";

describe("BoundedCache", () => {
  it("keeps at most maxEntries, evicting the least recently used", () => {
    const cache = new BoundedCache<number>({ maxEntries: 2, ttlMs: 1000 });
    cache.set("a", 1, 0);
    cache.set("b", 2, 0);
    expect(cache.get("a", 1)).toBe(1); // a is now more recent than b
    cache.set("c", 3, 2);
    expect(cache.size).toBe(2);
    expect(cache.get("b", 3)).toBeUndefined();
    expect(cache.get("a", 3)).toBe(1);
    expect(cache.get("c", 3)).toBe(3);
  });

  it("forgets an entry ttlMs after it was set, however often it was read", () => {
    const cache = new BoundedCache<string>({ maxEntries: 10, ttlMs: 100 });
    cache.set("k", "v", 1000);
    expect(cache.get("k", 1050)).toBe("v");
    expect(cache.get("k", 1099)).toBe("v");
    expect(cache.get("k", 1100)).toBeUndefined();
    expect(cache.size).toBe(0);
  });

  it("restarts the expiry when an entry is set again", () => {
    const cache = new BoundedCache<string>({ maxEntries: 10, ttlMs: 100 });
    cache.set("k", "old", 0);
    cache.set("k", "new", 90);
    expect(cache.get("k", 150)).toBe("new");
    expect(cache.size).toBe(1);
  });

  it("deletes", () => {
    const cache = new BoundedCache<string>({ maxEntries: 10, ttlMs: 100 });
    cache.set("k", "v", 0);
    cache.delete("k");
    expect(cache.get("k", 0)).toBeUndefined();
  });

  it("refuses bounds that would make it unbounded or useless", () => {
    expect(() => new BoundedCache({ maxEntries: 0, ttlMs: 1 })).toThrow(/maxEntries/);
    expect(() => new BoundedCache({ maxEntries: 1.5, ttlMs: 1 })).toThrow(/maxEntries/);
    expect(() => new BoundedCache({ maxEntries: 1, ttlMs: 0 })).toThrow(/ttlMs/);
    expect(() => new BoundedCache({ maxEntries: 1, ttlMs: Number.NaN })).toThrow(/ttlMs/);
  });
});
