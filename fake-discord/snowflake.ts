/**
 * Discord snowflakes: `(ms - DISCORD_EPOCH) << 22 | low 22 bits`.
 * Ids travel as decimal strings and are compared as BigInt: two ids of unequal length compare wrongly as
 * strings, and 64-bit values lose precision as JS numbers.
 */

export const DISCORD_EPOCH = 1420070400000n;

/** The low 22 bits (worker, process, increment in real Discord); the fake uses them as one counter. */
export const SNOWFLAKE_INCREMENT_BITS = 22n;
export const MAX_SNOWFLAKE_INCREMENT = (1 << 22) - 1;

/** Snowflake as a bigint for a Unix time in ms; `increment` (0..4194303) separates ids in the same ms. */
export function snowflakeBigFromTime(ms: number, increment = 0): bigint {
  if (!Number.isFinite(ms)) throw new RangeError(`snowflake time must be finite, got ${ms}`);
  if (!Number.isInteger(increment) || increment < 0 || increment > MAX_SNOWFLAKE_INCREMENT) {
    throw new RangeError(`snowflake increment must be 0..${MAX_SNOWFLAKE_INCREMENT}, got ${increment}`);
  }
  const sinceEpoch = BigInt(Math.floor(ms)) - DISCORD_EPOCH;
  if (sinceEpoch < 0n) throw new RangeError(`time ${ms} is before the Discord epoch`);
  return (sinceEpoch << SNOWFLAKE_INCREMENT_BITS) | BigInt(increment);
}

/** Snowflake string for a Unix time in ms. */
export function snowflakeFromTime(ms: number, increment = 0): string {
  return snowflakeBigFromTime(ms, increment).toString();
}

/**
 * Real snowflakes spend the low 22 bits on a 10-bit worker/process id and a 12-bit per-ms increment; the
 * fake gives every message store its own worker id so two channels posting in the same millisecond never
 * get the same id (Discord ids are unique across all channels).
 */
export const WORKER_COUNT = 1024;
export const INCREMENTS_PER_MS = 4096;

/** The smallest id above `previous` (bigint) that carries `worker` in its worker bits. */
export function nextWorkerId(previous: bigint, worker: number): bigint {
  const ms = previous >> SNOWFLAKE_INCREMENT_BITS;
  const low = Number(previous & 0x3fffffn);
  const previousWorker = low >>> 12;
  const base = BigInt(worker << 12);
  if (previousWorker < worker) return (ms << SNOWFLAKE_INCREMENT_BITS) | base;
  if (previousWorker === worker && (low & 0xfff) < INCREMENTS_PER_MS - 1) return previous + 1n;
  return ((ms + 1n) << SNOWFLAKE_INCREMENT_BITS) | base;
}

/** Unix time in ms encoded in a snowflake (string or bigint). */
export function timeFromSnowflake(id: string | bigint): number {
  const big = typeof id === "bigint" ? id : BigInt(id);
  return Number((big >> SNOWFLAKE_INCREMENT_BITS) + DISCORD_EPOCH);
}

/** Real ids have 17–19 digits; @discordjs/rest only buckets routes by ids of that length. */
export function isSnowflake(value: string): boolean {
  return /^\d{17,19}$/.test(value);
}

/** Parses a query-string snowflake the way Discord coerces it ("0" is allowed as "the beginning"). */
export function parseSnowflakeParam(value: string): bigint | null {
  if (!/^\d{1,20}$/.test(value)) return null;
  const big = BigInt(value);
  return big <= 0xffffffffffffffffn ? big : null;
}

/** Discord's timestamp format: ISO 8601 with microseconds and an explicit +00:00 offset. */
export function discordTimestamp(ms: number): string {
  return new Date(ms).toISOString().replace("Z", "000+00:00");
}
