/**
 * bcrypt for basic_auth_users: recognising a hash, checking a password against one, and making one (for the
 * coming `hash-password` command). The only file that imports bcryptjs.
 *
 * bcryptjs accepts the `$2y$` hashes that `htpasswd -nBC 10 ""` and the exporter-toolkit docs produce, as well
 * as `$2a$` and `$2b$`; it makes `$2b$`, which Go's bcrypt (and so every toolkit exporter) accepts too.
 */
import bcrypt from "bcryptjs";

export const MIN_BCRYPT_COST = 4;
export const MAX_BCRYPT_COST = 31;
/** htpasswd's and the toolkit docs' example: about 70 ms in Go, a little more in bcryptjs. */
export const DEFAULT_BCRYPT_COST = 10;
/** bcrypt reads only the first 72 bytes of a password; a longer one would silently match its prefix. */
export const MAX_PASSWORD_BYTES = 72;

// $2a$ / $2b$ / $2y$, a two-digit cost, then 22 characters of salt and 31 of hash in bcrypt's base64 alphabet.
const BCRYPT_HASH = /^\$2[aby]\$(\d{2})\$[./A-Za-z0-9]{53}$/;

/** The cost of a well-formed bcrypt hash bcryptjs can check, or null. Pure. */
export function bcryptCost(hash: string): number | null {
  const match = BCRYPT_HASH.exec(hash);
  if (!match) return null;
  const cost = Number(match[1]);
  return cost >= MIN_BCRYPT_COST && cost <= MAX_BCRYPT_COST ? cost : null;
}

/**
 * A hash no password can match, costing as much to check as a real hash of `cost`: the last character
 * leaves bits set that bcrypt's encoding of a 23-byte digest always leaves clear. Checked against it, an
 * unknown user takes as long as a known one with a wrong password. Pure.
 */
export function unmatchableHash(cost: number): string {
  return `$2b$${String(cost).padStart(2, "0")}$${"Unmatchable.salt.value".padEnd(22, ".")}${"x".repeat(30)}/`;
}

/** Whether `password` matches `hash`; false for a malformed hash. bcryptjs compares the digests in constant time. */
export function checkBcryptPassword(password: string, hash: string): Promise<boolean> {
  return bcrypt.compare(password, hash).catch(() => false);
}

export interface HashPasswordOptions {
  /** Default DEFAULT_BCRYPT_COST. Each step doubles the time a check takes. */
  readonly cost?: number;
  /** `n` random bytes (16 are used for the salt): crypto.randomBytes in production, fixed bytes in tests. */
  readonly randomBytes: (n: number) => Uint8Array;
}

export type HashPasswordResult = { ok: true; hash: string } | { ok: false; error: string };

/** A bcrypt hash of `password` for basic_auth_users. No I/O: the randomness comes in through the options. */
export async function hashPassword(password: string, options: HashPasswordOptions): Promise<HashPasswordResult> {
  const cost = options.cost ?? DEFAULT_BCRYPT_COST;
  if (!Number.isInteger(cost) || cost < MIN_BCRYPT_COST || cost > MAX_BCRYPT_COST) {
    return { ok: false, error: `bcrypt cost must be an integer from ${MIN_BCRYPT_COST} to ${MAX_BCRYPT_COST}` };
  }
  if (password === "") return { ok: false, error: "the password is empty" };
  const bytes = Buffer.byteLength(password, "utf8");
  if (bytes > MAX_PASSWORD_BYTES) {
    return {
      ok: false,
      error: `the password is ${bytes} bytes long; bcrypt ignores everything after ${MAX_PASSWORD_BYTES} bytes, so use a shorter one`,
    };
  }
  const random = options.randomBytes(16);
  if (random.length < 16) return { ok: false, error: "randomBytes returned fewer than 16 bytes" };
  const salt = `$2b$${String(cost).padStart(2, "0")}$${bcrypt.encodeBase64(random.subarray(0, 16), 16)}`;
  return { ok: true, hash: await bcrypt.hash(password, salt) };
}
