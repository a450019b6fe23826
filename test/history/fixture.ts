// A database filled through the real write paths (channel rows, backfill and forward pages, guild snapshots) from
// generated messages whose ground truth the tests keep: every expected value is computed from `messages`, not SQL.
import { Registry } from "prom-client";
import { tallyPage } from "../../src/counter/tally.js";
import { snowflakeAt } from "../../src/discord/snowflake.js";
import type { MessageSummary } from "../../src/discord/types.js";
import { registerStoreMetrics } from "../../src/metrics/store-metrics.js";
import { applyChannelChanges, type ChannelState, updateChannelStatus } from "../../src/store/channel-rows.js";
import { applyGuildSnapshot } from "../../src/store/guild-rows.js";
import { createMetricsReader } from "../../src/store/metrics-read.js";
import type { Store } from "../../src/store/open.js";
import { createPageWriter } from "../../src/store/page-writes.js";
import { addMemberFlow } from "../../src/store/member-writes.js";
import { createVoiceReader } from "../../src/store/voice-read.js";
import { writeVoice } from "../../src/store/voice-writes.js";
import { registerVoiceMetrics } from "../../src/metrics/voice-metrics.js";
import { openTempStore } from "../helpers/temp-store.js";

export const DAY_MS = 86_400_000;
export const FIRST_DAY = "2024-01-27";
export const LAST_DAY = "2024-03-03";

export interface FixtureChannel {
  key: string;
  id: string;
  guildId: string;
  parentId: string | null;
  type: number;
  name: string;
  state: ChannelState;
  /** Days it has messages on (none for categories, forums, the empty channel). */
  activeFrom: string | null;
  createdDay: string;
}

export interface FixtureMessage {
  channelId: string;
  id: string;
  authorId: string;
  bot: boolean;
  ms: number;
  day: string;
}

export interface FixtureSample {
  guildId: string;
  sampledAt: number;
  members: number;
  online: number;
}

/** Time one person (or bot) spent in one voice channel on one UTC day; ms 0: present, no time (a join just now). */
export interface FixtureVoice {
  channelId: string;
  day: string;
  userId: string;
  bot: boolean;
  ms: number;
}

export interface FixtureMemberEvent {
  guildId: string;
  day: string;
  kind: "join" | "leave";
  bot: boolean;
}

/**
 * Human author n's id. Real snowflakes pass 2^53, and these are all one number as JavaScript numbers (doubles are
 * 256 apart up there): an id read through a number anywhere merges the authors and breaks every count.
 */
export const fixtureAuthor = (n: number): string => (1_234_567_890_123_456_700n + BigInt(n)).toString();
const fixtureBot = (n: number): string => (1_234_567_890_123_456_800n + BigInt(n)).toString();
/** An author who wrote only in excluded channels (never active), and one only in a deleted post (active). */
export const EXCLUDED_ONLY_AUTHOR = fixtureAuthor(13);
export const DELETED_ONLY_AUTHOR = fixtureAuthor(14);

/** Voice recording (VOICE_ACTIVITY) begins on this day in G1; G2 never recorded voice. */
export const VOICE_FIRST_DAY = "2024-02-05";

export interface Fixture {
  store: Store;
  file: string;
  dir: string;
  guilds: { id: string; name: string }[];
  channels: FixtureChannel[];
  messages: FixtureMessage[];
  samples: FixtureSample[];
  voice: FixtureVoice[];
  memberEvents: FixtureMemberEvent[];
  channel: (key: string) => FixtureChannel;
  cleanup: () => void;
}

/** mulberry32: a small seeded generator, so the data is the same on every run. */
function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const dayMs = (day: string) => Date.parse(`${day}T00:00:00Z`);
const dayOf = (ms: number) => new Date(ms).toISOString().slice(0, 10);

export function eachDay(first: string, last: string): string[] {
  const days: string[] = [];
  for (let ms = dayMs(first); ms <= dayMs(last); ms += DAY_MS) days.push(dayOf(ms));
  return days;
}

export const G1 = (BigInt(snowflakeAt(Date.UTC(2020, 0, 1))) + 1n).toString();
export const G2 = (BigInt(snowflakeAt(Date.UTC(2021, 0, 1))) + 2n).toString();

export function buildHistoryFixture(options: { cutoffDay?: string } = {}): Fixture {
  const temp = openTempStore();
  const store = temp.store;
  const random = seeded(20240127);
  let sequence = 0;
  const idAt = (ms: number) => (BigInt(snowflakeAt(ms)) + BigInt(++sequence)).toString();

  const guilds = [
    { id: G1, name: 'Guild "One" \\ test' },
    { id: G2, name: "Second" },
  ];
  const channels: FixtureChannel[] = [];
  const byKey = new Map<string, FixtureChannel>();
  const add = (
    key: string,
    spec: {
      guild?: string;
      parent?: string | null;
      type: number;
      name: string;
      state?: ChannelState;
      created?: string;
      activeFrom?: string | null;
    },
  ) => {
    const createdDay = spec.created ?? "2024-01-20";
    const channel: FixtureChannel = {
      key,
      id: idAt(dayMs(createdDay) + 3_600_000),
      guildId: spec.guild ?? G1,
      parentId: spec.parent ? (byKey.get(spec.parent)?.id ?? null) : null,
      type: spec.type,
      name: spec.name,
      state: spec.state ?? "ready",
      activeFrom: spec.activeFrom === undefined ? FIRST_DAY : spec.activeFrom,
      createdDay,
    };
    channels.push(channel);
    byKey.set(key, channel);
  };
  add("category", { type: 4, name: 'Text "Channels"', activeFrom: null });
  add("general", { parent: "category", type: 0, name: "general" });
  add("news", { type: 5, name: "news" });
  add("voice", { parent: "category", type: 2, name: "voice \\ chat" });
  add("forum", { parent: "category", type: 15, name: "help-forum", activeFrom: null });
  add("thread1", { parent: "general", type: 11, name: "thread one", created: "2024-01-25", activeFrom: "2024-01-25" });
  add("thread2", {
    parent: "general",
    type: 12,
    name: "private thread",
    created: "2024-02-05",
    activeFrom: "2024-02-05",
  });
  add("post1", { parent: "forum", type: 11, name: "how do I", created: "2024-01-28", activeFrom: "2024-01-28" });
  add("post2", {
    parent: "forum",
    type: 11,
    name: "deleted post",
    state: "deleted",
    created: "2024-01-29",
    activeFrom: "2024-01-29",
  });
  add("secret", { type: 0, name: "secret", state: "excluded" });
  add("secretThread", { parent: "secret", type: 11, name: "secret thread", state: "excluded" });
  add("old", { parent: "category", type: 0, name: "old", state: "deleted" });
  add("empty", { parent: "category", type: 0, name: "empty", created: "2024-02-10", activeFrom: null });
  add("late", { type: 0, name: "late", created: "2024-02-15", activeFrom: "2024-02-15" });
  add("g2general", { guild: G2, type: 0, name: "other general" });
  // Voice time only (no messages: activeFrom null keeps the message generator's sequence as it was).
  add("stage", { parent: "category", type: 13, name: "town hall", created: "2024-02-12", activeFrom: null });
  add("oldVoice", { type: 2, name: "old voice", state: "deleted", activeFrom: null });
  add("secretVoice", { type: 2, name: "secret voice", state: "excluded", activeFrom: null });
  add("g2voice", { guild: G2, type: 2, name: "g2 voice", activeFrom: null });

  applyChannelChanges(
    store,
    {
      inserts: channels.map((c) => ({
        id: c.id,
        guildId: c.guildId,
        parentId: c.parentId,
        type: c.type,
        name: c.name,
        state: c.activeFrom === null ? "ready" : "backfilling",
        firstSeenAt: 0,
        updatedAt: 0,
      })),
      updates: [],
    },
    0,
  );

  // Messages: 0-5 a day per channel, from a pool of authors shared by both guilds; about one in five from bots.
  const messages: FixtureMessage[] = [];
  const lastDay = (c: FixtureChannel) => (c.key === "old" ? "2024-02-12" : LAST_DAY);
  for (const channel of channels) {
    if (channel.activeFrom === null) continue;
    for (const day of eachDay(channel.activeFrom, lastDay(channel))) {
      const count = Math.floor(random() * 6);
      for (let i = 0; i < count; i++) {
        const ms = dayMs(day) + Math.floor(random() * (DAY_MS - 1000));
        const bot = random() < 0.2;
        const authorId = bot ? fixtureBot(1 + Math.floor(random() * 2)) : fixtureAuthor(1 + Math.floor(random() * 12));
        messages.push({ channelId: channel.id, id: idAt(ms), authorId, bot, ms, day });
      }
      // Authors seen nowhere else: one only in excluded channels (never active), one only in a deleted post (active).
      const loner = channel.key.startsWith("secret")
        ? EXCLUDED_ONLY_AUTHOR
        : channel.key === "post2"
          ? DELETED_ONLY_AUTHOR
          : null;
      if (loner && random() < 0.5) {
        const ms = dayMs(day) + Math.floor(random() * (DAY_MS - 1000));
        messages.push({ channelId: channel.id, id: idAt(ms), authorId: loner, bot: false, ms, day });
      }
    }
  }

  // Older messages arrive through the backfill (newest page first), newer ones through forward pages.
  const cutoff = dayMs(options.cutoffDay ?? "2024-02-20");
  const writer = createPageWriter(store);
  const summary = (m: FixtureMessage): MessageSummary => ({ id: m.id, authorId: m.authorId, bot: m.bot });
  for (const channel of channels) {
    if (channel.activeFrom === null) continue;
    const own = messages
      .filter((m) => m.channelId === channel.id)
      .sort((a, b) => (BigInt(a.id) < BigInt(b.id) ? -1 : 1));
    const backfill = own.filter((m) => m.ms < cutoff).reverse();
    const forward = own.filter((m) => m.ms >= cutoff);
    let before: string | null = null;
    if (backfill.length === 0) {
      if (!writer.applyBackfillPage(channel.id, null, tallyPage([]), "ready", cutoff))
        throw new Error("empty backfill refused");
    }
    for (let i = 0; i < backfill.length; i += 5) {
      const page = backfill.slice(i, i + 5);
      const done = i + 5 >= backfill.length;
      if (!writer.applyBackfillPage(channel.id, before, tallyPage(page.map(summary)), done ? "ready" : null, cutoff))
        throw new Error("backfill refused");
      before = page[page.length - 1]!.id;
    }
    let lastSeen = backfill[0]?.id ?? "0";
    for (let i = 0; i < forward.length; i += 4) {
      const page = forward.slice(i, i + 4);
      if (
        !writer.applyForwardPage(channel.id, lastSeen, tallyPage(page.map(summary), { after: lastSeen }), page[0]!.ms)
      ) {
        throw new Error("forward page refused");
      }
      lastSeen = page[page.length - 1]!.id;
    }
  }
  for (const channel of channels) {
    if (channel.state === "deleted" || channel.state === "excluded") {
      updateChannelStatus(
        store,
        channel.id,
        { state: channel.state, deletedAt: channel.state === "deleted" ? cutoff : null },
        cutoff,
      );
    }
  }

  // Member samples: twice a day for G1 (one at a millisecond that is not 0), every third day for G2.
  const samples: FixtureSample[] = [];
  let members = 500;
  for (const [index, day] of eachDay(FIRST_DAY, LAST_DAY).entries()) {
    for (const offset of [6 * 3_600_000 + 250, 18 * 3_600_000 + 30 * 60_000]) {
      members += Math.floor(random() * 5) - 1;
      samples.push({ guildId: G1, sampledAt: dayMs(day) + offset, members, online: 20 + Math.floor(random() * 50) });
    }
    if (index % 3 === 0)
      samples.push({ guildId: G2, sampledAt: dayMs(day) + 12 * 3_600_000, members: 40 + index, online: index % 7 });
  }
  for (const sample of samples) {
    const guild = guilds.find((g) => g.id === sample.guildId)!;
    applyGuildSnapshot(
      store,
      { id: guild.id, name: guild.name, memberCount: sample.members, presenceCount: sample.online },
      sample.sampledAt,
    );
  }

  const { voice, memberEvents } = addVoiceAndMembers(store, byKey);

  return {
    store,
    file: temp.file,
    dir: temp.dir,
    guilds,
    channels,
    messages,
    samples,
    voice,
    memberEvents,
    channel: (key) => {
      const found = byKey.get(key);
      if (!found) throw new Error(`no fixture channel ${key}`);
      return found;
    },
    cleanup: temp.cleanup,
  };
}

/**
 * Voice time in G1 from VOICE_FIRST_DAY (stage from its creation, the old voice channel until its deletion, the
 * excluded one too, which must count nowhere) and joins and leaves in G1, through the real write paths. Its own
 * generator, so the messages and samples above stay what they were.
 */
function addVoiceAndMembers(
  store: Store,
  byKey: ReadonlyMap<string, FixtureChannel>,
): { voice: FixtureVoice[]; memberEvents: FixtureMemberEvent[] } {
  const random = seeded(20240205);
  const voice: FixtureVoice[] = [];
  const rooms: [string, string, string][] = [
    ["voice", VOICE_FIRST_DAY, LAST_DAY],
    ["stage", "2024-02-12", LAST_DAY],
    ["oldVoice", VOICE_FIRST_DAY, "2024-02-12"],
    ["secretVoice", VOICE_FIRST_DAY, LAST_DAY],
  ];
  for (const [key, first, last] of rooms) {
    const channelId = byKey.get(key)!.id;
    for (const day of eachDay(first, last)) {
      // The first day of the voice channel has a person who joined and left within the same millisecond.
      if (key === "voice" && day === first) voice.push({ channelId, day, userId: "v1", bot: false, ms: 0 });
      for (let n = Math.floor(random() * 4); n > 0; n--) {
        const bot = random() < 0.2;
        const userId = bot ? "vb1" : `v${1 + Math.floor(random() * 9)}`;
        // Whole ms, not whole seconds: the seconds exported are exact to the ms.
        voice.push({ channelId, day, userId, bot, ms: 1 + Math.floor(random() * 3 * 3_600_000) });
      }
    }
  }
  // Past days one write per day, as checkpoints would; a person in two channels on a day counts once a day.
  for (const day of eachDay(VOICE_FIRST_DAY, LAST_DAY)) {
    const slices = voice.filter((v) => v.day === day);
    if (slices.length > 0) writeVoice(store, { slices, checkpoints: [], ended: [], started: [] });
  }

  const memberEvents: FixtureMemberEvent[] = [];
  for (const day of eachDay("2024-02-10", LAST_DAY)) {
    for (let n = Math.floor(random() * 4); n > 0; n--) {
      const roll = random();
      memberEvents.push({ guildId: G1, day, kind: roll < 0.65 ? "join" : "leave", bot: roll > 0.9 });
    }
  }
  for (const event of memberEvents) addMemberFlow(store, event);
  return { voice, memberEvents };
}

/** What /metrics serves for the voice and member-flow metrics, through the real registry code, on `today`. */
export async function readLiveVoiceSamples(
  store: Store,
  metric: string,
  exportChannelNames: boolean,
  today: string,
): Promise<LiveSample[]> {
  const registry = new Registry();
  registerVoiceMetrics(registry, createVoiceReader(store), {
    exportChannelNames,
    today: () => today,
    generation: store.generation,
    voice: true,
    memberEvents: true,
  });
  const metrics = await registry.getMetricsAsJSON();
  const found = metrics.find((m) => m.name === metric);
  return (found?.values ?? []).map((v) => ({
    labels: Object.fromEntries(Object.entries(v.labels).map(([k, value]) => [k, String(value)])),
    value: v.value,
  }));
}

export interface LiveSample {
  labels: Record<string, string>;
  value: number;
}

/** What /metrics serves for a metric right now, through the real registry code. */
export async function readLiveSamples(
  store: Store,
  metric: string,
  exportChannelNames: boolean,
): Promise<LiveSample[]> {
  const registry = new Registry();
  registerStoreMetrics(registry, createMetricsReader(store), store.generation, {
    exportChannelNames,
    legacyMetrics: false,
  });
  const metrics = await registry.getMetricsAsJSON();
  const found = metrics.find((m) => m.name === metric);
  return (found?.values ?? []).map((v) => ({
    labels: Object.fromEntries(Object.entries(v.labels).map(([k, value]) => [k, String(value)])),
    value: v.value,
  }));
}

/** A label set as one comparable string, labels sorted by name. */
export function labelKey(labels: Readonly<Record<string, string>>): string {
  return JSON.stringify(Object.entries(labels).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

export function groupSum<T>(
  items: readonly T[],
  key: (item: T) => string,
  value: (item: T) => number,
): Map<string, number> {
  const sums = new Map<string, number>();
  for (const item of items) sums.set(key(item), (sums.get(key(item)) ?? 0) + value(item));
  return sums;
}

export const mondayOf = (day: string): string => {
  const ms = dayMs(day);
  const weekday = new Date(ms).getUTCDay(); // 0 = Sunday
  return dayOf(ms - ((weekday + 6) % 7) * DAY_MS);
};

export const dayToMs = dayMs;
export const msToDay = dayOf;
