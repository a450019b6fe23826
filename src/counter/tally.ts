import { compareSnowflakes, utcDayOfSnowflake } from "../discord/snowflake.js";
import type { MessageSummary } from "../discord/types.js";
import type { PageTally } from "../store/page-tally.js";

export interface TallyBounds {
  /** Count only ids strictly above this one. */
  after?: string | null;
  /** Count only ids strictly below this one. */
  before?: string | null;
}

/**
 * Tallies a page of messages. The bounds make a page that strays outside its cursor window (it should not, but a
 * double count is the one thing this product must never do) harmless.
 */
export function tallyPage(messages: readonly MessageSummary[], bounds: TallyBounds = {}): PageTally {
  const tally: PageTally = {
    human: 0,
    bot: 0,
    newestId: null,
    oldestId: null,
    days: new Map(),
    authorsByDay: new Map(),
  };
  const after = bounds.after != null ? BigInt(bounds.after) : null;
  const before = bounds.before != null ? BigInt(bounds.before) : null;
  const seen = new Set<string>();
  for (const message of messages) {
    const id = BigInt(message.id);
    if (after !== null && id <= after) continue;
    if (before !== null && id >= before) continue;
    if (seen.has(message.id)) continue;
    seen.add(message.id);
    const day = utcDayOfSnowflake(message.id);
    let dayTally = tally.days.get(day);
    if (!dayTally) {
      dayTally = { human: 0, bot: 0 };
      tally.days.set(day, dayTally);
    }
    if (message.bot) {
      tally.bot++;
      dayTally.bot++;
    } else {
      tally.human++;
      dayTally.human++;
      let authors = tally.authorsByDay.get(day);
      if (!authors) {
        authors = new Set();
        tally.authorsByDay.set(day, authors);
      }
      authors.add(message.authorId);
    }
    if (tally.newestId === null || compareSnowflakes(message.id, tally.newestId) > 0) tally.newestId = message.id;
    if (tally.oldestId === null || compareSnowflakes(message.id, tally.oldestId) < 0) tally.oldestId = message.id;
  }
  return tally;
}

export function tallyTotal(tally: PageTally): number {
  return tally.human + tally.bot;
}

export function emptyTally(): PageTally {
  return tallyPage([]);
}

/** Adds a page's tally into a running one (recount builds a whole channel's counts aside this way). */
export function mergeTally(into: PageTally, page: PageTally): void {
  into.human += page.human;
  into.bot += page.bot;
  for (const [day, counts] of page.days) {
    const existing = into.days.get(day);
    if (existing) {
      existing.human += counts.human;
      existing.bot += counts.bot;
    } else {
      into.days.set(day, { ...counts });
    }
  }
  for (const [day, authors] of page.authorsByDay) {
    const existing = into.authorsByDay.get(day);
    if (existing) for (const author of authors) existing.add(author);
    else into.authorsByDay.set(day, new Set(authors));
  }
  if (page.newestId !== null && (into.newestId === null || BigInt(page.newestId) > BigInt(into.newestId))) {
    into.newestId = page.newestId;
  }
  if (page.oldestId !== null && (into.oldestId === null || BigInt(page.oldestId) < BigInt(into.oldestId))) {
    into.oldestId = page.oldestId;
  }
}
