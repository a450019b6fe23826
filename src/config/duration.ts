/**
 * Human durations ("30s", "15m", "1h30m", "500ms", "2d") to milliseconds. Pure.
 *
 * Deliberately stricter than Go's time.ParseDuration: units must appear largest first and at most
 * once ("1h30m", not "30m1h" or "1m30m"), so a typo is reported instead of silently summed.
 */

const UNIT_MS = { d: 86_400_000, h: 3_600_000, m: 60_000, s: 1000, ms: 1 } as const;
type Unit = keyof typeof UNIT_MS;
/** Largest first: the order units must appear in. */
const UNIT_ORDER: readonly Unit[] = ["d", "h", "m", "s", "ms"];

export type DurationFailure =
  | "empty"
  | "missing-unit" // "30": a bare number is ambiguous (seconds? milliseconds?)
  | "negative"
  | "zero"
  | "too-large"
  | "invalid";

export type DurationResult = { ok: true; ms: number } | { ok: false; reason: DurationFailure };

// "ms" before "m" so that "500ms" is not read as 500 minutes followed by garbage.
const PART = /(\d+)(?:\.(\d+))?(ms|d|h|m|s)/y;
const BARE_NUMBER = /^\d+(?:\.\d+)?$/;

export function parseDuration(input: string): DurationResult {
  const text = input.trim();
  if (text === "") return { ok: false, reason: "empty" };
  if (text.startsWith("-")) return { ok: false, reason: "negative" };
  if (BARE_NUMBER.test(text)) return { ok: false, reason: "missing-unit" };

  let total = 0;
  let previousRank = -1;
  PART.lastIndex = 0;
  while (PART.lastIndex < text.length) {
    const match = PART.exec(text);
    if (match === null) return { ok: false, reason: "invalid" };
    const [, whole = "", fraction = "", unit = ""] = match;
    if (!isUnit(unit)) return { ok: false, reason: "invalid" };
    const rank = UNIT_ORDER.indexOf(unit);
    if (rank <= previousRank) return { ok: false, reason: "invalid" };
    previousRank = rank;

    const unitMs = UNIT_MS[unit];
    // Integer arithmetic on the digits, so "0.3s" is exactly 300 rather than 300.00000000000006.
    const fractionMs = fraction === "" ? 0 : (Number(fraction) * unitMs) / 10 ** fraction.length;
    if (!Number.isInteger(fractionMs)) return { ok: false, reason: "invalid" }; // finer than 1 ms
    total += Number(whole) * unitMs + fractionMs;
  }

  if (!Number.isSafeInteger(total)) return { ok: false, reason: "too-large" };
  if (total === 0) return { ok: false, reason: "zero" };
  return { ok: true, ms: total };
}

/** The shortest exact spelling parseDuration accepts back: 5_400_000 → "1h30m". */
export function formatDuration(ms: number): string {
  if (!Number.isSafeInteger(ms) || ms <= 0) throw new RangeError(`not a positive whole number of milliseconds: ${ms}`);
  let rest = ms;
  let out = "";
  for (const unit of UNIT_ORDER) {
    const count = Math.floor(rest / UNIT_MS[unit]);
    if (count > 0) out += `${count}${unit}`;
    rest -= count * UNIT_MS[unit];
  }
  return out;
}

function isUnit(text: string): text is Unit {
  return Object.hasOwn(UNIT_MS, text);
}
