const DAY_MS = 86_400_000;

export interface DaySlice {
  /** UTC day, YYYY-MM-DD. */
  day: string;
  ms: number;
}

/**
 * The time from `fromMs` to `toMs` cut at UTC midnights: a session that crosses midnight counts on both days. Pure;
 * exact in ms (the table keeps ms, so no rounding adds up over thousands of checkpoints).
 */
export function sliceByUtcDay(fromMs: number, toMs: number): DaySlice[] {
  const slices: DaySlice[] = [];
  let start = fromMs;
  while (start < toMs) {
    const nextMidnight = (Math.floor(start / DAY_MS) + 1) * DAY_MS;
    const end = Math.min(toMs, nextMidnight);
    slices.push({ day: new Date(start).toISOString().slice(0, 10), ms: end - start });
    start = end;
  }
  return slices;
}
