/**
 * What the history queries, the JSON API and the dashboard must answer, computed from the fake world's messages
 * alone: every message read back from the fake (author and snowflake time), threads and forum posts put under the
 * parent the fake says they have. Nothing here calls the exporter's code.
 */
import { timeFromSnowflake } from "../../fake-discord/snowflake.js";
import type { World } from "../../fake-discord/world.js";

const THREAD_TYPES = new Set([10, 11, 12]);
const DAY_MS = 86_400_000;

export interface TruthChannel {
  id: string;
  guildId: string;
  name: string;
  /** The channel whose totals this one's messages join: its parent for threads and posts, itself otherwise. */
  countsTowards: string;
  source: "channel" | "threads";
  days: Map<string, { human: number; bot: number }>;
  authors: Map<string, Set<string>>;
}

export type Truth = Map<string, TruthChannel>;

export interface Day {
  day: string;
}

const dayOf = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const byDay = (a: Day, b: Day) => (a.day < b.day ? -1 : a.day > b.day ? 1 : 0);

/** Every day from `from` to `to`, both included. */
export function daysOf(from: string, to: string): string[] {
  const out: string[] = [];
  for (let ms = Date.parse(`${from}T00:00:00Z`); ms <= Date.parse(`${to}T00:00:00Z`); ms += DAY_MS) out.push(dayOf(ms));
  return out;
}

export function addDays(day: string, days: number): string {
  return dayOf(Date.parse(`${day}T00:00:00Z`) + days * DAY_MS);
}

/**
 * The messages of the guild's channels and threads as they are now (take it before deleting channels or taking
 * the bot's access away: their counted history stays in the exporter), leaving out the channels in `omit` and their
 * threads (excluded, or never readable).
 */
export function snapshotTruth(world: World, guildId: string, omit: ReadonlySet<string> = new Set()): Truth {
  const truth: Truth = new Map();
  for (const channel of [...world.channels(guildId), ...world.threads(guildId)]) {
    const isThread = THREAD_TYPES.has(channel.type);
    const countsTowards = isThread ? (channel.parentId ?? channel.id) : channel.id;
    if (omit.has(channel.id) || omit.has(countsTowards)) continue;
    const entry: TruthChannel = {
      id: channel.id,
      guildId,
      name: channel.name,
      countsTowards,
      source: isThread ? "threads" : "channel",
      days: new Map(),
      authors: new Map(),
    };
    for (const message of world.readMessages(channel.id, { mode: "newest", limit: Number.POSITIVE_INFINITY })) {
      const day = dayOf(timeFromSnowflake(message.id));
      const counts = entry.days.get(day) ?? { human: 0, bot: 0 };
      counts[message.author.bot ? "bot" : "human"]++;
      entry.days.set(day, counts);
      if (!message.author.bot) {
        const authors = entry.authors.get(day) ?? new Set<string>();
        authors.add(message.author.id);
        entry.authors.set(day, authors);
      }
    }
    truth.set(channel.id, entry);
  }
  return truth;
}

/** Merges truths of several guilds. */
export function mergeTruths(...truths: Truth[]): Truth {
  return new Map(truths.flatMap((t) => [...t]));
}

function rowsOf(truth: Truth, guildId: string, channelId?: string): TruthChannel[] {
  return [...truth.values()].filter(
    (c) => c.guildId === guildId && (channelId === undefined || c.countsTowards === channelId),
  );
}

export function truthMessagesPerDay(truth: Truth, guildId: string, from: string, to: string, channelId?: string) {
  const sums = new Map<string, { day: string; human: number; bot: number }>();
  for (const channel of rowsOf(truth, guildId, channelId)) {
    for (const [day, counts] of channel.days) {
      if (day < from || day > to) continue;
      const sum = sums.get(day) ?? { day, human: 0, bot: 0 };
      sum.human += counts.human;
      sum.bot += counts.bot;
      sums.set(day, sum);
    }
  }
  return [...sums.values()].sort(byDay);
}

export function truthChannelSources(truth: Truth, guildId: string, channelId: string, from: string, to: string) {
  const sums = new Map<string, { day: string; channel: number; threads: number }>();
  for (const channel of rowsOf(truth, guildId, channelId)) {
    for (const [day, counts] of channel.days) {
      if (day < from || day > to) continue;
      const sum = sums.get(day) ?? { day, channel: 0, threads: 0 };
      sum[channel.source] += counts.human + counts.bot;
      sums.set(day, sum);
    }
  }
  return [...sums.values()].sort(byDay);
}

/** Distinct human authors of the guild per day. */
function authorsPerDay(truth: Truth, guildId: string): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  for (const channel of rowsOf(truth, guildId)) {
    for (const [day, authors] of channel.authors) {
      const set = out.get(day) ?? new Set<string>();
      for (const author of authors) set.add(author);
      out.set(day, set);
    }
  }
  return out;
}

/** For every day of the range: distinct people in the 1, 7 and 30 days ending that day. */
export function truthActiveMembers(truth: Truth, guildId: string, from: string, to: string) {
  const perDay = authorsPerDay(truth, guildId);
  const windowCount = (day: string, days: number) => {
    const people = new Set<string>();
    for (let i = 0; i < days; i++) for (const author of perDay.get(addDays(day, -i)) ?? []) people.add(author);
    return people.size;
  };
  return daysOf(from, to).map((day) => ({
    day,
    d1: windowCount(day, 1),
    d7: windowCount(day, 7),
    d30: windowCount(day, 30),
  }));
}

/** Most messages first, ties by name then id; channels in `unranked` and channels without messages left out. */
export function truthTopChannels(
  truth: Truth,
  guildId: string,
  from: string,
  to: string,
  limit: number,
  unranked: ReadonlySet<string>,
) {
  const sums = new Map<string, { channelId: string; name: string; human: number; bot: number }>();
  for (const channel of rowsOf(truth, guildId)) {
    if (unranked.has(channel.countsTowards)) continue;
    const name = truth.get(channel.countsTowards)?.name ?? "";
    const sum = sums.get(channel.countsTowards) ?? { channelId: channel.countsTowards, name, human: 0, bot: 0 };
    for (const [day, counts] of channel.days) {
      if (day < from || day > to) continue;
      sum.human += counts.human;
      sum.bot += counts.bot;
    }
    sums.set(channel.countsTowards, sum);
  }
  const text = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  return [...sums.values()]
    .filter((c) => c.human + c.bot > 0)
    .sort((a, b) => b.human + b.bot - (a.human + a.bot) || text(a.name, b.name) || text(a.channelId, b.channelId))
    .slice(0, limit);
}

/** The first and last day with a message in the truth of a guild. */
export function truthDaySpan(truth: Truth, guildId: string): { first: string; last: string } {
  const days = rowsOf(truth, guildId).flatMap((c) => [...c.days.keys()]);
  days.sort();
  return { first: days[0]!, last: days[days.length - 1]! };
}
