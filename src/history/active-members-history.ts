// discord_active_members as the live gauge would have read at the end of each UTC day. Pure.
import { ACTIVE_MEMBER_WINDOWS, type ActiveMembersWindow } from "../store/active-members-read.js";
import type { GuildAuthorDay } from "../store/history-read.js";
import type { ActiveMembersDay } from "./history-input.js";
import { eachUtcDay, utcDayNumber } from "./utc-days.js";

export type { GuildAuthorDay } from "../store/history-read.js";

/** How many days before the first exported day the author rows must reach back, for the widest window. */
export const ACTIVE_MEMBERS_LOOKBACK_DAYS = Math.max(...ACTIVE_MEMBER_WINDOWS.map((w) => w.days)) - 1;

/**
 * Each window's distinct-author count for every day from `first` to `until` (index 0 is `first`), from each author's
 * active days (utcDayNumber's day numbers, ascending; repeats allowed, as when someone wrote in two channels). An
 * author counts on a day when one of their active days lies in the window ending there: each active day covers itself
 * and the window's following days, so one pass merges an author's covered stretches and marks where each begins and
 * ends.
 * Linear in the number of active days, whatever the length of the windows or of the range.
 */
export function countActiveWindows(
  authors: Iterable<ArrayLike<number>>,
  first: string,
  until: string,
): Map<ActiveMembersWindow, Int32Array> {
  const firstDay = utcDayNumber(first);
  const length = Math.max(0, utcDayNumber(until) - firstDay + 1);
  const changes = new Map(ACTIVE_MEMBER_WINDOWS.map((w) => [w.window, new Int32Array(length + 1)]));
  const cover = (change: Int32Array, start: number, end: number) => {
    const from = Math.max(start - firstDay, 0);
    const to = Math.min(end - firstDay, length - 1);
    if (from > to) return;
    change[from]! += 1;
    change[to + 1]! -= 1;
  };
  for (const days of authors) {
    for (const { window, days: span } of ACTIVE_MEMBER_WINDOWS) {
      const change = changes.get(window)!;
      let start = Number.NEGATIVE_INFINITY;
      let end = Number.NEGATIVE_INFINITY;
      for (let i = 0; i < days.length; i++) {
        const day = days[i]!;
        // A day within (or right after) the stretch covered so far extends it; a later one starts a new stretch.
        if (day > end + 1) {
          cover(change, start, end);
          start = day;
        }
        end = Math.max(end, day + span - 1);
      }
      cover(change, start, end);
    }
  }
  const counts = new Map<ActiveMembersWindow, Int32Array>();
  for (const [window, change] of changes) {
    const count = new Int32Array(length);
    let running = 0;
    for (let i = 0; i < length; i++) {
      running += change[i]!;
      count[i] = running;
    }
    counts.set(window, count);
  }
  return counts;
}

/**
 * For each guild of `firstDays`, each window's distinct-author count for every day from its first day to `until`.
 * The rows must reach back ACTIVE_MEMBERS_LOOKBACK_DAYS before the first day; earlier and later ones are ignored.
 */
export function countActiveMembersByDay(
  rows: readonly GuildAuthorDay[],
  firstDays: ReadonlyMap<string, string>,
  until: string,
): ActiveMembersDay[] {
  const byGuild = new Map<string, Map<string, number[]>>();
  for (const row of rows) {
    let authors = byGuild.get(row.guildId);
    if (!authors) {
      authors = new Map();
      byGuild.set(row.guildId, authors);
    }
    const days = authors.get(row.authorId);
    const day = utcDayNumber(row.day);
    if (days) days.push(day);
    else authors.set(row.authorId, [day]);
  }
  const result: ActiveMembersDay[] = [];
  for (const [guildId, first] of firstDays) {
    const authors = [...(byGuild.get(guildId)?.values() ?? [])].map((days) => days.sort((a, b) => a - b));
    const counts = countActiveWindows(authors, first, until);
    const days = [...eachUtcDay(first, until)];
    for (const { window } of ACTIVE_MEMBER_WINDOWS) {
      const count = counts.get(window)!;
      days.forEach((day, i) => {
        result.push({ guildId, day, window, count: count[i]! });
      });
    }
  }
  return result;
}
