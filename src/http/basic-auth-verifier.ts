/**
 * Checks a basic-auth user name and password against basic_auth_users, paying for bcrypt only on a cache miss.
 * No HTTP here (basic-auth.ts is the middleware); the bcrypt check, the clock and the cache key are injected.
 *
 * Timing. An unknown user is checked against a hash of the same cost that no password matches, so a miss costs
 * one bcrypt whether the user exists or not (the toolkit does the same, with a fixed cost-10 hash). The user is
 * looked up by comparing SHA-256 digests of the names in constant time, every configured user each time; next
 * to a bcrypt the saving of a Map lookup would be invisible anyway, but this costs nothing. bcryptjs compares
 * the final digests in constant time.
 *
 * The cache. Prometheus sends the same credentials every scrape; a bcrypt of cost 10 takes ~200 ms in bcryptjs.
 * Verdicts are remembered under HMAC-SHA256(per-process secret, user, password): no password is kept, the key
 * cannot be computed without the secret, and a lookup's timing cannot tell an attacker anything about stored
 * credentials, because they do not control which digest bits their guess produces. Accepted and rejected
 * verdicts live in separate bounded caches, so a flood of wrong guesses (each of which still pays its bcrypt)
 * can evict only other wrong guesses, never the scraper's entry. Entries expire after a fixed time: a
 * remembered verdict is a stand-in for the password that is much faster to brute-force than bcrypt if the
 * process memory leaks, so it is kept only while it saves work. Identical checks in flight share one bcrypt.
 */
import { createHash, createHmac, timingSafeEqual } from "node:crypto";
import { BoundedCache, type BoundedCacheOptions } from "./basic-auth-cache.js";
import { bcryptCost, DEFAULT_BCRYPT_COST, unmatchableHash } from "./basic-auth-hash.js";

/** With a scrape every 15 s to 60 s, one bcrypt per credential every 10 minutes; the bounds are far above the
 * handful of scrapers and people a metrics endpoint has. */
export const ACCEPTED_CACHE: BoundedCacheOptions = { maxEntries: 64, ttlMs: 10 * 60_000 };
export const REJECTED_CACHE: BoundedCacheOptions = { maxEntries: 256, ttlMs: 10 * 60_000 };

export interface CredentialCheckerOptions {
  /** User name → bcrypt hash (validated by the parser). */
  readonly users: ReadonlyMap<string, string>;
  /** bcrypt: checkBcryptPassword in production; tests pass a fake that counts calls. */
  readonly checkPassword: (password: string, hash: string) => Promise<boolean>;
  /** Milliseconds; Date.now in production. */
  readonly now: () => number;
  /** The HMAC key of the cache: at least 32 random bytes, new for each process. */
  readonly cacheSecret: Uint8Array;
  readonly accepted?: BoundedCacheOptions;
  readonly rejected?: BoundedCacheOptions;
}

export type CredentialChecker = (user: string, password: string) => Promise<boolean>;

export function createCredentialChecker(options: CredentialCheckerOptions): CredentialChecker {
  if (options.cacheSecret.length < 32) throw new RangeError("cacheSecret must be at least 32 bytes");
  const entries = [...options.users].map(([name, hash]) => ({ digest: sha256(name), hash }));
  // The most expensive configured cost, so that no unknown user is answered faster than a known one.
  const cost = Math.max(...[...options.users.values()].map((hash) => bcryptCost(hash) ?? DEFAULT_BCRYPT_COST));
  const decoy = unmatchableHash(Number.isFinite(cost) ? cost : DEFAULT_BCRYPT_COST);
  const accepted = new BoundedCache<true>(options.accepted ?? ACCEPTED_CACHE);
  const rejected = new BoundedCache<true>(options.rejected ?? REJECTED_CACHE);
  const inFlight = new Map<string, Promise<boolean>>();

  const findHash = (user: string): string | undefined => {
    const digest = sha256(user);
    let found: string | undefined;
    for (const entry of entries) {
      if (timingSafeEqual(digest, entry.digest) && found === undefined) found = entry.hash;
    }
    return found;
  };

  const verify = async (user: string, password: string): Promise<boolean> => {
    const hash = findHash(user);
    const matches = await options.checkPassword(password, hash ?? decoy);
    return matches && hash !== undefined;
  };

  return async (user, password) => {
    const key = cacheKey(options.cacheSecret, user, password);
    const now = options.now();
    if (accepted.get(key, now)) return true;
    if (rejected.get(key, now)) return false;
    const pending = inFlight.get(key);
    if (pending) return pending;

    const check = verify(user, password).then(
      (ok) => {
        (ok ? accepted : rejected).set(key, true, options.now());
        return ok;
      },
      // A failing checker is not a verdict: refuse this request, remember nothing.
      () => false,
    );
    inFlight.set(key, check);
    try {
      return await check;
    } finally {
      inFlight.delete(key);
    }
  };
}

function sha256(text: string): Buffer {
  return createHash("sha256").update(text, "utf8").digest();
}

/** Length-prefixed, so that ("ab", "c") and ("a", "bc") are different keys. */
function cacheKey(secret: Uint8Array, user: string, password: string): string {
  const name = Buffer.from(user, "utf8");
  const length = Buffer.alloc(4);
  length.writeUInt32BE(name.length);
  return createHmac("sha256", secret).update(length).update(name).update(password, "utf8").digest("base64");
}
