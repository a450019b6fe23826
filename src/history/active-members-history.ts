// discord_active_members as the live gauge would have read at the end of each UTC day. Pure.
import { ACTIVE_MEMBER_WINDOWS } from "../store/active-members-read.js";
import type { GuildAuthorDay } from "../store/history-read.js";
import type { ActiveMembersDay } from "./history-input.js";
import { addUtcDays, eachUtcDay } from "./utc-days.js";

export type { GuildAuthorDay } from "../store/history-read.js";

/** How many days before the first exported day the author rows must reach back, for the widest window. */
export const ACTIVE_MEMBERS_LOOKBACK_DAYS = Math.max(...ACTIVE_MEMBER_WINDOWS.map((w) => w.days)) - 1;

/**
 * For each guild of `firstDays`, each window's distinct-author count for every day from its first day to `until`.
 * A sliding count per author: each day adds the authors who entered the window and drops those who left it, so
 * years of days cost one pass, not one query per day.
 */
export function countActiveMembersByDay(
  rows: readonly GuildAuthorDay[],
  firstDays: ReadonlyMap<string, string>,
  until: string,
): ActiveMembersDay[] {
  const byGuild = new Map<string, Map<string, string[]>>();
  for (const row of rows) {
    let days = byGuild.get(row.guildId);
    if (!days) {
      days = new Map();
      byGuild.set(row.guildId, days);
    }
    const authors = days.get(row.day);
    if (authors) authors.push(row.authorId);
    else days.set(row.day, [row.authorId]);
  }
  const result: ActiveMembersDay[] = [];
  for (const [guildId, first] of firstDays) {
    const authorsByDay = byGuild.get(guildId) ?? new Map<string, string[]>();
    for (const { window, days } of ACTIVE_MEMBER_WINDOWS) {
      // Rows may repeat an author on a day (two channels): count distinct days per author, not rows.
      const present = new Map<string, number>();
      const distinctOn = (day: string) => new Set(authorsByDay.get(day) ?? []);
      const start = addUtcDays(first, -(days - 1));
      for (const day of eachUtcDay(start, until)) {
        for (const author of distinctOn(day)) present.set(author, (present.get(author) ?? 0) + 1);
        const leaving = addUtcDays(day, -days);
        // Only a day that was added can leave the window.
        if (leaving >= start) {
          for (const author of distinctOn(leaving)) {
            const left = (present.get(author) ?? 0) - 1;
            if (left > 0) present.set(author, left);
            else present.delete(author);
          }
        }
        if (day >= first) result.push({ guildId, day, window, count: present.size });
      }
    }
  }
  return result;
}
