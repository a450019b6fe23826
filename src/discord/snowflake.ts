// Snowflake arithmetic. Ids are strings in JSON and exceed 2^53, so every comparison goes through BigInt.
// https://discord.com/developers/docs/reference#snowflakes
export const DISCORD_EPOCH_MS = 1420070400000n;

export function timestampOfSnowflake(id: string): number {
  return Number((BigInt(id) >> 22n) + DISCORD_EPOCH_MS);
}

export function snowflakeAt(ms: number): string {
  const offset = BigInt(Math.floor(ms)) - DISCORD_EPOCH_MS;
  return (offset > 0n ? offset << 22n : 0n).toString();
}

export function compareSnowflakes(a: string, b: string): number {
  const x = BigInt(a);
  const y = BigInt(b);
  return x < y ? -1 : x > y ? 1 : 0;
}

export function isNewerSnowflake(candidate: string | null | undefined, than: string | null | undefined): boolean {
  if (candidate == null) return false;
  if (than == null) return true;
  return BigInt(candidate) > BigInt(than);
}

export function maxSnowflake(a: string | null | undefined, b: string | null | undefined): string | null {
  if (a == null) return b ?? null;
  if (b == null) return a;
  return BigInt(a) >= BigInt(b) ? a : b;
}

/** UTC calendar day (YYYY-MM-DD) a message was sent on, from its id alone. */
export function utcDayOfSnowflake(id: string): string {
  return new Date(timestampOfSnowflake(id)).toISOString().slice(0, 10);
}
